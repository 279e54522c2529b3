import path from 'node:path';
import type { ImportContext, Importer, Sample } from '../types';
import { ImportProblem, type Position } from '../problems';
import { parseExactJson } from '../exact-json-parse';
import { eachExactJsonObject } from '../exact-json';
import { jsonObjects } from '../json-objects';
import { assertText, MAX_RECORD_CHARS } from '../text-lines';
import { contextSource } from '../zip/byte-source';
import { leadingEntryNames, readZipDirectory, type ZipEntry } from '../zip/zip-directory';
import { readZipEntry } from '../zip/zip-entry';
import { checkArchiveTotal } from '../zip/zip-limits';
import { ArtifactRows, artifactName, type CollectionFacts } from './artifact-rows';

/**
 * Velociraptor collections: the offline collector's container (a zip holding
 * `collection_context.json`, `client_info.json`, `log.json`, `results/<artifact>%2F<source>.json`
 * and `uploads/`), the older layout (`<artifact>/<source>.json`), and
 * results exported alone (JSON Lines or a JSON array, rows carrying
 * `_Source`). Result rows become events (artifact-rows.ts); uploaded raw
 * files (hives, $J, event logs) are listed in a warning: they need their own
 * tools (or Casebook's .evtx importer) and are not read from the container.
 */

const LOCAL_HEADER = 0x04034b50;
const ARTIFACT_DIR = /^[A-Z][A-Za-z0-9]*(\.[A-Za-z0-9_]+)+\/[^/]+\.json$/;
const RESULT_ENTRY = /^results\/[^/]+\.json$/;
/** A result row names its artifact source: `"_Source": "Windows.System.Pslist"` (or `…/Source`). */
const SOURCE_FIELD = /"_Source"\s*:\s*"[A-Z][A-Za-z0-9]*(\.[A-Za-z0-9_]+)+(\/[^"]*)?"/;

const isResult = (name: string) => RESULT_ENTRY.test(name) || ARTIFACT_DIR.test(name);

function sniffZip(head: Buffer): number {
  const names = leadingEntryNames(head, 64);
  if (names.some((n) => n === 'collection_context.json' || n === 'client_info.json' || RESULT_ENTRY.test(n))) return 0.95;
  if (names.length > 0 && names.every((n) => ARTIFACT_DIR.test(n) || n.endsWith('/'))) return 0.9;
  // The offline collector's password-protected container: one encrypted member, data.zip.
  if (names.length === 1 && names[0] === 'data.zip' && (head.readUInt16LE(6) & 1) === 1) return 0.9;
  return 0;
}

async function* counted(ctx: ImportContext, chunks: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  for await (const chunk of chunks) {
    ctx.bytes(chunk.length);
    yield chunk;
  }
}

/** Each JSON row of a stream (lines, or an array's objects), with its line. */
async function eachRow(ctx: ImportContext, bytes: AsyncIterable<Buffer>, onRow: (row: Record<string, unknown>, position: Position) => void, entry?: string) {
  const tooLong = (line: number) => ctx.invalid({ position: { line, entry }, field: null, reason: `the row is longer than ${MAX_RECORD_CHARS / 2 ** 20} MiB` });
  const objects = (async function* () {
    for await (const batch of jsonObjects(bytes, tooLong)) yield batch.filter((o) => !/^[[\],\s]+$/.test(o.text));
  })();
  const sink = {
    invalid: (r: Parameters<ImportContext['invalid']>[0]) => ctx.invalid({ ...r, position: { ...r.position, entry } }),
    checkpoint: () => ctx.checkpoint(),
  };
  await eachExactJsonObject(objects, sink, (row, line) => onRow(row, { line, entry }));
}

async function entryJson(ctx: ImportContext, entry: ZipEntry | undefined): Promise<Record<string, unknown> | null> {
  if (!entry || entry.size > 16 * 1024 ** 2) return null;
  const parts: Buffer[] = [];
  for await (const chunk of readZipEntry(entry, ctx.file)) parts.push(chunk);
  try {
    const value = parseExactJson(Buffer.concat(parts).toString('utf8'));
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    ctx.warn(`entry "${entry.name}" is not valid JSON; the collection's details it holds are not used`);
    return null;
  }
}

/** Host and collection time from the container's own files (or its name: "Collection-<host>-<time>.zip"). */
async function collectionFacts(ctx: ImportContext, entries: ZipEntry[]): Promise<CollectionFacts> {
  const byName = (name: string) => entries.find((e) => e.name === name);
  const context = await entryJson(ctx, byName('collection_context.json'));
  const client = await entryJson(ctx, byName('client_info.json'));
  let host = String(client?.Hostname ?? client?.Fqdn ?? '');
  const info = entries.find((e) => /(^|\/)Generic\.Client\.Info(%2F|\/)BasicInformation\.json$/.test(e.name));
  if (!host && info) {
    await eachRow(ctx, readZipEntry(info, ctx.file), (row) => (host ||= String(row.Hostname ?? row.Fqdn ?? '')), info.name);
  }
  if (!host) host = /^Collection-(.+?)-\d{4}-\d\d-\d\dT/.exec(path.basename(ctx.file))?.[1] ?? '';
  const created = context?.create_time ?? context?.start_time;
  const collectedAt = typeof created === 'number' || typeof created === 'string' ? Math.floor(Number(created) / 1000) : null;
  return { host, collectedAt: collectedAt && Number.isFinite(collectedAt) ? collectedAt : null };
}

async function importContainer(ctx: ImportContext): Promise<void> {
  const entries = await readZipDirectory(contextSource(ctx), ctx.file);
  if (entries.length === 1 && entries[0]!.name === 'data.zip' && entries[0]!.encrypted) {
    throw new ImportProblem(
      `${ctx.file}: a password-protected Velociraptor collection (its one member, data.zip, is encrypted): ` +
        `unzip it with the collection's password and import the data.zip it holds`,
    );
  }
  const results = entries.filter((e) => !e.isDirectory && isResult(e.name));
  if (results.length === 0) throw new ImportProblem(`${ctx.file}: the Velociraptor collection holds no artifact results (no results/*.json entry)`);
  checkArchiveTotal(results, ctx.size, ctx.file);
  const rows = new ArtifactRows(ctx, await collectionFacts(ctx, entries));
  for (const entry of results) {
    const artifact = artifactName(entry.name);
    await eachRow(ctx, counted(ctx, readZipEntry(entry, ctx.file)), (row, position) => rows.take(row, position, artifact), entry.name);
  }
  rows.warnTimeless();
  const uploads = entries.filter((e) => !e.isDirectory && e.name.startsWith('uploads/') && !/\.idx$/.test(e.name));
  if (uploads.length > 0) {
    const names = uploads.slice(0, 5).map((e) => decodeURIComponent(e.name.replace(/^uploads\/(auto|ntfs)\//, '')));
    ctx.warn(
      `${uploads.length} uploaded file${uploads.length === 1 ? '' : 's'} in the collection were not read (${names.join(', ')}${uploads.length > 5 ? ', …' : ''}): ` +
        `extract them and process them with their own tools (event logs can be imported as .evtx)`,
    );
  }
}

export const velociraptor: Importer = {
  format: 'velociraptor',
  label: 'Velociraptor collection or artifact results',
  sniff(sample: Sample): number {
    if (sample.head.length >= 30 && sample.head.readUInt32LE(0) === LOCAL_HEADER) return sniffZip(sample.head);
    const start = sample.text.trimStart();
    return /^[[{]/.test(start) && SOURCE_FIELD.test(start.slice(0, 16 * 1024)) ? 0.85 : 0;
  },
  async run(ctx: ImportContext): Promise<void> {
    const head = await ctx.readAt(0, 4);
    if (head.length === 4 && head.readUInt32LE(0) === LOCAL_HEADER) {
      await importContainer(ctx);
      return;
    }
    assertText(await ctx.readAt(0, 64 * 1024), ctx.file);
    const rows = new ArtifactRows(ctx, { host: '', collectedAt: null });
    await eachRow(ctx, counted(ctx, ctx.open()), (row, position) => rows.take(row, position, 'Velociraptor results'));
    rows.warnTimeless();
    if (rows.rows === 0) throw new ImportProblem(`${ctx.file}: no result row in the file`);
  },
};
