import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';

/**
 * The age v1 header (C2SP age spec): the version line, one stanza per
 * recipient, and the header MAC.
 *
 *   age-encryption.org/v1
 *   -> X25519 <base64 share>
 *   <base64 body, 64 columns, the last line shorter (possibly empty)>
 *   --- <base64 HMAC-SHA-256 of everything up to and including "---">
 *
 * Base64 is the standard alphabet without padding, and must be canonical.
 */

export const VERSION_LINE = 'age-encryption.org/v1';
/** A header larger than this is refused before it is held in memory (a few thousand recipients fit). */
export const MAX_HEADER_BYTES = 1024 * 1024;

export interface Stanza {
  type: string;
  args: string[];
  body: Buffer;
}

export class AgeError extends Error {
  constructor(
    readonly kind: 'header' | 'mac' | 'no-identity' | 'passphrase' | 'payload' | 'truncated',
    message: string,
  ) {
    super(message);
    this.name = 'AgeError';
  }
}

export function b64(bytes: Buffer): string {
  return bytes.toString('base64').replace(/=+$/, '');
}

/** Decodes unpadded canonical base64; throws on any other spelling (Node's decoder would accept it silently). */
export function unb64(text: string, what: string): Buffer {
  if (!/^[A-Za-z0-9+/]*$/.test(text) || text.length % 4 === 1) throw new AgeError('header', `${what}: not unpadded base64`);
  const bytes = Buffer.from(text, 'base64');
  if (b64(bytes) !== text) throw new AgeError('header', `${what}: non-canonical base64`);
  return bytes;
}

/** HKDF-SHA-256 to 32 bytes. */
export function hkdf32(ikm: Buffer, salt: Buffer, info: string): Buffer {
  return Buffer.from(hkdfSync('sha256', ikm, salt, info, 32));
}

function headerMac(fileKey: Buffer, upToDashes: string): Buffer {
  return createHmac('sha256', hkdf32(fileKey, Buffer.alloc(0), 'header'))
    .update(upToDashes, 'latin1')
    .digest();
}

function stanzaText(s: Stanza): string {
  const body = b64(s.body);
  const lines: string[] = [];
  for (let i = 0; i <= body.length; i += 64) lines.push(body.slice(i, i + 64));
  // A body whose base64 is a whole number of lines ends with an empty line (the loop adds it).
  return `-> ${[s.type, ...s.args].join(' ')}\n${lines.join('\n')}\n`;
}

/** The header's bytes, MAC included, for these stanzas and file key. */
export function writeHeader(stanzas: readonly Stanza[], fileKey: Buffer): Buffer {
  const upToDashes = `${VERSION_LINE}\n${stanzas.map(stanzaText).join('')}---`;
  return Buffer.from(`${upToDashes} ${b64(headerMac(fileKey, upToDashes))}\n`, 'latin1');
}

export interface ParsedHeader {
  stanzas: Stanza[];
  mac: Buffer;
  /** The text the MAC covers. */
  upToDashes: string;
}

const ARG = /^[\x21-\x7e]+$/;

/** Parses a complete header (its last line included); throws AgeError('header') naming the line. */
export function parseHeader(text: string): ParsedHeader {
  const lines = text.split('\n');
  if (lines[0] !== VERSION_LINE) throw new AgeError('header', `not an age file: the first line is not "${VERSION_LINE}"`);
  const stanzas: Stanza[] = [];
  let i = 1;
  while (i < lines.length && lines[i]!.startsWith('-> ')) {
    const [type, ...args] = lines[i]!.slice(3).split(' ');
    if (!type || ![type, ...args].every((a) => ARG.test(a))) throw new AgeError('header', `header line ${i + 1}: malformed stanza`);
    i++;
    const body: string[] = [];
    for (;;) {
      const line = lines[i];
      if (line === undefined) throw new AgeError('header', `header line ${i + 1}: stanza body cut short`);
      if (line.length > 64) throw new AgeError('header', `header line ${i + 1}: stanza body line longer than 64 columns`);
      body.push(line);
      i++;
      if (line.length < 64) break;
    }
    stanzas.push({ type, args, body: unb64(body.join(''), `header line ${i}`) });
  }
  const last = lines[i];
  if (last === undefined || !last.startsWith('--- ') || i !== lines.length - 2 || lines[i + 1] !== '') {
    throw new AgeError('header', `header line ${i + 1}: expected a stanza or the "---" MAC line`);
  }
  if (stanzas.length === 0) throw new AgeError('header', 'the header has no recipient stanza');
  const mac = unb64(last.slice(4), 'header MAC');
  if (mac.length !== 32) throw new AgeError('header', 'header MAC is not 32 bytes');
  const upToDashes = `${lines.slice(0, i).join('\n')}\n---`;
  return { stanzas, mac, upToDashes };
}

/** Checks the header MAC with the file key a stanza gave. */
export function checkHeaderMac(header: ParsedHeader, fileKey: Buffer): void {
  if (!timingSafeEqual(headerMac(fileKey, header.upToDashes), header.mac)) {
    throw new AgeError('mac', 'the age header MAC does not match: the header was changed');
  }
}
