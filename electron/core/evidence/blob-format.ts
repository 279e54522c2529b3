import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { KEY_BYTES, NONCE_BYTES, TAG_BYTES } from '../vault/aead';

/**
 * The format of an evidence blob: one file's bytes sealed in chunks, so a blob
 * of any size is written and read with memory flat.
 *
 *   header  "CBEVBLB1" | u32be chunk size
 *   chunks  nonce (12) | AES-256-GCM ciphertext (chunk size, the last one shorter) | tag (16)
 *
 * Each chunk's associated data binds the case, the item, the blob's name, the
 * chunk's number and whether it is the last: chunks cannot be reordered, moved
 * between blobs, items or cases, and a blob cut at a chunk boundary fails (its
 * new last chunk does not say so). The key is the item's own (random, kept in
 * its journal record, which the case key seals), so key rotation, which
 * re-seals the journal, leaves blobs as they are.
 */
export const BLOB_MAGIC = Buffer.from('CBEVBLB1', 'latin1');
export const BLOB_HEADER_BYTES = BLOB_MAGIC.length + 4;
export const CHUNK_BYTES = 1 << 20;
export const CHUNK_OVERHEAD = NONCE_BYTES + TAG_BYTES;

export interface BlobAddress {
  caseId: string;
  itemId: string;
  blob: string;
}

export function newBlobKey(): Buffer {
  return randomBytes(KEY_BYTES);
}

export function blobHeader(chunkBytes = CHUNK_BYTES): Buffer {
  const header = Buffer.alloc(BLOB_HEADER_BYTES);
  BLOB_MAGIC.copy(header);
  header.writeUInt32BE(chunkBytes, BLOB_MAGIC.length);
  return header;
}

/** The chunk size a header states, or null when it is not a blob header. */
export function readBlobHeader(header: Buffer): number | null {
  if (header.length < BLOB_HEADER_BYTES || !header.subarray(0, BLOB_MAGIC.length).equals(BLOB_MAGIC)) return null;
  const chunk = header.readUInt32BE(BLOB_MAGIC.length);
  return chunk >= 1024 && chunk <= 64 << 20 ? chunk : null;
}

function chunkAad(at: BlobAddress, index: number, last: boolean): Buffer {
  return Buffer.from(`casebook evidence blob\0${at.caseId}\0${at.itemId}\0${at.blob}\0${index}\0${last ? 'last' : 'more'}`, 'utf8');
}

/** Seals one chunk: the pieces to write in order (nonce, ciphertext, tag). */
export function sealChunk(key: Buffer, at: BlobAddress, index: number, last: boolean, plain: Uint8Array): Buffer[] {
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(chunkAad(at, index, last));
  const body = cipher.update(plain);
  cipher.final();
  return [nonce, body, cipher.getAuthTag()];
}

/** Opens one sealed chunk (nonce | ciphertext | tag); null when it fails authentication. */
export function openChunk(key: Buffer, at: BlobAddress, index: number, last: boolean, sealed: Buffer): Buffer | null {
  if (sealed.length < CHUNK_OVERHEAD) return null;
  const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, NONCE_BYTES));
  decipher.setAAD(chunkAad(at, index, last));
  decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
  try {
    const plain = decipher.update(sealed.subarray(NONCE_BYTES, sealed.length - TAG_BYTES));
    decipher.final();
    return plain;
  } catch {
    return null;
  }
}

/** How many chunks a blob of `size` plaintext bytes has (an empty one has one, empty and last). */
export function chunkCount(size: number, chunkBytes = CHUNK_BYTES): number {
  return Math.max(1, Math.ceil(size / chunkBytes));
}

/** The size on disk of a blob of `size` plaintext bytes. */
export function sealedSize(size: number, chunkBytes = CHUNK_BYTES): number {
  return BLOB_HEADER_BYTES + size + chunkCount(size, chunkBytes) * CHUNK_OVERHEAD;
}
