import zlib from 'node:zlib';

/**
 * CRC-32 (IEEE 802.3, the one ZIP and EVTX use), continued across chunks so
 * that an entry's checksum is checked while it streams. Node's zlib computes
 * it natively (Node 20.15 and later; Electron's Node is newer).
 */
export function crc32(bytes: Uint8Array, crc = 0): number {
  return zlib.crc32(bytes, crc);
}
