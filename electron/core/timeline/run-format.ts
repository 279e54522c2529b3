import { open as openSealed, sealParts } from '../vault/aead';
import { CasebookError } from '../../../shared/ipc/errors';
import type { AttributeSegment } from './attribute-segment';

/**
 * A run is a batch of events sorted by time, stored as two encrypted files:
 *   <name>.cols   time and the dictionary-encoded columns, loaded when the case opens
 *   <name>.text   messages and attributes, loaded on demand (search, pages)
 * Both are sealed with the case key; the associated data binds the case id and
 * the file name, and the journal's import record binds each file's tag, so a
 * run cannot be swapped, replaced or moved to another case unnoticed.
 *
 * Plaintext layout of both: u32 magic | u32 header length | JSON header | sections,
 * each section 8-byte aligned and listed in the header as [offset, length].
 */
const MAGIC = 0x43425452; // 'CBTR'

export const DICT_COLUMNS = ['source', 'host', 'user', 'desc', 'tags'] as const;
export type DictColumn = (typeof DICT_COLUMNS)[number];

export interface RunColumnsHeader {
  count: number;
  minTime: number;
  maxTime: number;
  /** Per column, the run's own dictionary (id → string; 'tags' holds JSON arrays). */
  dicts: Record<DictColumn, string[]>;
  sections: Record<string, [number, number]>;
}

export interface RunColumns {
  header: RunColumnsHeader;
  time: Float64Array;
  ids: Record<DictColumn, Uint32Array>;
}

export interface RunText {
  msgOffsets: Uint32Array;
  msgBytes: Buffer;
  attrOffsets: Uint32Array;
  attrBytes: Buffer;
  /** How the rows whose attributes are stored as segments of their CSV text read them; null when none is. */
  attrSegment: AttributeSegment | null;
}

const aad = (caseId: string, file: string) => Buffer.from(`casebook/timeline/v1\0${caseId}\0${file}`);

/** The plaintext as parts (header, then each section padded to 8 bytes), never joined in memory. */
function pack(header: object, sections: [string, ArrayBufferView][]): Buffer[] {
  const layout: Record<string, [number, number]> = {};
  let offset = 0;
  for (const [name, view] of sections) {
    layout[name] = [offset, view.byteLength];
    offset += Math.ceil(view.byteLength / 8) * 8;
  }
  const headerBytes = Buffer.from(JSON.stringify({ ...header, sections: layout }), 'utf8');
  const head = Buffer.alloc(Math.ceil((8 + headerBytes.length) / 8) * 8);
  head.writeUInt32LE(MAGIC, 0);
  head.writeUInt32LE(headerBytes.length, 4);
  headerBytes.copy(head, 8);
  const parts: Buffer[] = [head];
  for (const [, view] of sections) {
    parts.push(Buffer.from(view.buffer, view.byteOffset, view.byteLength));
    const pad = Math.ceil(view.byteLength / 8) * 8 - view.byteLength;
    if (pad) parts.push(Buffer.alloc(pad));
  }
  return parts;
}

function unpack<H>(plain: Buffer, file: string): { header: H & { sections: Record<string, [number, number]> }; body: Buffer } {
  if (plain.length < 8 || plain.readUInt32LE(0) !== MAGIC) throw new CasebookError('corrupt', `${file}: not a timeline run`);
  const headerLength = plain.readUInt32LE(4);
  const header = JSON.parse(plain.toString('utf8', 8, 8 + headerLength)) as H & { sections: Record<string, [number, number]> };
  const start = Math.ceil((8 + headerLength) / 8) * 8;
  return { header, body: plain.subarray(start) };
}

function section<T>(body: Buffer, layout: Record<string, [number, number]>, name: string, make: (b: ArrayBuffer, o: number, n: number) => T, width: number): T {
  const entry = layout[name];
  if (!entry) throw new CasebookError('corrupt', `timeline run: section ${name} missing`);
  const [offset, length] = entry;
  // Typed arrays need aligned offsets; the sections are 8-byte aligned inside an aligned copy.
  return make(body.buffer as ArrayBuffer, body.byteOffset + offset, length / width);
}

/** Sealed file contents as the pieces to write; the last piece is the GCM tag. */
export function encodeColumns(key: Buffer, caseId: string, file: string, cols: RunColumns): Buffer[] {
  const { sections: _ignored, ...header } = cols.header;
  const sections: [string, ArrayBufferView][] = [['time', cols.time], ...DICT_COLUMNS.map((c) => [c, cols.ids[c]] as [string, ArrayBufferView])];
  return sealParts(key, pack(header, sections), aad(caseId, file));
}

export function encodeText(key: Buffer, caseId: string, file: string, text: RunText): Buffer[] {
  return sealParts(
    key,
    pack(text.attrSegment ? { attrSegment: text.attrSegment } : {}, [
      ['msgOffsets', text.msgOffsets],
      ['msgBytes', text.msgBytes],
      ['attrOffsets', text.attrOffsets],
      ['attrBytes', text.attrBytes],
    ]),
    aad(caseId, file),
  );
}

/**
 * A run file sealed again under another key, same plaintext and associated
 * data (a key rotation); null when it does not open under `from`.
 */
export function resealRunFile(from: Buffer, to: Buffer, caseId: string, file: string, sealed: Buffer): Buffer | null {
  const plain = openSealed(from, sealed, aad(caseId, file));
  return plain ? Buffer.concat(sealParts(to, [plain], aad(caseId, file))) : null;
}

/**
 * Plaintext parts of another file of the case's timeline folder (an entity
 * page) sealed as a run's files are: the case key, the case id and file name
 * bound, so key rotation reseals it with resealRunFile.
 */
export function sealCaseFile(key: Buffer, caseId: string, file: string, parts: readonly Uint8Array[]): Buffer[] {
  return sealParts(key, parts, aad(caseId, file));
}

/** A file sealed by sealCaseFile, opened (8-byte aligned); throws corrupt when it fails authentication. */
export function openCaseFile(key: Buffer, caseId: string, file: string, sealed: Buffer): Buffer {
  return openFile(key, caseId, file, sealed);
}

function openFile(key: Buffer, caseId: string, file: string, sealed: Buffer): Buffer {
  const plain = openSealed(key, sealed, aad(caseId, file));
  if (!plain) throw new CasebookError('corrupt', `timeline file ${file} failed authentication (damaged, replaced or from another case)`);
  // Typed arrays need 8-byte aligned sections; copy only when the plaintext does not start aligned.
  if (plain.byteOffset % 8 === 0) return plain;
  const aligned = Buffer.from(new ArrayBuffer(plain.length));
  plain.copy(aligned);
  return aligned;
}

export function decodeColumns(key: Buffer, caseId: string, file: string, sealed: Buffer): RunColumns {
  const { header, body } = unpack<RunColumnsHeader>(openFile(key, caseId, file, sealed), file);
  const f64 = (b: ArrayBuffer, o: number, n: number) => new Float64Array(b, o, n);
  const u32 = (b: ArrayBuffer, o: number, n: number) => new Uint32Array(b, o, n);
  const ids = {} as Record<DictColumn, Uint32Array>;
  for (const c of DICT_COLUMNS) ids[c] = section(body, header.sections, c, u32, 4);
  return { header, time: section(body, header.sections, 'time', f64, 8), ids };
}

export function decodeText(key: Buffer, caseId: string, file: string, sealed: Buffer): RunText {
  const { header, body } = unpack<{ attrSegment?: AttributeSegment }>(openFile(key, caseId, file, sealed), file);
  const u32 = (b: ArrayBuffer, o: number, n: number) => new Uint32Array(b, o, n);
  const bytes = (b: ArrayBuffer, o: number, n: number) => Buffer.from(b, o, n);
  return {
    msgOffsets: section(body, header.sections, 'msgOffsets', u32, 4),
    msgBytes: section(body, header.sections, 'msgBytes', bytes, 1),
    attrOffsets: section(body, header.sections, 'attrOffsets', u32, 4),
    attrBytes: section(body, header.sections, 'attrBytes', bytes, 1),
    attrSegment: header.attrSegment ?? null,
  };
}
