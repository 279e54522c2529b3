import { describe, expect, it } from 'vitest';
import { observe } from './stix-observables';
import type { StixObject } from './stix-bundle';

const objects: StixObject[] = [
  { type: 'directory', id: 'directory--1', path: 'C:\\Users\\Public' },
  {
    type: 'file',
    id: 'file--1',
    name: 'evil.exe',
    parent_directory_ref: 'directory--1',
    hashes: { MD5: '00112233445566778899aabbccddeeff', 'SHA-256': 'ab'.repeat(32) },
  },
  { type: 'ipv4-addr', id: 'ipv4-addr--1', value: '198.51.100.2' },
  { type: 'email-addr', id: 'email-addr--1', value: 'boss@example.com', display_name: 'The Boss' },
];
const byId = new Map(objects.map((o) => [o.id, o]));
const resolve = (ref: unknown) => (typeof ref === 'string' ? byId.get(ref) : undefined);
const seen = (object: Record<string, unknown>) => {
  const o = observe(object as StixObject, resolve)!;
  return { entities: o.entities.map((e) => [e.type, e.value]), values: o.values.map((v) => [v.type, v.value]) };
};

describe('STIX cyber-observables', () => {
  it('a file is a file entity at its full path plus a hash entity per hash; its name and hashes are observed values', () => {
    expect(seen(objects[1]!)).toEqual({
      entities: [
        ['file', 'C:\\Users\\Public\\evil.exe'],
        ['hash', '00112233445566778899aabbccddeeff'],
        ['hash', 'ab'.repeat(32)],
      ],
      values: [
        ['md5', '00112233445566778899aabbccddeeff'],
        ['sha256', 'ab'.repeat(32)],
        ['filename', 'evil.exe'],
      ],
    });
  });

  it('addresses, names and URLs', () => {
    expect(seen({ type: 'ipv6-addr', id: 'ipv6-addr--1', value: '2001:db8::5' })).toEqual({
      entities: [['ip', '2001:db8::5']],
      values: [['ipv6', '2001:db8::5']],
    });
    expect(seen({ type: 'ipv4-addr', id: 'ipv4-addr--2', value: '10.0.0.0/8' })).toEqual({
      entities: [['ip', '10.0.0.0/8']],
      values: [['ipv4', '10.0.0.0/8']],
    });
    expect(seen({ type: 'domain-name', id: 'domain-name--1', value: 'evil.example' })).toEqual({
      entities: [['domain', 'evil.example']],
      values: [['domain', 'evil.example']],
    });
    expect(seen({ type: 'url', id: 'url--1', value: 'https://evil.example/x' })).toEqual({
      entities: [['url', 'https://evil.example/x']],
      values: [['url', 'https://evil.example/x']],
    });
    expect(seen({ type: 'email-addr', id: 'email-addr--2', value: 'a@b.example' })).toEqual({
      entities: [['emailAddress', 'a@b.example']],
      values: [['email', 'a@b.example']],
    });
    expect(seen({ type: 'mac-addr', id: 'mac-addr--1', value: 'd2:fb:49:24:37:18' })).toEqual({
      entities: [['other', 'mac-addr:d2:fb:49:24:37:18']],
      values: [],
    });
  });

  it('processes, accounts, registry keys, mutexes, certificates, software and autonomous systems', () => {
    expect(seen({ type: 'process', id: 'process--1', pid: 1221, command_line: 'evil.exe -x', image_ref: 'file--1' })).toEqual({
      entities: [['process', 'evil.exe -x']],
      values: [],
    });
    expect(observe({ type: 'process', id: 'process--2', image_ref: 'file--1' } as StixObject, resolve)!.entities[0]).toMatchObject({
      value: 'evil.exe',
      attributes: { image: 'C:\\Users\\Public\\evil.exe' },
    });
    expect(seen({ type: 'user-account', id: 'user-account--1', user_id: '1001', account_login: 'jdoe' })).toEqual({ entities: [['user', 'jdoe']], values: [] });
    expect(
      seen({ type: 'windows-registry-key', id: 'windows-registry-key--1', key: 'HKEY_LOCAL_MACHINE\\System\\Foo', values: [{ name: 'Bar', data: '1' }] }),
    ).toEqual({
      entities: [['registryKey', 'HKEY_LOCAL_MACHINE\\System\\Foo']],
      values: [['registry', 'HKEY_LOCAL_MACHINE\\System\\Foo']],
    });
    expect(seen({ type: 'mutex', id: 'mutex--1', name: '__CLEANSWEEP__' })).toEqual({
      entities: [['other', 'mutex:__CLEANSWEEP__']],
      values: [['mutex', '__CLEANSWEEP__']],
    });
    expect(seen({ type: 'x509-certificate', id: 'x509-certificate--1', serial_number: '36:f7:d4:32' })).toEqual({
      entities: [['other', 'x509-certificate:36:f7:d4:32']],
      values: [],
    });
    expect(seen({ type: 'software', id: 'software--1', name: 'Word', vendor: 'Microsoft', version: '2002' })).toEqual({
      entities: [['other', 'software:Microsoft Word 2002']],
      values: [],
    });
    expect(seen({ type: 'autonomous-system', id: 'autonomous-system--1', number: 15139, name: 'Slime Industries' })).toEqual({
      entities: [['other', 'autonomous-system:AS15139']],
      values: [],
    });
  });

  it('connections and messages name their referenced ends', () => {
    expect(seen({ type: 'network-traffic', id: 'network-traffic--1', dst_ref: 'ipv4-addr--1', dst_port: 443, protocols: ['ipv4', 'tcp'] })).toEqual({
      entities: [['other', 'network-traffic:? → 198.51.100.2:443 (ipv4/tcp)']],
      values: [],
    });
    const message = observe(
      {
        type: 'email-message',
        id: 'email-message--1',
        is_multipart: false,
        subject: 'Invoice',
        from_ref: 'email-addr--1',
        to_refs: ['email-addr--1'],
      } as StixObject,
      resolve,
    )!;
    expect(message.entities[0]).toMatchObject({ type: 'mailMessage', value: 'Invoice', attributes: { from: 'boss@example.com', to: ['boss@example.com'] } });
  });

  it('types that are not observables are not handled here', () => {
    expect(observe({ type: 'malware', id: 'malware--1', name: 'x' } as StixObject, resolve)).toBeNull();
  });
});
