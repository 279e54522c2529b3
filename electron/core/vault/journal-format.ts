import { CasebookError } from '../../../shared/ipc/errors';
import { open as openSealed, seal, tagOf, SEAL_OVERHEAD, TAG_BYTES } from './aead';
import { parseJournalRecord, type JournalRecord } from '../cases/records/journal-record';

export type { JournalRecord };

/**
 * On-disk layout of a case journal (append-only):
 *
 *   file   = MAGIC record*
 *   record = u32be length | u32be ~length | sealed body (nonce | ciphertext | tag)
 *
 * The complemented length makes a damaged length field read as corruption,
 * never as a torn tail. Each body's associated data binds the case id, the
 * record's sequence number and the previous record's tag, so an edited,
 * reordered, spliced or foreign record fails authentication.
 */
export const MAGIC = Buffer.from('CBJRNL01', 'ascii');
export const HEADER_BYTES = 8;
/** Curated records are small; a bigger length can only be damage. */
export const MAX_BODY_BYTES = 64 * 1024 * 1024;
/**
 * The largest record content (its JSON) a writer may seal: the sealed body
 * then stays within MAX_BODY_BYTES, which the reader enforces. A writer that
 * wrote more would make the whole case unreadable from that record on.
 */
export const MAX_RECORD_BYTES = MAX_BODY_BYTES - SEAL_OVERHEAD;
const ZERO_TAG = Buffer.alloc(TAG_BYTES);

export interface ScannedRecord {
  record: JournalRecord;
  tag: Buffer;
  offset: number;
}

export interface ScanResult {
  records: ScannedRecord[];
  /** Bytes up to the end of the last good record. */
  goodLength: number;
  /** An incomplete record at the end: a write cut short by a crash. */
  tornTail: { offset: number; bytes: number } | null;
  /**
   * The first damaged record, if any; nothing after it is trusted. `invalid`: the
   * record authenticated but its content is not a record this code can read
   * (a payload that does not match its kind's schema, a newer format).
   * `refused`: the chain is whole but a check beside it refuses it (the vault
   * manifest's ROLLED BACK or REPLACED); the reason says it all.
   */
  corruption: { offset: number; seq: number; reason: string; invalid?: true; refused?: true } | null;
}

function associatedData(caseId: string, seq: number, prevTag: Buffer | null): Buffer {
  const seqBytes = Buffer.alloc(8);
  seqBytes.writeBigUInt64BE(BigInt(seq));
  return Buffer.concat([Buffer.from(`casebook/journal/v1\0${caseId}\0`, 'utf8'), seqBytes, prevTag ?? ZERO_TAG]);
}

const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;

/** A record the reader would refuse: nothing of it (or of the records written with it) reaches the disk. */
export class RecordTooLarge extends CasebookError {
  constructor(
    readonly caseId: string,
    readonly type: string,
    readonly bytes: number,
  ) {
    super(
      'invalid-input',
      `case ${caseId}: a "${type}" record of ${mib(bytes)} is over the journal's limit of ${mib(MAX_RECORD_BYTES)} per record; nothing was written`,
    );
    this.name = 'RecordTooLarge';
  }
}

/** A record's content as it is sealed, refused (before any byte is written) when the reader could not read it back. */
export function recordPlaintext(caseId: string, record: JournalRecord): Buffer {
  const json = JSON.stringify(record);
  // Every character is at least a byte: a string this long cannot fit, and is not copied to find out.
  const bytes = json.length > MAX_RECORD_BYTES ? json.length : Buffer.byteLength(json, 'utf8');
  if (bytes > MAX_RECORD_BYTES) throw new RecordTooLarge(caseId, record.type, bytes);
  return Buffer.from(json, 'utf8');
}

/** Seals a record's content (from recordPlaintext) as the record `seq`, chained to the record before. */
export function sealRecord(key: Buffer, caseId: string, seq: number, plaintext: Buffer, prevTag: Buffer | null): Buffer {
  const body = seal(key, plaintext, associatedData(caseId, seq, prevTag));
  const header = Buffer.alloc(HEADER_BYTES);
  header.writeUInt32BE(body.length, 0);
  header.writeUInt32BE(~body.length >>> 0, 4);
  return Buffer.concat([header, body]);
}

export function encodeRecord(key: Buffer, caseId: string, record: JournalRecord, prevTag: Buffer | null): Buffer {
  return sealRecord(key, caseId, record.seq, recordPlaintext(caseId, record), prevTag);
}

export { tagOf };

/** Reads and verifies a whole journal held in memory. Never throws on bad data: it reports it. */
export function scanJournal(key: Buffer, caseId: string, bytes: Buffer): ScanResult {
  const records: ScannedRecord[] = [];
  const result = (goodLength: number, tornTail: ScanResult['tornTail'], corruption: ScanResult['corruption']) => ({
    records,
    goodLength,
    tornTail,
    corruption,
  });

  if (bytes.length < MAGIC.length) {
    // The file is created with its magic and fsynced before a case exists; shorter is a torn creation.
    const prefixOk = MAGIC.subarray(0, bytes.length).equals(bytes);
    return prefixOk
      ? result(0, bytes.length ? { offset: 0, bytes: bytes.length } : null, null)
      : result(0, null, { offset: 0, seq: 0, reason: 'not a Casebook journal (bad file signature)' });
  }
  if (!bytes.subarray(0, MAGIC.length).equals(MAGIC)) {
    return result(0, null, { offset: 0, seq: 0, reason: 'not a Casebook journal (bad file signature)' });
  }

  let offset = MAGIC.length;
  let prevTag: Buffer | null = null;
  let seq = 1;
  while (offset < bytes.length) {
    const remaining = bytes.length - offset;
    if (remaining < HEADER_BYTES) return result(offset, { offset, bytes: remaining }, null);
    const length = bytes.readUInt32BE(offset);
    const check = bytes.readUInt32BE(offset + 4);
    if (~length >>> 0 !== check) {
      return result(offset, null, { offset, seq, reason: 'record header is damaged (length check failed)' });
    }
    if (length > MAX_BODY_BYTES || length <= TAG_BYTES) {
      return result(offset, null, { offset, seq, reason: `record length ${length} is impossible` });
    }
    if (remaining < HEADER_BYTES + length) return result(offset, { offset, bytes: remaining }, null);
    const body = bytes.subarray(offset + HEADER_BYTES, offset + HEADER_BYTES + length);
    const plain = openSealed(key, body, associatedData(caseId, seq, prevTag));
    if (!plain) {
      return result(offset, null, {
        offset,
        seq,
        reason: 'record failed authentication (edited, reordered, from another case, or damaged)',
      });
    }
    let json: unknown;
    try {
      json = JSON.parse(plain.toString('utf8'));
    } catch {
      return result(offset, null, { offset, seq, reason: 'record content is not valid JSON' });
    }
    // Authenticated, so written with the case key: what fails here is a writer's bug or another version's format.
    const parsed = parseJournalRecord(json);
    if ('problem' in parsed) return result(offset, null, { offset, seq, reason: parsed.problem, invalid: true });
    const { record } = parsed;
    if (record.seq !== seq) {
      return result(offset, null, { offset, seq, reason: `record says seq ${record.seq}, expected ${seq}` });
    }
    const tag = tagOf(body);
    records.push({ record, tag, offset });
    prevTag = tag;
    seq += 1;
    offset += HEADER_BYTES + length;
  }
  return result(offset, null, null);
}
