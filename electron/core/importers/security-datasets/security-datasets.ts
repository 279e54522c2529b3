import path from 'node:path';
import { constants, inflateRawSync } from 'node:zlib';
import type { ImportContext, Importer, Sample } from '../types';
import { ImportProblem } from '../problems';
import { assertText } from '../text-lines';
import { contextSource } from '../zip/byte-source';
import { leadingEntryNames, readZipDirectory } from '../zip/zip-directory';
import { readZipEntry } from '../zip/zip-entry';
import { checkArchiveTotal } from '../zip/zip-limits';
import { mapLogAnalyticsRow } from '../microsoft/log-analytics';
import { ChannelNames } from './channels';
import { windowsRowEvent } from './event-row';
import { jsonRecords, type Located } from './json-records';

/**
 * OTRF Security-Datasets (formerly Mordor): recorded attacks as Windows
 * Security/Sysmon events, one JSON object per line, zipped; the compound
 * datasets (GoldenSAML) add Log Analytics and advanced-hunting rows. Each
 * .json/.jsonl/.log entry of the archive is read as a stream, each row becomes
 * a timeline event: Log Analytics and advanced-hunting rows through the
 * Microsoft importer's row mapping, Windows event rows through event-row.ts.
 * An unzipped file of the same rows is read too.
 */

const LOCAL_HEADER = 0x04034b50;
const DATA_ENTRY = /\.(jsonl?|ndjson|log)$/i;
/** Fields that mark a row as a Windows event or a Log Analytics row. */
const ROW_MARKERS = /"(EventID|Channel|TimeCreated|TimeGenerated|Hostname|Computer|DeviceName|ActionType|SourceSystem)"\s*:/g;

/** The start of the first entry's content, decompressed (sniffing sees only the file's first bytes). */
function firstEntryText(head: Buffer): string {
  const flags = head.readUInt16LE(6);
  const method = head.readUInt16LE(8);
  const start = 30 + head.readUInt16LE(26) + head.readUInt16LE(28);
  const compressed = flags & 0x8 ? head.length - start : head.readUInt32LE(18);
  // 4 KiB of deflate is a few hundred KiB of text at most (not the 64 MiB 64 KiB can inflate to), and more than the 16 KiB looked at.
  const data = head.subarray(start, Math.min(head.length, start + compressed, start + (method === 8 ? 4096 : 16 * 1024)));
  if (flags & 0x1) return '';
  if (method === 0) return data.toString('utf8');
  if (method !== 8) return '';
  try {
    return inflateRawSync(data, { finishFlush: constants.Z_SYNC_FLUSH })
      .subarray(0, 16 * 1024)
      .toString('utf8');
  } catch {
    return '';
  }
}

function looksLikeRows(text: string): boolean {
  const start = text.replace(/^\uFEFF/, '').trimStart();
  if (!start.startsWith('{') && !start.startsWith('[')) return false;
  const firstLine = start.slice(0, start.indexOf('\n') === -1 ? undefined : start.indexOf('\n'));
  return new Set([...firstLine.matchAll(ROW_MARKERS)].map((m) => m[1])).size >= 2;
}

function sniff(sample: Sample): number {
  const { head } = sample;
  if (head.length >= 30 && head.readUInt32LE(0) === LOCAL_HEADER) {
    if (!leadingEntryNames(head).some((name) => DATA_ENTRY.test(name))) return 0;
    // A zip of JSON whose first rows are not Windows events (a Velociraptor collection, say) is only a weak
    // guess: it still beats the generic importers, but any importer that recognises the content wins.
    return looksLikeRows(firstEntryText(head)) ? 0.9 : 0.3;
  }
  // The same rows, unzipped: JSON lines of Windows events.
  return looksLikeRows(sample.text) && sample.text.trimStart().startsWith('{') ? 0.6 : 0;
}

async function firstBytes(ctx: ImportContext, n: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  let total = 0;
  for await (const chunk of ctx.open({ start: 0, end: Math.min(n, ctx.size) })) {
    parts.push(chunk);
    total += chunk.length;
    if (total >= n) break;
  }
  return Buffer.concat(parts);
}

class RowSink {
  private readonly channels = new ChannelNames();
  private readonly columnNames = new Set<string>();
  private rowsForColumns = 0;
  /** Rows mapped (an event each, unless its time was unusable). */
  rows = 0;

  constructor(private readonly ctx: ImportContext) {}

  async take(batches: AsyncIterable<Located[]>, fallbackSource: string, entry?: string): Promise<void> {
    for await (const batch of batches) {
      if (this.rowsForColumns < 100 && batch.length) this.reportColumns(batch);
      for (const { row, position } of batch) {
        this.rows++;
        // Log Analytics and advanced-hunting rows (the compound datasets) have their own mapping, alerts and incidents included.
        if (mapLogAnalyticsRow(this.ctx, row, position)) continue;
        const event = windowsRowEvent(this.ctx, row, position, { channels: this.channels, fallbackSource, entry });
        if (event) this.ctx.event(event);
      }
      await this.ctx.checkpoint();
    }
  }

  /**
   * Columns for the preview: the fields of the first 100 rows, reported before
   * those rows are mapped, so that a preview's record limit cannot cut it short.
   */
  private reportColumns(batch: Located[]): void {
    for (const { row } of batch.slice(0, 100 - this.rowsForColumns)) {
      for (const key in row) this.columnNames.add(key);
      this.rowsForColumns++;
    }
    this.ctx.columns([...this.columnNames]);
  }
}

async function importArchive(ctx: ImportContext, sink: RowSink): Promise<void> {
  const source = contextSource(ctx);
  const entries = await readZipDirectory(source, ctx.file);
  const data = entries.filter((e) => !e.isDirectory && DATA_ENTRY.test(e.name));
  for (const e of entries) {
    if (!e.isDirectory && !DATA_ENTRY.test(e.name)) ctx.warn(`entry "${e.name}" was skipped: not a .json, .jsonl or .log file`);
  }
  if (data.length === 0) {
    throw new ImportProblem(
      `${ctx.file}: the ZIP archive has no .json, .jsonl or .log entry (it holds ${entries.length} entr${entries.length === 1 ? 'y' : 'ies'}: ` +
        `${entries
          .slice(0, 5)
          .map((e) => e.name)
          .join(', ')}${entries.length > 5 ? ', …' : ''})`,
    );
  }
  checkArchiveTotal(data, source.size, ctx.file);
  for (const entry of data) {
    const before = sink.rows;
    const bytes = readZipEntry(entry, ctx.file, { onBytes: (n) => ctx.bytes(n) });
    await sink.take(jsonRecords(ctx, bytes, entry.name), path.posix.basename(entry.name), entry.name);
    if (sink.rows === before && entry.size > 0) ctx.warn(`entry "${entry.name}" holds no JSON rows`);
  }
}

export const securityDatasets: Importer = {
  format: 'security-datasets',
  label: 'Security-Datasets (OTRF) zipped JSONL',
  sniff,
  async run(ctx: ImportContext): Promise<void> {
    const sink = new RowSink(ctx);
    const head = await firstBytes(ctx, 64 * 1024);
    if (head.length >= 4 && head.readUInt32LE(0) === LOCAL_HEADER) {
      await importArchive(ctx, sink);
    } else if (head.length >= 4 && head.readUInt32LE(0) === 0x06054b50) {
      throw new ImportProblem(`${ctx.file}: an empty ZIP archive (no entries)`);
    } else {
      assertText(head, ctx.file);
      const bytes = (async function* () {
        for await (const chunk of ctx.open()) {
          ctx.bytes(chunk.length);
          yield chunk;
        }
      })();
      await sink.take(jsonRecords(ctx, bytes, undefined), ctx.file);
    }
  },
};
