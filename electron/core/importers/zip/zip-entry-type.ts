import type yauzl from 'yauzl';

// One entry of an archive's central directory (zip-directory.ts reads them): a type of its own,
// so the limits that judge entries (zip-limits.ts) need not import the reader that uses them.

export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflate; anything else is refused when read. */
  method: number;
  crc32: number;
  compressedSize: number;
  size: number;
  localHeaderOffset: number;
  /** Where the next entry's local header (or the central directory) begins: this entry's data must end by then. */
  spanEnd: number;
  encrypted: boolean;
  isDirectory: boolean;
  /** yauzl's entry and the archive it belongs to, for reading its data. */
  source: { zip: yauzl.ZipFile; entry: yauzl.Entry };
}
