/**
 * The tar framing of a plain file as tar-stream's pack writes it (the bytes are
 * the same, tar-header.test.ts): a POSIX ustar header (mode, uid and gid 0,
 * mtime in seconds, no owner names), a name over 100 bytes split at a '/' into
 * the prefix field, and a pax record ahead of it for a name that fits neither;
 * then the body, padded with zeros to 512 bytes, and two zero blocks at the end.
 * Written here so a package's bytes go straight from its lines to the cipher,
 * without a stream per file.
 */

export const BLOCK = 512;
export const END_OF_TAR = Buffer.alloc(2 * BLOCK);

const ZEROS = '0000000000000000000';
const SEVENS = '7777777777777777777';

function octal(value: number, width: number): string {
  const text = value.toString(8);
  return text.length > width ? `${SEVENS.slice(0, width)} ` : `${ZEROS.slice(0, width - text.length)}${text} `;
}

function writeSize(value: number, buf: Buffer, at: number): void {
  if (value.toString(8).length <= 11) {
    buf.write(octal(value, 11), at, 'latin1');
    return;
  }
  // Base-256, as GNU tar and tar-stream write sizes of 8 GiB and over.
  buf[at] = 0x80;
  for (let i = 11, v = value; i > 0; i--, v = Math.floor(v / 0x100)) buf[at + i] = v & 0xff;
}

function checksum(block: Buffer): number {
  let sum = 8 * 32;
  for (let i = 0; i < 148; i++) sum += block[i]!;
  for (let i = 156; i < BLOCK; i++) sum += block[i]!;
  return sum;
}

/** The name and prefix fields of a ustar header, or null when the name fits neither (it then goes in a pax record). */
function splitName(full: string): { name: string; prefix: string } | null {
  if (Buffer.byteLength(full) !== full.length) return null;
  let name = full;
  let prefix = '';
  while (name.length > 100) {
    const i = name.indexOf('/');
    if (i === -1) return null;
    prefix += prefix ? `/${name.slice(0, i)}` : name.slice(0, i);
    name = name.slice(i + 1);
  }
  return prefix.length > 155 ? null : { name, prefix };
}

function ustar(name: string, prefix: string, size: number, mode: number, mtime: Date, typeflag: number): Buffer {
  const block = Buffer.alloc(BLOCK);
  block.write(name, 0);
  block.write(octal(mode & 0o7777, 6), 100, 'latin1');
  block.write(octal(0, 6), 108, 'latin1');
  block.write(octal(0, 6), 116, 'latin1');
  writeSize(size, block, 124);
  writeSize(Math.floor(mtime.getTime() / 1000) || 0, block, 136);
  block[156] = typeflag;
  block.write('ustar\u000000', 257, 'latin1');
  block.write(octal(0, 6), 329, 'latin1');
  block.write(octal(0, 6), 337, 'latin1');
  if (prefix) block.write(prefix, 345);
  block.write(octal(checksum(block), 6), 148, 'latin1');
  return block;
}

/** A pax record: its length in decimal (counting itself), then ` key=value\n`. */
function paxRecord(text: string): string {
  const len = Buffer.byteLength(text);
  let digits = Math.floor(Math.log10(len)) + 1;
  if (len + digits >= 10 ** digits) digits++;
  return `${len + digits}${text}`;
}

const FILE = 0x30;
const PAX = 0x78;

/** The zeros that pad `size` bytes to a whole block. */
export function padding(size: number): Buffer {
  const rest = size % BLOCK;
  return rest ? END_OF_TAR.subarray(0, BLOCK - rest) : END_OF_TAR.subarray(0, 0);
}

/** What goes before a file's body: its header (after a pax header and record when its name needs one). */
export function fileHeader(name: string, size: number, mode: number, mtime: Date): Buffer {
  const fields = splitName(name);
  if (fields) return ustar(fields.name, fields.prefix, size, mode, mtime, FILE);
  const pax = Buffer.from(paxRecord(` path=${name}\n`));
  return Buffer.concat([ustar('PaxHeader', '', pax.length, mode, mtime, PAX), pax, padding(pax.length), ustar('PaxHeader', '', size, mode, mtime, FILE)]);
}
