import type { TimelineEvent } from '../../../../shared/domain/timeline';
import type { ImportContext, Importer, Sample } from '../types';
import { ImportProblem } from '../problems';
import { ChannelNames } from '../security-datasets/channels';
import { ChunkBytes, EvtxError } from './evtx-error';
import { CHUNK_SIZE, chunkKind, chunkRecords, FILE_MAGIC, readChunkHeader, readFileHeader, strandedRecords, type EventRecord } from './evtx-file';
import { eventFields, type EventFields } from './event-fields';
import { account, eventMessage, type Fields } from './messages';
import { filetimeText, filetimeUs } from './values';

/**
 * Windows event logs (.evtx) read directly: every chunk slot of the file,
 * every record of every chunk, each record's BinXml rendered to its System
 * header and EventData/UserData fields (evtx-file.ts, binxml.ts). A damaged
 * chunk or record is an invalid record at its byte offset (the import goes
 * on with the rest when invalid records are skipped); stale or lying headers
 * are warnings.
 */

/** Event ids where the account acted on (Target…) is who the event is about, not the one reporting it. */
const TARGET_FIRST = new Set([
  '4624',
  '4625',
  '4634',
  '4647',
  '4648',
  '4672',
  '4720',
  '4722',
  '4723',
  '4724',
  '4725',
  '4726',
  '4738',
  '4740',
  '4767',
  '4768',
  '4769',
  '4771',
  '4776',
]);
const PREVIEW_COLUMNS = 100;
const SLOTS_PER_READ = 16;
/** A record has at least 28 bytes: a chunk header claiming more records than that is damaged. */
const MOST_RECORDS = BigInt(Math.floor(CHUNK_SIZE / 28));

/** "2016-07-08T18:12:51.6816405Z" (or python-evtx's space-separated form) → µs; null when it is not such a time. */
export function systemTimeUs(text: string): number | null {
  const m = /^(\d{4})-(\d\d)-(\d\d)[T ](\d\d):(\d\d):(\d\d)(?:\.(\d{1,9}))?Z?$/.exec(text);
  if (!m) return null;
  const ms = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!);
  if (Number.isNaN(ms)) return null;
  return ms * 1000 + Number((m[7] ?? '').padEnd(6, '0').slice(0, 6));
}

function who(id: string, f: Fields, userId: string): string {
  const subject = account(f, 'SubjectUserName', 'SubjectDomainName');
  const target = account(f, 'TargetUserName', 'TargetDomainName');
  const named = TARGET_FIRST.has(id) ? target || subject : subject || target;
  // Who acted: the event's subject or target, Sysmon's User, else the SID the event was logged under (7045's AccountName is the service's, not the installer's).
  return named || account(f, 'User', '') || userId || account(f, 'AccountName', '');
}

/** The timeline event of one record; the reason it cannot be one otherwise. */
export function recordEvent(record: EventRecord, fields: EventFields, channels: ChannelNames): TimelineEvent | string {
  const s = fields.system;
  if (!fields.hasEvent) return 'the record holds no <Event> element';
  // TimeCreated is when the event happened; a record without one still has the time it was written to the log.
  let time = s.timeCreated ? systemTimeUs(s.timeCreated) : null;
  let timestampDesc = 'Event Created';
  if (time === null) {
    time = filetimeUs(record.written);
    timestampDesc = 'Event Written';
    if (time === null) return `no usable time (TimeCreated "${s.timeCreated}", written ${record.written})`;
  }
  const attributes: Record<string, string> = {};
  const put = (key: string, value: string) => {
    if (value !== '') attributes[key] = value;
  };
  put('Provider', s.provider);
  put('ProviderGuid', s.providerGuid);
  put('EventSourceName', s.eventSourceName);
  put('EventID', s.eventId);
  put('Qualifiers', s.qualifiers);
  put('Version', s.version);
  put('Level', s.level);
  put('Task', s.task);
  put('Opcode', s.opcode);
  put('Keywords', s.keywords);
  put('TimeCreated', s.timeCreated);
  // A record read from another tool's JSON (evtx-json.ts) has no record header: offset -1, no written time.
  const fromFile = record.offset >= 0;
  put('EventRecordID', s.eventRecordId || (fromFile ? record.id.toString() : ''));
  if (fromFile && s.eventRecordId && s.eventRecordId !== record.id.toString()) put('RecordHeaderID', record.id.toString());
  if (fromFile) put('TimeWritten', filetimeText(record.written));
  put('ActivityID', s.activityId);
  put('ProcessID', s.processId);
  put('ThreadID', s.threadId);
  put('Channel', s.channel);
  put('Computer', s.computer);
  put('UserID', s.userId);
  put('UserDataType', fields.userDataType);
  if (fromFile) put('RecordOffset', String(record.offset));
  const data: Fields = new Map(fields.data);
  // An event field that shares a System field's name keeps both, the event's under EventData.
  for (const [key, value] of fields.data) attributes[key in attributes ? `EventData.${key}` : key] = value;
  return {
    time,
    timestampDesc,
    message: eventMessage(s.provider, s.channel, s.eventId, data),
    source: s.channel ? channels.canonical(s.channel) : s.provider || 'EVTX',
    host: s.computer,
    user: who(s.eventId, data, s.userId),
    tags: [],
    attributes,
  };
}

export const evtxImporter: Importer = {
  format: 'evtx',
  label: 'Windows event log (.evtx)',
  sniff(sample: Sample): number {
    return sample.head.length >= 8 && sample.head.subarray(0, 8).equals(FILE_MAGIC) ? 0.99 : 0;
  },
  async run(ctx: ImportContext): Promise<void> {
    await readEvtx(ctx);
  },
};

/** Chunk slots read 16 at a time: one read of 1 MiB instead of 16 waits on the disk. */
class SlotReader {
  private window: Buffer = Buffer.alloc(0);
  private start = 0;
  constructor(private readonly ctx: ImportContext) {}

  async at(offset: number): Promise<Buffer> {
    if (offset < this.start || offset + CHUNK_SIZE > this.start + this.window.length) {
      this.start = offset;
      this.window = await this.ctx.readAt(offset, CHUNK_SIZE * SLOTS_PER_READ);
    }
    return this.window.subarray(offset - this.start, offset - this.start + CHUNK_SIZE);
  }
}

/** The records the chunk headers say they hold (for the preview: the header's own count is stale in dirty logs). */
async function countRecords(ctx: ImportContext, chunksAt: number): Promise<number> {
  let total = 0;
  for (let at = chunksAt; at + 40 <= ctx.size; at += CHUNK_SIZE) {
    const head = await ctx.readAt(at, 40);
    if (head.length < 40 || chunkKind(head.subarray(0, 8)) !== 'chunk') continue;
    const count = head.readBigUInt64LE(32) - head.readBigUInt64LE(24) + 1n;
    if (count > 0n && count <= MOST_RECORDS) total += Number(count);
  }
  return total;
}

/** The file header, its doubts said as warnings. */
async function readHeader(ctx: ImportContext): Promise<ReturnType<typeof readFileHeader>> {
  let header;
  try {
    header = readFileHeader(await ctx.readAt(0, 4096), ctx.file);
  } catch (err) {
    if (err instanceof EvtxError) throw new ImportProblem(err.message);
    throw err;
  }
  if (header.major !== 3) ctx.warn(`file header: format version ${header.major}.${header.minor} (3.1 and 3.2 are known); read as 3.x`);
  if (!header.checksumOk) ctx.warn('file header: its CRC32 does not match; its counts are not trusted (every chunk slot is read)');
  if (header.dirty)
    ctx.warn('file header: the log was not closed cleanly (dirty flag); its chunk count and next record id may be stale, so every chunk slot is read');
  return header;
}

/** What reading the chunks found so far: the channel names, the columns the preview shows, the first ones' count. */
interface ReadState {
  channels: ChannelNames;
  columns: Set<string>;
  previewed: number;
}

/** A slot without chunk magic, with what is left of its records (ids, so the analyst knows which events the log lost). */
function lostChunk(index: number, slot: Buffer): string {
  const ids = strandedRecords(slot);
  const left =
    ids.length === 0
      ? ''
      : `; ${ids.length} well-formed record(s) remain in it (record ids ${ids[0]}–${ids[ids.length - 1]}), unreadable without the chunk header's string and template tables`;
  return `chunk ${index}: no "ElfChnk" magic (a damaged or overwritten chunk; its records are lost${left})`;
}

/** One chunk's records, each an event or an invalid record at its offset. */
function readChunk(ctx: ImportContext, slot: Buffer, index: number, at: number, state: ReadState): void {
  const bytes = new ChunkBytes(slot, at);
  if (slot.length < CHUNK_SIZE)
    ctx.invalid({
      position: { offset: at },
      field: null,
      reason: `chunk ${index}: the file ends ${slot.length} bytes into it (a cut file); the records before the cut are read`,
    });
  let chunk;
  try {
    chunk = readChunkHeader(bytes);
  } catch (err) {
    if (!(err instanceof EvtxError)) throw err;
    ctx.invalid({ position: { offset: at }, field: null, reason: `chunk ${index}: ${err.message}` });
    return;
  }
  if (!chunk.headerChecksumOk) ctx.warn(`chunk ${index} (byte ${at}): its header CRC32 does not match; its records are read and checked one by one`);
  else if (!chunk.dataChecksumOk && slot.length === CHUNK_SIZE)
    ctx.warn(`chunk ${index} (byte ${at}): the CRC32 of its records does not match (a dirty or damaged chunk); its records are read and checked one by one`);

  for (const item of chunkRecords(bytes, chunk)) {
    if (!('xml' in item)) {
      ctx.invalid({ position: { offset: item.offset }, field: null, reason: `chunk ${index}: ${item.reason}` });
      continue;
    }
    const event = recordEvent(item, eventFields(item.xml), state.channels);
    if (typeof event === 'string') {
      ctx.invalid({ position: { offset: item.offset }, field: null, reason: `record ${item.id}: ${event}` });
      continue;
    }
    if (state.previewed < PREVIEW_COLUMNS) {
      state.previewed++;
      const before = state.columns.size;
      for (const key in event.attributes) state.columns.add(key);
      if (state.columns.size !== before) ctx.columns([...state.columns]);
    }
    ctx.event(event);
  }
}

async function readEvtx(ctx: ImportContext): Promise<void> {
  const header = await readHeader(ctx);
  if (ctx.expectRecords) ctx.expectRecords(await countRecords(ctx, header.chunksAt));
  const state: ReadState = { channels: new ChannelNames(), columns: new Set(), previewed: 0 };
  let lastChunk = -1;
  let lastChunkAt = -1;
  const trailing: { at: number; reason: string }[] = [];
  const slots = new SlotReader(ctx);
  ctx.bytes(Math.min(header.chunksAt, ctx.size));

  for (let index = 0, at = header.chunksAt; at < ctx.size; index++, at += CHUNK_SIZE) {
    const slot = await slots.at(at);
    ctx.bytes(slot.length);
    const kind = chunkKind(slot);
    if (kind === 'empty') continue;
    if (kind === 'garbage') {
      // Inside the chunks the header counts, such a slot is a chunk lost; past them it may be space the log grew into and never wrote (decided at the end).
      if (index >= header.chunkCount) trailing.push({ at, reason: lostChunk(index, slot) });
      else ctx.invalid({ position: { offset: at }, field: null, reason: lostChunk(index, slot) });
      continue;
    }
    lastChunk = index;
    lastChunkAt = at;
    readChunk(ctx, slot, index, at, state);
    await ctx.checkpoint();
  }
  // Garbage slots past the header's count: lost chunks when a chunk follows them, unwritten space after the last one.
  const lost = trailing.filter((slot) => slot.at < lastChunkAt);
  for (const { at, reason } of lost) ctx.invalid({ position: { offset: at }, field: null, reason });
  const unwritten = trailing.length - lost.length;
  if (unwritten > 0) {
    ctx.warn(
      `${unwritten} chunk slot(s) after the last chunk (from byte ${trailing[lost.length]!.at}) hold no chunk: space the log had not written yet (the header counts ${header.chunkCount} chunk(s)); not read`,
    );
  }
  if (lastChunk === -1) ctx.warn('the file holds no chunk: no events');
}
