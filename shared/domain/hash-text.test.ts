import { describe, expect, it } from 'vitest';
import { parseHashText } from './hash-text';

const SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const SHA1 = 'da39a3ee5e6b4b0d3255bfef95601890afd80709';
const MD5 = 'd41d8cd98f00b204e9800998ecf8427e';

describe('parseHashText', () => {
  it('reads sha256sum, sha1sum and md5sum lines, text and binary mode, with the file name', () => {
    expect(parseHashText(`${SHA256}  disk.E01\n`)).toEqual({ sha256: SHA256, source: 'sha256sum', name: 'disk.E01' });
    expect(parseHashText(`${SHA1} *disk.E01\n${MD5}  disk.E01`)).toMatchObject({ sha1: SHA1, md5: MD5, name: 'disk.E01' });
    expect(parseHashText(`SHA256 (mem.raw) = ${SHA256.toUpperCase()}`)).toMatchObject({ sha256: SHA256, name: 'mem.raw' });
  });

  it("reads FTK Imager's verification text (computed and report hashes, verify results)", () => {
    const text = [
      'Created By AccessData® FTK® Imager 4.7.1.2',
      '[Computed Hashes]',
      ` MD5 checksum:    ${MD5}`,
      ` SHA1 checksum:   ${SHA1}`,
      '',
      'Image Verification Results:',
      `Computed hash: ${MD5}`,
      'Verify result: Match',
    ].join('\r\n');
    expect(parseHashText(text)).toEqual({ md5: MD5, sha1: SHA1, source: 'ftk-imager' });
  });

  it("reads ewfinfo's digest section", () => {
    const text = ['ewfinfo 20140608', '', 'Digest hash information', `\tMD5:\t\t\t${MD5}`, `\tSHA1:\t\t\t${SHA1}`, `\tSHA256:\t\t\t${SHA256}`].join('\n');
    expect(parseHashText(text)).toEqual({ md5: MD5, sha1: SHA1, sha256: SHA256, source: 'ewfinfo' });
  });

  it('takes a bare hash by its length', () => {
    expect(parseHashText(`  ${SHA1}  `)).toEqual({ sha1: SHA1, source: 'bare' });
  });

  it('refuses a malformed hash naming the line, two different hashes of one kind, and text with none', () => {
    expect(() => parseHashText(`ok\nMD5 checksum: 12345`)).toThrow(/line 2: "12345" is not a MD5/);
    expect(() => parseHashText(`${'a'.repeat(50)}  x`)).toThrow(/line 1: .* 50 hexadecimal digits/);
    expect(() => parseHashText(`${SHA256}  a\n${'0'.repeat(64)}  b`)).toThrow(/line 2: a second, different SHA256/);
    expect(() => parseHashText('nothing here')).toThrow(/no SHA-256, SHA-1 or MD5 found/);
  });
});
