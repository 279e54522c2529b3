import { describe, expect, it } from 'vitest';
import { HASH_IN_TEXT, IPV4_IN_TEXT } from './event-entities';
import { ipv4At, ipv4Text, ipv4Value, scanWords, writeIpv4 } from './word-scan';

/** What scanWords reports for these messages, as text: ['ip', '10.0.0.1', event] and ['hash', hex, event]. */
function scan(messages: string[]): [string, string, number][] {
  const parts = messages.map((m) => Buffer.from(m, 'utf8'));
  const offsets = new Uint32Array(parts.length + 1);
  parts.forEach((p, i) => (offsets[i + 1] = offsets[i]! + p.length));
  const bytes = Buffer.concat(parts);
  const out: [string, string, number][] = [];
  scanWords(bytes, offsets, parts.length, {
    ip: (address, event) => out.push(['ip', ipv4Text(address), event]),
    hash: (start, end, event) => out.push(['hash', bytes.toString('latin1', start, end), event]),
  });
  return out;
}

/** The same found by the regexps, per message (their own reading of a line of latin1 text). */
function byRegexp(messages: string[]): [string, string, number][] {
  const out: [string, string, number][] = [];
  messages.forEach((m, event) => {
    const text = Buffer.from(m, 'utf8').toString('latin1');
    for (const match of text.matchAll(IPV4_IN_TEXT)) out.push(['ip', ipv4Text(ipv4Value(match[0])), event]);
    for (const match of text.matchAll(HASH_IN_TEXT)) out.push(['hash', match[0], event]);
  });
  // The scanner reports in text order, the regexps pattern by pattern.
  return out.sort((a, b) => a[2] - b[2] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

const sorted = (found: [string, string, number][]) => [...found].sort((a, b) => a[2] - b[2] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));

describe('scanWords', () => {
  it('finds IPv4 addresses bounded by non-word characters', () => {
    expect(scan(['Logon from 10.1.2.3 to 192.168.0.254:445', '(8.8.8.8)'])).toEqual([
      ['ip', '10.1.2.3', 0],
      ['ip', '192.168.0.254', 0],
      ['ip', '8.8.8.8', 1],
    ]);
  });

  it('refuses what the pattern refuses: octets over 255, three-digit octets not starting 1 or 2, letters or _ touching', () => {
    expect(scan(['256.1.1.1', '1.2.3.099', 'v1.2.3.4', '1.2.3.4a', '1.2.3.4_', '1.2.3', '1..2.3.4'])).toEqual([]);
  });

  it('goes on after an address: 1.2.3.4.5.6.7.8 holds two', () => {
    expect(scan(['1.2.3.4.5.6.7.8'])).toEqual([
      ['ip', '1.2.3.4', 0],
      ['ip', '5.6.7.8', 0],
    ]);
  });

  it('never joins text across two events', () => {
    expect(scan(['from 10.0.0', '.1 ok', 'a'.repeat(16), 'b'.repeat(16)])).toEqual([]);
  });

  it('finds MD5, SHA-1 and SHA-256 digests, and only as whole words', () => {
    const md5 = 'd41d8cd98f00b204e9800998ecf8427e';
    const sha1 = 'da39a3ee5e6b4b0d3255bfef95601890afd80709';
    const sha256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
    expect(scan([`MD5=${md5},SHA1=${sha1}`, sha256, `x${md5}`, `${md5}0`, `${md5}é`])).toEqual([
      ['hash', md5, 0],
      ['hash', sha1, 0],
      ['hash', sha256, 1],
      ['hash', md5, 4],
    ]);
  });

  it('agrees with IPV4_IN_TEXT and HASH_IN_TEXT on 5,000 random messages', () => {
    let seed = 7;
    const random = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed / 2 ** 32;
    };
    const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)]!;
    const octets = ['0', '7', '25', '99', '099', '199', '255', '256', '1000'];
    const pieces = ['.', '..', ' ', '_', 'a', 'g', 'é', ':', '/', '1', '25'];
    const messages: string[] = [];
    for (let i = 0; i < 5000; i++) {
      let m = '';
      const n = Math.floor(random() * 12);
      for (let k = 0; k < n; k++) {
        const r = random();
        // Near-addresses, near-digests and noise between them.
        if (r < 0.3) m += Array.from({ length: 3 + Math.floor(random() * 3) }, () => pick(octets)).join('.');
        else if (r < 0.4) m += Array.from({ length: pick([31, 32, 33, 40, 64, 65]) }, () => pick([...'0123456789abcdefABCDEF'])).join('');
        else m += pick(pieces);
      }
      messages.push(m);
    }
    const found = scan(messages);
    expect(found.length).toBeGreaterThan(100);
    expect(sorted(found)).toEqual(byRegexp(messages));
  });
});

describe('scanWords probing (it reads only every 7th and 32nd byte until one may start an address or digest)', () => {
  it('agrees with the regexps on 3,000 long log lines where addresses and digests sit among words, numbers and punctuation', () => {
    let seed = 11;
    const random = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed / 2 ** 32;
    };
    const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
    const hex = (n: number) => Array.from({ length: n }, () => pick([...'0123456789abcdefABCDEF'])).join('');
    const octet = () => pick(['0', '1', '9', '10', '99', '100', '199', '200', '249', '255', '256', '300', '01', '001', '1000']);
    const words = [
      () => Array.from({ length: 2 + Math.floor(random() * 4) }, octet).join('.'),
      () => hex(pick([16, 31, 32, 33, 39, 40, 41, 63, 64, 65])),
      () => String(Math.floor(random() * 1e9)),
      () => pick(['Logon', 'user40', 'WKS-034.corp.example', 'pid', 'from', 'to', 'é', 'x_y', 'v1', 'deadbeef']),
      () => pick([' ', ' ', ' ', '.', '..', ',', ':', '/', '_', '-', '"', '=', 'a', '\t']),
    ];
    const messages = Array.from({ length: 3000 }, () => {
      let m = '';
      const n = 5 + Math.floor(random() * 40);
      // Pieces joined with no space as often as with one, so letters and digits touch addresses and digests.
      for (let k = 0; k < n; k++) m += pick(words)() + (random() < 0.5 ? ' ' : '');
      return m;
    });
    const found = scan(messages);
    expect(found.filter((f) => f[0] === 'ip').length).toBeGreaterThan(300);
    expect(found.filter((f) => f[0] === 'hash').length).toBeGreaterThan(100);
    expect(sorted(found)).toEqual(byRegexp(messages));
  });

  it("finds an address or a digest that fills its whole event, at an event's very start or end", () => {
    const md5 = 'd41d8cd98f00b204e9800998ecf8427e';
    expect(scan(['0.0.0.0', md5, `1.2.3.4 ${'x'.repeat(40)} 5.6.7.8`, `${'y'.repeat(33)} ${md5}`])).toEqual([
      ['ip', '0.0.0.0', 0],
      ['hash', md5, 1],
      ['ip', '1.2.3.4', 2],
      ['ip', '5.6.7.8', 2],
      ['hash', md5, 3],
    ]);
  });
});

describe('ipv4Value', () => {
  it('reads dotted decimal and refuses anything else', () => {
    expect(ipv4Text(ipv4Value('10.0.0.1'))).toBe('10.0.0.1');
    expect(ipv4Value('255.255.255.255')).toBe(2 ** 32 - 1);
    for (const bad of ['', '1.2.3', '1.2.3.4.5', '1.2.3.256', '1.2.3.4 ', '1.2.3.0004', 'a.b.c.d', '1..2.3']) expect(ipv4Value(bad)).toBe(-1);
  });
});

describe('IPv4 text and bytes', () => {
  it('writeIpv4 writes the bytes of ipv4Text, and ipv4At reads any text as ipv4Value does', () => {
    let seed = 9;
    const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
    const addresses = [0, 0xffffffff, 0x0a000001, 0x7f000001, ...Array.from({ length: 2000 }, () => Math.floor(next() * 2 ** 32))];
    const bytes = Buffer.alloc(20);
    const wrong = addresses.filter((a) => bytes.toString('latin1', 0, writeIpv4(a, bytes, 0)) !== ipv4Text(a));
    expect(wrong).toEqual([]);
    const texts = ['10.0.0.1', '010.0.0.1', '256.0.0.1', '1.2.3', '1.2.3.4.5', '', '.1.2.3', '1..2.3', '1.2.3.4 ', ...addresses.map(ipv4Text)];
    const differ = texts.filter((t) => ipv4At(Buffer.from(t), 0, t.length) !== ipv4Value(t));
    expect(differ).toEqual([]);
  });
});
