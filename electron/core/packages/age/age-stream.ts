import { AgeError } from './age-header';
import { chacha } from './chacha';

/**
 * age's payload: STREAM (Hoang, Reyhanitabar, Rogaway, Vizár) over
 * ChaCha20-Poly1305 with 64 KiB plaintext chunks. Chunk i's nonce is i as an
 * 11-byte big-endian counter, then 0x01 for the last chunk and 0x00 before it;
 * so a stream cut at a chunk boundary, or chunks reordered, fail to open.
 * Only the last chunk may be short, and it is empty only if the payload is.
 */

export const CHUNK = 64 * 1024;
export const TAG = 16;
export const SEALED_CHUNK = CHUNK + TAG;

function nonce(counter: number, last: boolean): Buffer {
  const n = Buffer.alloc(12);
  // Counters beyond 2^48 chunks (16 EiB) are not reached; the upper bytes stay zero.
  n.writeUIntBE(counter, 5, 6);
  n[11] = last ? 1 : 0;
  return n;
}

export function sealChunk(key: Buffer, counter: number, last: boolean, plaintext: Buffer): [Buffer, Buffer] {
  return chacha.sealDetached(key, nonce(counter, last), plaintext);
}

/** The chunk's plaintext, or null when it does not authenticate as this chunk. */
function tryOpen(key: Buffer, counter: number, last: boolean, sealed: Buffer): Buffer | null {
  return chacha.open(key, nonce(counter, last), sealed);
}

/** Opens chunk `counter`; a failure says whether the stream was cut short there or damaged. */
export function openChunk(key: Buffer, counter: number, last: boolean, sealed: Buffer): Buffer {
  const plain = tryOpen(key, counter, last, sealed);
  if (plain) {
    if (last && plain.length === 0 && counter > 0) throw new AgeError('payload', 'the payload ends with an empty chunk after data');
    return plain;
  }
  const offset = `chunk ${counter} (payload bytes ${counter * CHUNK}–${counter * CHUNK + CHUNK})`;
  if (last && tryOpen(key, counter, false, sealed)) throw new AgeError('truncated', `the package is cut short after ${offset}`);
  throw new AgeError('payload', `the encrypted payload is damaged at ${offset}: it does not authenticate`);
}

/**
 * Seals plaintext in 64 KiB chunks, holding at most one: a chunk lying whole
 * in the bytes given is sealed where it lies (no copy) once a byte after it
 * shows it is not the last; the rest is gathered in the chunk buffer.
 */
export class ChunkSealer {
  private readonly chunk = Buffer.alloc(CHUNK);
  private filled = 0;
  private counter = 0;

  constructor(private readonly key: Buffer) {}

  /** Seals every chunk completed by these bytes; `out` gets the ciphertext and the tag of each. */
  push(data: Buffer, out: (sealed: Buffer) => void): void {
    let at = 0;
    while (at < data.length) {
      if (this.filled === CHUNK) {
        this.emit(this.chunk, out);
        this.filled = 0;
      }
      if (this.filled === 0 && data.length - at > CHUNK) {
        this.emit(data.subarray(at, at + CHUNK), out);
        at += CHUNK;
        continue;
      }
      const n = Math.min(CHUNK - this.filled, data.length - at);
      data.copy(this.chunk, this.filled, at, at + n);
      this.filled += n;
      at += n;
    }
  }

  private emit(plain: Buffer, out: (sealed: Buffer) => void): void {
    const [sealed, tag] = sealChunk(this.key, this.counter++, false, plain);
    out(sealed);
    out(tag);
  }

  /** The last chunk (ciphertext and tag). */
  finish(): Buffer[] {
    return sealChunk(this.key, this.counter++, true, this.chunk.subarray(0, this.filled));
  }
}

/**
 * Opens sealed chunks as they arrive, holding back one until the next byte (or
 * the end) says whether it is the last. Chunks lying whole in the bytes given
 * are opened where they lie; only one straddling two pieces is joined.
 */
export class ChunkOpener {
  private pending: Buffer = Buffer.alloc(0);
  private counter = 0;

  constructor(private readonly key: Buffer) {}

  push(data: Buffer, out: (plain: Buffer) => void): void {
    let all = data;
    if (this.pending.length) {
      // Complete the held-back bytes to one chunk (and one byte more, to know it is not the last).
      const need = SEALED_CHUNK + 1 - this.pending.length;
      if (data.length < need) {
        this.pending = Buffer.concat([this.pending, data]);
        return;
      }
      const first = Buffer.concat([this.pending, data.subarray(0, need - 1)]);
      out(openChunk(this.key, this.counter++, false, first));
      all = data.subarray(need - 1);
    }
    while (all.length > SEALED_CHUNK) {
      out(openChunk(this.key, this.counter++, false, all.subarray(0, SEALED_CHUNK)));
      all = all.subarray(SEALED_CHUNK);
    }
    this.pending = all;
  }

  finish(): Buffer {
    if (this.pending.length === 0) {
      throw new AgeError(
        'truncated',
        this.counter === 0 ? 'the package has no payload: it is cut short' : `the package is cut short after chunk ${this.counter - 1}`,
      );
    }
    return openChunk(this.key, this.counter++, true, this.pending);
  }
}
