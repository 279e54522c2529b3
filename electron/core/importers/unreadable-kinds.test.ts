import { describe, expect, it } from 'vitest';
import { chooseImporter } from './registry';
import type { Sample } from './types';

const sampleOf = (name: string, head: Buffer): Sample => ({ name, size: head.length + 4096, head, text: head.toString('utf8') });
const refusal = (name: string, head: Buffer): string => {
  try {
    chooseImporter(sampleOf(name, head));
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error(`${name} was accepted`);
};
const withZeros = (...parts: (string | number[])[]) =>
  Buffer.concat([...parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))), Buffer.alloc(64)]);

describe('files no importer reads are refused saying what they are and what to run first', () => {
  it.each([
    ['CHROME.EXE-1A2B3C4D.pf', withZeros('MAM\x04', [0x10, 0x20, 0, 0]), /Windows prefetch file .*run PECmd/],
    ['OLD.EXE-00000000.pf', withZeros([0x11, 0, 0, 0], 'SCCA'), /Windows prefetch file .*run PECmd/],
    ['$MFT', withZeros('FILE0', [3, 0]), /master file table .*run MFTECmd/],
    ['NTUSER.DAT', withZeros('regf', [1, 0, 0, 0]), /registry hive .*run RECmd/],
    ['capture.pcap', withZeros([0xd4, 0xc3, 0xb2, 0xa1, 2, 0, 4, 0]), /packet capture \(pcap\).*run Zeek/],
    ['capture.pcapng', withZeros([0x0a, 0x0d, 0x0d, 0x0a, 0x1c, 0, 0, 0]), /packet capture \(pcapng\).*run Zeek/],
    ['disk.E01', withZeros('EVF\x09\x0d\x0a\xff\x00'), /forensic disk image .*mount it or process it with a forensic tool first/],
    ['evil.lnk', withZeros('L\x00\x00\x00\x01\x14\x02\x00'), /Windows shortcut .*run LECmd/],
  ])('%s', (name, head, message) => {
    const text = refusal(name, head);
    expect(text.startsWith(`${name}: this is `)).toBe(true);
    expect(text).toMatch(message);
  });

  it('other binary files keep the NUL-byte refusal', () => {
    expect(refusal('image.bin', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 13]))).toBe(
      'image.bin: byte 4 is a NUL byte: a binary file, not a format Casebook imports',
    );
  });
});
