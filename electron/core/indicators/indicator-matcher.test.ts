import { describe, expect, it } from 'vitest';
import { IndicatorMatcher, type MatchableIndicator } from './indicator-matcher';

/** The indicators' values found in the text, as the text wrote them. */
function find(indicators: MatchableIndicator[], text: string): string[] {
  const matcher = new IndicatorMatcher(indicators);
  const original = Buffer.from(text, 'utf8');
  const found: string[] = [];
  matcher.scan(original, 0, original.length, (i, s, e) => found.push(`${indicators[i]!.value} ← ${original.toString('utf8', s, e)}`));
  return found;
}

describe('indicator matching in text', () => {
  it('finds addresses as words, inside key=value, before a port and in JSON', () => {
    const ip: MatchableIndicator[] = [{ type: 'ipv4', value: '185.220.101.4' }];
    expect(find(ip, 'Connection to 185.220.101.4 refused')).toEqual(['185.220.101.4 ← 185.220.101.4']);
    expect(find(ip, 'dst=185.220.101.4:443')).toEqual(['185.220.101.4 ← 185.220.101.4']);
    expect(find(ip, '{"SourceIp":"185.220.101.4"}')).toEqual(['185.220.101.4 ← 185.220.101.4']);
    expect(find(ip, 'from 185.220.101.40 and 1185.220.101.4')).toEqual([]);
  });

  it('finds a domain and its subdomains, on a label boundary, in hosts, URLs and e-mail addresses', () => {
    const domain: MatchableIndicator[] = [{ type: 'domain', value: 'Evil.example' }];
    expect(find(domain, 'DNS query for cdn.EVIL.example.')).toEqual(['Evil.example ← cdn.EVIL.example']);
    expect(find(domain, 'GET https://login.evil.example/owa?x=1')).toEqual(['Evil.example ← login.evil.example']);
    expect(find(domain, 'mail from ceo@evil.example')).toEqual(['Evil.example ← evil.example']);
    expect(find(domain, 'notevil.example evil.example.com evil.examples')).toEqual([]);
  });

  it('finds URLs case-insensitively, with or without a trailing slash or query', () => {
    const url: MatchableIndicator[] = [{ type: 'url', value: 'http://evil.example/payload.ps1' }];
    expect(find(url, 'Invoke-WebRequest HTTP://EVIL.example/payload.ps1')).toEqual(['http://evil.example/payload.ps1 ← HTTP://EVIL.example/payload.ps1']);
    expect(find(url, '"http://evil.example/payload.ps1?id=7"')).toEqual(['http://evil.example/payload.ps1 ← http://evil.example/payload.ps1']);
    expect(find(url, 'http://evil.example/payload.ps12')).toEqual([]);
    expect(find([{ type: 'url', value: 'https://evil.example/' }], 'visit https://evil.example now')).toEqual(['https://evil.example/ ← https://evil.example']);
  });

  it('finds hashes in any case, alone or after an algorithm name', () => {
    const sha256 = 'E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855';
    const hashes: MatchableIndicator[] = [
      { type: 'sha256', value: sha256 },
      { type: 'md5', value: 'd41d8cd98f00b204e9800998ecf8427e' },
    ];
    expect(find(hashes, `Hashes: SHA256=${sha256.toLowerCase()},MD5=D41D8CD98F00B204E9800998ECF8427E`)).toHaveLength(2);
    expect(find(hashes, `${sha256}0`)).toEqual([]);
  });

  it('finds file names at the end of Windows and Unix paths, and e-mail addresses', () => {
    const indicators: MatchableIndicator[] = [
      { type: 'filename', value: 'mimikatz.exe' },
      { type: 'email', value: 'Billing@Evil.example' },
    ];
    expect(find(indicators, 'Image: C:\\Users\\bob\\AppData\\Local\\Temp\\MIMIKATZ.EXE')).toEqual(['mimikatz.exe ← MIMIKATZ.EXE']);
    expect(find(indicators, '{"path":"C:\\\\Temp\\\\mimikatz.exe"}')).toEqual(['mimikatz.exe ← mimikatz.exe']);
    expect(find(indicators, 'From: <billing@evil.example>')).toEqual(['Billing@Evil.example ← billing@evil.example']);
    expect(find(indicators, 'notmimikatz.exe mimikatz.exe.bak')).toEqual([]);
  });

  it('finds addresses within an IPv4 range', () => {
    const range: MatchableIndicator[] = [{ type: 'ipv4', value: '223.166.0.0/15' }];
    expect(find(range, 'from 223.167.5.9 and 223.166.0.1:80')).toEqual(['223.166.0.0/15 ← 223.167.5.9', '223.166.0.0/15 ← 223.166.0.1']);
    expect(find(range, 'from 223.168.0.1 and 223.166.0.256')).toEqual([]);
  });

  it('finds IPv6 addresses however they are written', () => {
    const v6: MatchableIndicator[] = [{ type: 'ipv6', value: '2001:DB8::1' }];
    expect(find(v6, 'from 2001:db8::1 port 22')).toHaveLength(1);
    expect(find(v6, 'from 2001:0db8:0000:0000:0000:0000:0000:0001')).toHaveLength(1);
    expect(find(v6, 'from [2001:db8:0:0:0:0:0:1]:443')).toHaveLength(1);
  });

  it('leaves out the types it does not look for', () => {
    const matcher = new IndicatorMatcher([
      { type: 'mutex', value: 'Global\\evil' },
      { type: 'other', value: 'anything' },
      { type: 'filename', value: 'my evil.exe' },
    ]);
    expect(matcher.matchable).toBe(0);
  });

  it('finds many indicators in one pass', () => {
    const indicators: MatchableIndicator[] = Array.from({ length: 10_000 }, (_, i) => ({ type: 'ipv4', value: `10.9.${i >> 8}.${i & 255}` }));
    indicators.push({ type: 'domain', value: 'c2.example' });
    const found = find(indicators, 'beacon 10.9.3.7 → 10.9.39.15 via x.c2.example and 10.9.40.1');
    expect(found).toEqual(['10.9.3.7 ← 10.9.3.7', '10.9.39.15 ← 10.9.39.15', 'c2.example ← x.c2.example']);
  });
});
