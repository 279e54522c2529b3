import { randomBytes } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { AgeError, checkHeaderMac, hkdf32, MAX_HEADER_BYTES, parseHeader, writeHeader, type ParsedHeader, type Stanza } from './age-header';
import type { AgeIdentity } from './age-keys';
import { openScrypt, openX25519, scryptStanza, x25519Stanza } from './age-recipients';
import { ChunkOpener, ChunkSealer } from './age-stream';

export { AgeError } from './age-header';

/** Whom a file is encrypted to: age public keys, or one passphrase (age allows a scrypt stanza only alone). */
export type AgeRecipients = { recipients: Buffer[] } | { passphrase: string; workFactor?: number };
/** What may open a file. */
export type AgeKeys = { identities: AgeIdentity[] } | { passphrase: string };

const NONCE_BYTES = 16;

function payloadKey(fileKey: Buffer, nonce: Buffer): Buffer {
  return hkdf32(fileKey, nonce, 'payload');
}

/** What starts an age file (its header and payload nonce), and the sealer of its payload. */
export interface AgeSealing {
  head: Buffer;
  sealer: ChunkSealer;
}

/** A new file key wrapped for `to`: the header to write first and the sealer of what follows. */
export async function ageSealing(to: AgeRecipients): Promise<AgeSealing> {
  const fileKey = randomBytes(16);
  let stanzas: Stanza[];
  if ('recipients' in to) {
    if (to.recipients.length === 0) throw new Error('no recipient to encrypt to');
    stanzas = to.recipients.map((r) => x25519Stanza(r, fileKey));
  } else {
    stanzas = [await scryptStanza(to.passphrase, fileKey, to.workFactor)];
  }
  const nonce = randomBytes(NONCE_BYTES);
  return { head: Buffer.concat([writeHeader(stanzas, fileKey), nonce]), sealer: new ChunkSealer(payloadKey(fileKey, nonce)) };
}

/**
 * A stream that encrypts what is written to it as one age file (header, nonce,
 * STREAM payload). Memory stays at one chunk whatever the size.
 */
export async function ageEncryptor(to: AgeRecipients): Promise<Transform> {
  const { head, sealer } = await ageSealing(to);
  let started = false;
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      if (!started) {
        this.push(head);
        started = true;
      }
      sealer.push(chunk, (sealed) => this.push(sealed));
      done();
    },
    flush(done) {
      if (!started) this.push(head);
      for (const piece of sealer.finish()) this.push(piece);
      done();
    },
  });
}

async function fileKeyOf(header: ParsedHeader, keys: AgeKeys): Promise<Buffer> {
  const scrypt = header.stanzas.filter((s) => s.type === 'scrypt');
  if (scrypt.length > 0 && header.stanzas.length > 1) throw new AgeError('header', 'a scrypt stanza must be the only one in the header');
  if ('passphrase' in keys) {
    if (scrypt.length === 0) throw new AgeError('no-identity', 'this package is encrypted to age public keys, not a passphrase: give an identity');
    return openScrypt(scrypt[0]!, keys.passphrase);
  }
  if (scrypt.length > 0) throw new AgeError('no-identity', 'this package is encrypted with a passphrase, not to a public key: give the passphrase');
  for (const stanza of header.stanzas) {
    if (stanza.type !== 'X25519') continue;
    const fileKey = openX25519(stanza, keys.identities);
    if (fileKey) return fileKey;
  }
  throw new AgeError('no-identity', 'none of the given identities is a recipient of this package (wrong key)');
}

/** Where the header ends: just after the newline that ends the "---" line. */
function headerEnd(bytes: Buffer): number {
  // Base64 stanza bodies never hold '-': the first such line is the MAC line.
  const at = bytes.indexOf('\n--- ');
  if (at < 0) return -1;
  const nl = bytes.indexOf(0x0a, at + 1);
  return nl < 0 ? -1 : nl + 1;
}

/**
 * A stream that reads an age file and gives its plaintext. The header (and
 * its MAC) is checked before any plaintext comes out; a damaged chunk,
 * a wrong key or a cut-short file fails the stream with an AgeError.
 */
export function ageDecryptor(keys: AgeKeys): Transform {
  let head: Buffer[] = [];
  let headBytes = 0;
  let opener: ChunkOpener | null = null;
  const start = async (stream: Transform, all: Buffer): Promise<void> => {
    const end = headerEnd(all);
    if (end < 0) {
      if (all.length > MAX_HEADER_BYTES) throw new AgeError('header', 'no age header end within the first MiB');
      head = [all];
      return;
    }
    if (all.length < end + NONCE_BYTES) {
      head = [all];
      return;
    }
    const header = parseHeader(all.toString('latin1', 0, end));
    const fileKey = await fileKeyOf(header, keys);
    checkHeaderMac(header, fileKey);
    opener = new ChunkOpener(payloadKey(fileKey, all.subarray(end, end + NONCE_BYTES)));
    head = [];
    const rest = all.subarray(end + NONCE_BYTES);
    if (rest.length) opener.push(rest, (p) => stream.push(p));
  };
  return new Transform({
    transform(chunk: Buffer, _enc, done: TransformCallback) {
      try {
        if (opener) {
          opener.push(chunk, (p) => this.push(p));
          return done();
        }
        head.push(chunk);
        headBytes += chunk.length;
        start(this, Buffer.concat(head)).then(() => done(), done);
      } catch (err) {
        done(err as Error);
      }
    },
    flush(done) {
      try {
        if (!opener) throw new AgeError('truncated', headBytes === 0 ? 'the package is empty' : 'the package is cut short inside its age header');
        this.push(opener.finish());
        done();
      } catch (err) {
        done(err as Error);
      }
    },
  });
}
