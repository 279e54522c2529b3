import { describe, expect, it } from 'vitest';
import { observablesOf } from './misp-attribute-types';
import { severityOf, flag, epochField } from './misp-fields';
import { kindOfGalaxy } from './misp-galaxies';

const parts = (type: string, value: string) => observablesOf(type, value)?.map((o) => [o.part, o.value, o.indicator, o.entity?.type ?? null]);

describe('MISP attribute types', () => {
  it('addresses are typed by what they hold, IPv4 or IPv6', () => {
    expect(parts('ip-dst', '185.216.35.26')).toEqual([['ip-dst', '185.216.35.26', 'ipv4', 'ip']]);
    expect(parts('ip-src', '2001:db8::2')).toEqual([['ip-src', '2001:db8::2', 'ipv6', 'ip']]);
  });

  it('composite types split on "|" into both halves', () => {
    expect(parts('ip-dst|port', '203.0.113.4|8443')).toEqual([
      ['ip-dst', '203.0.113.4', 'ipv4', 'ip'],
      ['port', '8443', null, null],
    ]);
    expect(parts('domain|ip', 'circl.lu|149.13.33.14')).toEqual([
      ['domain', 'circl.lu', 'domain', 'domain'],
      ['ip-dst', '149.13.33.14', 'ipv4', 'ip'],
    ]);
    expect(parts('filename|sha256', 'a.exe|' + 'ab'.repeat(32))).toEqual([
      ['filename', 'a.exe', 'filename', 'file'],
      ['sha256', 'ab'.repeat(32), 'sha256', 'hash'],
    ]);
    expect(parts('malware-sample', 'b.exe|0749bae92ca336a02c83d126e04ec628')).toEqual([
      ['filename', 'b.exe', 'filename', 'file'],
      ['md5', '0749bae92ca336a02c83d126e04ec628', 'md5', 'hash'],
    ]);
    // A registry value may itself hold '|': only the first one splits.
    expect(parts('regkey|value', 'HKLM\\Run|a|b')).toEqual([
      ['regkey', 'HKLM\\Run', 'registry', 'registryKey'],
      ['value', 'a|b', null, null],
    ]);
  });

  it('names, mail, mutexes, user agents, AS numbers and vulnerabilities', () => {
    expect(parts('hostname', 'www.example.org')).toEqual([['hostname', 'www.example.org', 'domain', 'domain']]);
    expect(parts('email-src', 'donald.duck@disney.com')).toEqual([['email-src', 'donald.duck@disney.com', 'email', 'emailAddress']]);
    expect(parts('mutex', 'Global\\x')).toEqual([['mutex', 'Global\\x', 'mutex', 'other']]);
    expect(parts('user-agent', 'curl/8.0')).toEqual([['user-agent', 'curl/8.0', 'user-agent', 'other']]);
    expect(parts('AS', '174')).toEqual([['AS', 'AS174', 'other', 'other']]);
    expect(parts('AS', 'as174')).toEqual([['AS', 'AS174', 'other', 'other']]);
    expect(parts('vulnerability', 'CVE-2017-11882')).toEqual([['vulnerability', 'CVE-2017-11882', 'other', 'other']]);
    expect(parts('sha512', 'ff')).toEqual([['sha512', 'ff', 'sha512', 'hash']]);
    expect(parts('ssdeep', '3:a:b')).toEqual([['ssdeep', '3:a:b', 'other', 'hash']]);
  });

  it('descriptions, links and data are not observables', () => {
    for (const type of ['text', 'comment', 'link', 'attachment', 'datetime', 'size-in-bytes', 'float', 'mime-type'])
      expect(observablesOf(type, 'x')).toBeNull();
    expect(observablesOf('domain', '   ')).toBeNull();
  });
});

describe('MISP field encodings', () => {
  it('threat_level_id as numeric strings, numbers or names, in any casing', () => {
    expect(['1', 1, 'High', 'HIGH'].map((v) => severityOf(v).severity)).toEqual(['high', 'high', 'high', 'high']);
    expect(['2', 3, '4', 'undefined'].map((v) => severityOf(v).severity)).toEqual(['medium', 'low', 'informational', 'informational']);
    expect(severityOf('9')).toEqual({ severity: null, known: false });
    expect(severityOf(undefined)).toEqual({ severity: null, known: true });
  });

  it('to_ids as booleans, "1"/"0" or numbers; "0" timestamps mean unset', () => {
    expect([true, '1', 1, 'true'].map(flag)).toEqual([true, true, true, true]);
    expect([false, '0', 0, undefined, ''].map(flag)).toEqual([false, false, false, false, false]);
    expect([epochField('0'), epochField(0), epochField(''), epochField('1472540684')]).toEqual([undefined, undefined, undefined, '1472540684']);
  });

  it('galaxy types map to the kinds the STIX importer uses', () => {
    expect(kindOfGalaxy('mitre-attack-pattern')).toBe('attack-pattern');
    expect(kindOfGalaxy('mitre-enterprise-attack-attack-pattern')).toBe('attack-pattern');
    expect(kindOfGalaxy('mitre-enterprise-attack-malware')).toBe('malware');
    expect(kindOfGalaxy('mitre-intrusion-set')).toBe('intrusion-set');
    expect(kindOfGalaxy('mitre-course-of-action')).toBe('course-of-action');
    expect(kindOfGalaxy('ransomware')).toBe('ransomware');
  });
});
