import { describe, expect, it } from 'vitest';
import { parsePattern } from './pattern-parser';
import { iocsOfPattern } from './pattern-iocs';

const iocs = (pattern: string) => iocsOfPattern(parsePattern(pattern)).map(({ type, value }) => [type, value]);

describe('IOCs named by a STIX pattern', () => {
  it('a pattern with OR of two hashes gives two indicators, typed by algorithm', () => {
    expect(
      iocs(
        "[file:hashes.'SHA-256' = 'ef537f25c895bfa782526529a9b63d97aa631564d5d789c2b765448c8635fb6c' OR file:hashes.MD5 = '001dd76872d80801692ff942308c64e6']",
      ),
    ).toEqual([
      ['sha256', 'ef537f25c895bfa782526529a9b63d97aa631564d5d789c2b765448c8635fb6c'],
      ['md5', '001dd76872d80801692ff942308c64e6'],
    ]);
    expect(iocs("[file:hashes.'SHA-1' = 'aa' AND file:hashes.sha512 = 'bb' AND file:hashes.SSDEEP = 'cc']")).toEqual([
      ['sha1', 'aa'],
      ['sha512', 'bb'],
      ['other', 'cc'],
    ]);
  });

  it('addresses: IPv4 with CIDR, IPv6, and ISSUBSET ranges', () => {
    expect(iocs("[ipv4-addr:value = '223.166.0.0/15']")).toEqual([['ipv4', '223.166.0.0/15']]);
    expect(iocs("[ipv6-addr:value = '2001:db8::1']")).toEqual([['ipv6', '2001:db8::1']]);
    expect(iocs("[ipv4-addr:value ISSUBSET '198.51.100.0/24']")).toEqual([['ipv4', '198.51.100.0/24']]);
  });

  it('network names, mail, files, registry, mutexes and user agents', () => {
    expect(
      iocs(
        "[domain-name:value = 'evil.example' OR url:value = 'http://evil.example/a' OR email-addr:value = 'a@evil.example' " +
          "OR email-message:from_ref.value = 'b@evil.example' OR file:name = 'dropper.exe' OR windows-registry-key:key = 'HKEY_LOCAL_MACHINE\\\\Software\\\\Run' " +
          "OR mutex:name = 'Global\\\\m1' OR network-traffic:extensions.'http-request-ext'.request_header.'User-Agent' = 'Evil/1.0']",
      ),
    ).toEqual([
      ['domain', 'evil.example'],
      ['url', 'http://evil.example/a'],
      ['email', 'a@evil.example'],
      ['email', 'b@evil.example'],
      ['filename', 'dropper.exe'],
      ['registry', 'HKEY_LOCAL_MACHINE\\Software\\Run'],
      ['mutex', 'Global\\m1'],
      ['user-agent', 'Evil/1.0'],
    ]);
  });

  it("types a reference's value by what it holds (network-traffic:dst_ref.value, resolves_to_refs)", () => {
    expect(iocs("[network-traffic:dst_ref.value = '203.0.113.5' AND network-traffic:dst_port = 443]")).toEqual([
      ['ipv4', '203.0.113.5'],
      ['other', '443'],
    ]);
    expect(iocs("[domain-name:value = 'circl.lu' AND domain-name:resolves_to_refs[*].value = '149.13.33.14']")).toEqual([
      ['domain', 'circl.lu'],
      ['ipv4', '149.13.33.14'],
    ]);
  });

  it('IN lists give one IOC per value; the same value twice is one IOC', () => {
    expect(iocs("[ipv4-addr:value IN ('10.0.0.1', '10.0.0.2')] OR [ipv4-addr:value = '10.0.0.1']")).toEqual([
      ['ipv4', '10.0.0.1'],
      ['ipv4', '10.0.0.2'],
    ]);
  });

  it("regular expressions and LIKE patterns are kept as 'other'; negations, orderings and EXISTS name no IOC", () => {
    expect(iocsOfPattern(parsePattern("[email-message:body_multipart[*].body_raw_ref.name MATCHES '^Final Report.+\\\\.exe$']"))).toEqual([
      { type: 'other', value: '^Final Report.+\\.exe$', path: 'email-message:body_multipart[*].body_raw_ref.name', operator: 'MATCHES' },
    ]);
    expect(iocs("[file:name NOT = 'a.exe' AND file:size > 100 AND file:name != 'b.exe' AND EXISTS file:hashes.MD5]")).toEqual([]);
  });

  it('attachments: the hash or name of an e-mail attachment is a hash or file name IOC', () => {
    expect(
      iocs(
        "[email-message:body_multipart[*].body_raw_ref.hashes.'SHA-256' = 'abc' AND email-message:body_multipart[*].body_raw_ref.name = 'Final Report.exe']",
      ),
    ).toEqual([
      ['sha256', 'abc'],
      ['filename', 'Final Report.exe'],
    ]);
  });
});
