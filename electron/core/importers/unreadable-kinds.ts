/**
 * Files responders are handed that no importer reads, recognised by their
 * magic bytes so that the refusal says what the file is and what to run on
 * it first, instead of "a binary file". Checked only once every importer has
 * declined the file: it costs nothing on the import path.
 */

interface UnreadableKind {
  /** Whether the first bytes are this kind of file. */
  test(head: Buffer): boolean;
  what: string;
  advice: string;
}

const ascii = (head: Buffer, at: number, text: string): boolean => head.length >= at + text.length && head.toString('latin1', at, at + text.length) === text;
const u32 = (head: Buffer, ...values: number[]): boolean => head.length >= 4 && values.includes(head.readUInt32BE(0));

const KINDS: UnreadableKind[] = [
  {
    // Windows 10+ prefetch is Xpress-Huffman compressed behind "MAM\x04"; older ones start with a version then "SCCA".
    test: (h) => ascii(h, 0, 'MAM\x04') || ascii(h, 4, 'SCCA'),
    what: 'a Windows prefetch file (.pf)',
    advice: 'run PECmd (Eric Zimmerman) on it and import its CSV output',
  },
  {
    test: (h) => ascii(h, 0, 'FILE0') || ascii(h, 0, 'FILE*'),
    what: 'an NTFS master file table ($MFT, "FILE0" records)',
    advice: 'run MFTECmd (Eric Zimmerman) on it and import its CSV output',
  },
  {
    test: (h) => ascii(h, 0, 'regf'),
    what: 'a raw Windows registry hive ("regf")',
    advice: 'run RECmd (Eric Zimmerman) or AmcacheParser/AppCompatCacheParser on it and import their CSV output',
  },
  {
    test: (h) => u32(h, 0xd4c3b2a1, 0xa1b2c3d4, 0xa1b23c4d, 0x4d3cb2a1),
    what: 'a packet capture (pcap)',
    advice: 'run Zeek (or Suricata) on it and import the logs it writes',
  },
  {
    test: (h) => u32(h, 0x0a0d0d0a),
    what: 'a packet capture (pcapng)',
    advice: 'run Zeek (or Suricata) on it and import the logs it writes',
  },
  {
    test: (h) => ascii(h, 0, 'EVF\x09\x0d\x0a\xff\x00') || ascii(h, 0, 'EVF2\x0d\x0a\x81\x00') || ascii(h, 0, 'LVF\x09\x0d\x0a\xff\x00'),
    what: 'a forensic disk image (EWF: E01/Ex01/L01)',
    advice: 'mount it or process it with a forensic tool first (KAPE, Plaso, Autopsy), and import what that tool writes',
  },
  {
    test: (h) => ascii(h, 0, 'L\x00\x00\x00\x01\x14\x02\x00'),
    what: 'a Windows shortcut (.lnk)',
    advice: 'run LECmd (Eric Zimmerman) on it and import its CSV output',
  },
  {
    test: (h) => u32(h, 0xd0cf11e0),
    what: 'an OLE compound file (a jump list, an Office document…)',
    advice: 'for jump lists run JLECmd (Eric Zimmerman) and import its CSV output',
  },
];

/** "<file>: <what it is>, which Casebook does not read: <what to do>", or null when the bytes are none of these kinds. */
export function unreadableFileMessage(name: string, head: Buffer): string | null {
  const kind = KINDS.find((k) => k.test(head));
  return kind ? `${name}: this is ${kind.what}, which Casebook does not read directly: ${kind.advice}` : null;
}
