import { describe, expect, it } from 'vitest';
import { scanIpv6 } from './ipv6-scan';

const found = (text: string) => {
  const out: string[] = [];
  scanIpv6(text, (s, e) => out.push(text.slice(s, e)));
  return out;
};

describe('IPv6 addresses in text', () => {
  it('finds compressed addresses, mapped IPv4 ones and addresses in brackets or JSON', () => {
    expect(found('from fe80::1c2b:3d4e:5f60:7a8b%12 to 2001:db8::8a2e:370:7334.')).toEqual(['fe80::1c2b:3d4e:5f60:7a8b', '2001:db8::8a2e:370:7334']);
    expect(found('{"SourceAddress":"::ffff:10.1.2.3","x":"[2001:db8::1]:443"}')).toEqual(['::ffff:10.1.2.3', '2001:db8::1']);
  });

  it('does not take code, times, MAC addresses or words for addresses', () => {
    expect(found('std::string and [System.Text.Encoding]::UTF8 and Foo::Bad at 10:56:18.799 from 00:1a:2b:3c:4d:5e')).toEqual([]);
  });

  it('is linear on long runs of colons and hex digits', () => {
    const started = performance.now();
    expect(found(':'.repeat(1_000_000))).toEqual([]);
    expect(found('a::'.repeat(300_000))).toEqual([]);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
