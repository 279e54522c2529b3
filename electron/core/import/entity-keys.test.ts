import { describe, expect, it } from 'vitest';
import { canonicalIp, isIP, normalizeEntityKey } from './entity-keys';

describe('IP addresses as entity keys', () => {
  it('tells IPv4 and IPv6 addresses from text that only looks like one', () => {
    expect(['10.0.0.1', '255.255.255.255', '010.1.1.1'].map(isIP)).toEqual([4, 4, 4]);
    expect(['::', '::1', '2001:db8::1', '1:2:3:4:5:6:7:8', '::ffff:10.0.0.1', '64:ff9b::192.0.2.1'].map(isIP)).toEqual([6, 6, 6, 6, 6, 6]);
    const notAddresses = [
      '1:::2',
      '1::2::3',
      '1:2:3:4:5:6:7:8:9',
      '1:2:3:4:5:6:7',
      '12345::1',
      'g::1',
      ':1:2',
      '256.1.1.1',
      '1.2.3',
      'fe80::1%eth0',
      'dead:beef',
      '',
    ];
    expect(notAddresses.map((v) => [v, isIP(v)])).toEqual(notAddresses.map((v) => [v, 0]));
  });

  it('keys an address in its canonical form: RFC 5952 for IPv6, the IPv4 inside a mapped address', () => {
    expect(canonicalIp('2001:DB8:0:0:0:0:0:1')).toBe('2001:db8::1');
    expect(canonicalIp('2001:db8:0:0:1:0:0:1')).toBe('2001:db8::1:0:0:1');
    expect(canonicalIp('[fe80::0001]')).toBe('fe80::1');
    expect(canonicalIp('::FFFF:10.0.0.1')).toBe('10.0.0.1');
    expect(canonicalIp('010.001.1.1')).toBe('10.1.1.1');
    expect(normalizeEntityKey('ip', ' 2001:0db8::0:1 ')).toBe('2001:db8::1');
  });

  it('leaves a value that is not an address as it was written (lower case), never shortened into another address', () => {
    // "1:::2" once passed as IPv6 and became the entity 1::2, an address nobody wrote.
    expect(canonicalIp('1:::2')).toBe('1:::2');
    expect(canonicalIp('1::2::3')).toBe('1::2::3');
    expect(canonicalIp('Not-An-IP')).toBe('not-an-ip');
  });
});
