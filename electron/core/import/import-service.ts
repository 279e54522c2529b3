import { randomUUID } from 'node:crypto';
import { createReadStream, promises as fs } from 'node:fs';
import path from 'node:path';
import { describeInvalidUtf8, type ColumnMapping, type ImportFormat, type ImportPreview, type ImportReport } from '../../../shared/domain/import';
import type { EvidenceRecord } from '../../../shared/domain/records';
import type { CaseCreate, CaseOrigin } from '../../../shared/domain/case';
import { CasebookError } from '../../../shared/ipc/errors';
import type { Vault, StagedCase } from '../vault/vault';
import type { CaseJournal } from '../vault/case-journal';
import type { JournalRecord } from '../vault/journal-format';
import { CASE_CREATED, initialFields } from '../cases/case-model';
import { committedRuns, IMPORT_COMMITTED, IMPORT_RECORDS, type ImportCommittedData, type ImportRecordsData } from '../cases/case-state';
import { isValidZone, formatUs } from '../importers/time';
import { chooseImporter, readSample } from '../importers/registry';
import { guessMappingForSample } from '../importers/generic/guess-mapping';
import { describeInvalid, describePosition, ImportProblem } from '../importers/problems';
import type { ByteRange } from '../importers/types';
import { Collector, PreviewLimitReached, type Group } from './collector';
import type { RunTarget } from '../timeline/timeline-writer';
import { runPool } from '../timeline/run-pool';
import { encodeEventEntities } from '../cases/event-entity-table';

export interface ImportRequest {
  file: string;
  /** Into this case; without it, each incident in the file (or the file itself) becomes a new case. */
  caseId?: string;
  format?: ImportFormat;
  timezone?: string;
  skipInvalid?: boolean;
  mapping?: ColumnMapping;
}

export interface ImportProgress {
  bytes: number;
  totalBytes: number;
  records: number;
}

export interface ImportDeps {
  vault: Vault;
  actor: string;
  /** Runs fn with the case's journal open for writing (the engine's own, or opened just for this). */
  withWritable: <T>(caseId: string, fn: (journal: CaseJournal) => Promise<T>) => Promise<T>;
}

/** A whole JSON document is parsed in memory; larger files must be JSONL. */
const MAX_DOCUMENT_BYTES = 512 * 1024 * 1024;
/** Records per journal entry, so no single entry grows large. */
const BATCH = 10_000;

function checkZone(zone: string): string {
  if (!isValidZone(zone)) throw new CasebookError('invalid-input', `timezone "${zone}" is not an IANA zone name (e.g. UTC, Europe/Berlin)`);
  return zone;
}

/** What identifies a file's content without reading it: checked again before the commit. */
interface FileIdentity {
  size: number;
  mtimeNs: bigint;
  ino: bigint;
  dev: bigint;
}

async function statFile(file: string): Promise<FileIdentity> {
  let stat;
  try {
    stat = await fs.stat(file, { bigint: true });
  } catch (err) {
    throw new ImportProblem(`${file}: cannot read it (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  if (!stat.isFile()) throw new ImportProblem(`${file}: not a file`);
  return { size: Number(stat.size), mtimeNs: stat.mtimeNs, ino: stat.ino, dev: stat.dev };
}

/**
 * The file must be the one that was parsed and hashed: written to, replaced or
 * truncated during the import, its events and its SHA-256 could describe
 * different contents, and the evidence record would be wrong.
 */
async function checkUnchanged(file: string, name: string, before: FileIdentity): Promise<void> {
  const after = await statFile(file).catch(() => null);
  const same = after && after.size === before.size && after.mtimeNs === before.mtimeNs && after.ino === before.ino && after.dev === before.dev;
  if (!same) {
    const what = !after ? 'it is gone' : after.size !== before.size ? `its size went from ${before.size} to ${after.size} bytes` : 'it was modified or replaced';
    throw new ImportProblem(`${name}: the file changed while it was being imported (${what}); nothing was imported. Import it again once nothing writes to it.`);
  }
}

/** How importers read the file: streamed, at offsets (through one handle, opened when first needed), or whole. */
function sources(file: string, name: string, size: number) {
  let handle: Promise<fs.FileHandle> | null = null;
  return {
    open: (range?: ByteRange) =>
      // createReadStream's `end` is inclusive.
      createReadStream(file, { highWaterMark: 1 << 20, start: range?.start, end: range?.end === undefined ? undefined : range.end - 1 }) as AsyncIterable<Buffer>,
    readAt: async (offset: number, length: number) => {
      handle ??= fs.open(file, 'r');
      const buffer = Buffer.alloc(length);
      const { bytesRead } = await (await handle).read(buffer, 0, length, offset);
      return buffer.subarray(0, bytesRead);
    },
    readAll: async () => {
      if (size > MAX_DOCUMENT_BYTES) {
        throw new ImportProblem(`${name}: a ${Math.round(size / 2 ** 20)} MiB JSON document is over the ${MAX_DOCUMENT_BYTES / 2 ** 20} MiB limit; export it as JSONL`);
      }
      return fs.readFile(file);
    },
    /** Closes the handle readAt opened, if it did. */
    close: async () => {
      const open = handle;
      handle = null;
      await (await open?.catch(() => null))?.close();
    },
  };
}

/** Line-based estimate from the first block: lines in it, scaled to the file's size. */
function estimateRecords(head: Buffer, size: number): number {
  let lines = 0;
  for (let i = head.indexOf(10); i !== -1; i = head.indexOf(10, i + 1)) lines++;
  return Math.max(0, Math.round((lines / Math.max(head.length, 1)) * size) - 1);
}

/** Reads the start of a file the way the import would, without committing anything. */
export async function previewImport(request: Omit<ImportRequest, 'caseId' | 'skipInvalid'>): Promise<ImportPreview> {
  const name = path.basename(request.file);
  const { size } = await statFile(request.file);
  const timezone = checkZone(request.timezone ?? 'UTC');
  const sample = await readSample(request.file, name);
  const { importer, candidates } = chooseImporter(sample, request.format);
  const source = sources(request.file, name, size);
  // A generic CSV/JSONL without a mapping is previewed with a guessed one, which the user confirms or corrects.
  const guessed = request.mapping ? null : await guessMappingForSample(importer.format, sample);
  const mapping = request.mapping ?? guessed;
  const controller = new AbortController();
  const collector = new Collector({
    file: name,
    size,
    timezone,
    mapping,
    importId: 'preview',
    source: name,
    ...source,
    runTarget: () => Promise.reject(new Error('a preview writes nothing')),
    onProgress: () => undefined,
    signal: controller.signal,
    singleGroup: true,
    limit: 50,
    runCapacity: 1 << 16,
  });
  const problems: string[] = guessed
    ? [`no column mapping was given: these rows use a guessed one (time: "${guessed.time}", ${guessed.timeFormat}); confirm or correct it before importing`]
    : [];
  let complete = true;
  try {
    await importer.run(collector);
  } catch (err) {
    if (err instanceof PreviewLimitReached) complete = false;
    else problems.push(err instanceof Error ? err.message : String(err));
  } finally {
    await source.close();
  }
  collector.settleEntities();
  problems.push(...collector.invalidRecords.map((r) => describeInvalid(name, r)), ...collector.warnings);
  if (collector.invalidUtf8Found) problems.push(describeInvalidUtf8(collector.invalidUtf8Found));
  const records = collector.counts.events + collector.counts.alerts + collector.counts.indicators + collector.counts.actions;
  return {
    file: name,
    size,
    format: importer.format,
    candidates,
    estimatedRecords: complete ? records : (collector.expectedRecords ?? estimateRecords(sample.head, size)),
    columns: collector.fileColumns,
    mapping,
    rows: collector.sampleEvents.slice(0, 20).map((e) => ({
      time: formatUs(e.time),
      message: e.message.slice(0, 500),
      source: e.source,
      host: e.host,
      user: e.user,
      timestampDesc: e.timestampDesc,
    })),
    counts: { ...collector.counts },
    problems,
    zonelessTimes: collector.zoneless,
  };
}

/**
 * Imports one file, all or nothing: records are collected and run files
 * written aside, then committed to each destination case's journal with one
 * final commit record; anything that fails before that leaves every case as it
 * was (new cases stay staged and are removed, written runs are deleted).
 */
export async function runImport(
  deps: ImportDeps,
  request: ImportRequest,
  onProgress: (p: ImportProgress) => void,
  signal: AbortSignal,
): Promise<ImportReport> {
  const started = performance.now();
  const name = path.basename(request.file);
  const identity = await statFile(request.file);
  const size = identity.size;
  const timezone = checkZone(request.timezone ?? 'UTC');
  const sample = await readSample(request.file, name);
  const { importer } = chooseImporter(sample, request.format);
  const source = sources(request.file, name, size);
  // The file's hash is worked out in the run worker while the file is parsed here.
  const hashStop = new AbortController();
  const hashing = runPool.sha256(request.file, hashStop.signal).catch((err: Error) => {
    throw new ImportProblem(`${name}: cannot read it to hash it (${err.message})`);
  });
  // Awaited only on success; an import that fails first must not leave it unhandled.
  hashing.catch(() => undefined);
  const importId = randomUUID();

  const body = async (target: CaseJournal | null): Promise<ImportReport> => {
    const staged = new Map<string, StagedCase>();
    const stagedFor = async (group: Group): Promise<StagedCase> => {
      let s = staged.get(group.key);
      if (!s) {
        const incident = group.incident;
        const fields: CaseCreate = incident?.fields ?? { title: `Import of ${name}` };
        const origin: CaseOrigin | null = incident
          ? { format: importer.format, file: name, externalId: incident.externalId, createdAt: incident.createdAt ?? null, attributes: incident.attributes ?? {} }
          : null;
        s = await deps.vault.stageCase({
          at: new Date().toISOString(),
          actor: deps.actor,
          type: CASE_CREATED,
          data: { fields: initialFields(fields), origin },
        });
        staged.set(group.key, s);
      }
      return s;
    };
    const existingRuns = target ? committedRuns(target.records).length : 0;
    const runTarget = async (group: Group): Promise<RunTarget> => {
      if (target) return { caseDir: target.dir, caseId: target.caseId, key: target.dataKey, firstOrdinal: existingRuns };
      const s = await stagedFor(group);
      return { caseDir: s.dir, caseId: s.caseId, key: s.key, firstOrdinal: 0 };
    };
    const collector = new Collector({
      file: name,
      size,
      timezone,
      mapping: request.mapping ?? null,
      importId,
      source: name,
      ...source,
      runTarget,
      onProgress: (bytes, records) => onProgress({ bytes, totalBytes: size, records }),
      signal,
      singleGroup: target !== null,
      parallel: { path: request.file },
    });
    try {
      await importer.run(collector);
      if (collector.invalidTotal > 0 && !request.skipInvalid) throw collector.refusal();
      await collector.finish();
      const stopIfCancelled = () => {
        if (signal.aborted) throw new CasebookError('cancelled', `import of ${name} was cancelled; nothing was committed`);
      };
      stopIfCancelled();

      const sha256 = await hashing;
      await checkUnchanged(request.file, name, identity);
      const skipped = collector.invalidRecords.map((r) => ({ position: describePosition(r.position), field: r.field, reason: r.reason }));
      const caseIds: string[] = [];
      const groups = [...collector.groups.values()].filter(
        (g) => target || g.incident || g.timeline || g.alerts.size || g.entities.size || g.found.size || g.indicators.size || g.actions.size,
      );
      if (groups.length === 0 && !target) groups.push(collector.groups.get('')!);
      for (const group of groups) {
        const journal = target ?? (await stagedFor(group)).journal;
        const evidence: EvidenceRecord = {
          id: `evd-${importId}-${caseIds.length}`,
          caseId: journal.caseId,
          kind: 'import',
          name,
          size,
          sha256,
          importer: importer.format,
          counts: { ...collector.counts },
          warnings: [...collector.warnings],
          addedBy: deps.actor,
          addedAt: new Date().toISOString(),
          attributes: {
            timezone,
            zonelessTimes: collector.zoneless,
            skippedRecords: collector.invalidTotal,
            invalidUtf8: collector.invalidUtf8Found,
            path: request.file,
            // Into a chosen case, the incidents of the file are remembered here rather than as cases.
            incidents: [...collector.incidents].map((i) => ({ externalId: i.externalId, title: i.fields.title, createdAt: i.createdAt ?? null })),
          },
        };
        await appendBatches(journal, deps.actor, importId, group, name);
        // Up to its commit record an import can still be cancelled: the batches before it count for nothing.
        stopIfCancelled();
        const committed: ImportCommittedData = {
          importId,
          format: importer.format,
          evidence,
          runs: group.timeline?.runs ?? [],
          counts: { ...collector.counts },
          skipped,
          skippedTotal: collector.invalidTotal,
          warnings: [...collector.warnings],
          timezone,
          zonelessTimes: collector.zoneless,
        };
        await journal.append({ at: new Date().toISOString(), actor: deps.actor, type: IMPORT_COMMITTED, data: committed });
        caseIds.push(journal.caseId);
      }
      // Publishing staged cases is the last step: one rename each.
      for (const s of staged.values()) await deps.vault.publishCase(s);
      staged.clear();
      return {
        file: name,
        format: importer.format,
        sha256,
        size,
        caseIds,
        counts: { ...collector.counts },
        skipped,
        skippedTotal: collector.invalidTotal,
        warnings: [...collector.warnings],
        timezone,
        zonelessTimes: collector.zoneless,
        invalidUtf8: collector.invalidUtf8Found,
        durationMs: Math.round(performance.now() - started),
      };
    } catch (err) {
      hashStop.abort();
      await collector.abort();
      for (const s of staged.values()) await deps.vault.discardStaged(s).catch(() => undefined);
      throw err;
    }
  };

  try {
    return await (request.caseId ? deps.withWritable(request.caseId, (journal) => body(journal)) : body(null));
  } finally {
    // Done, failed or never started (the case was locked): the hash is no longer wanted.
    hashStop.abort();
    await source.close();
  }
}

/** The group's records as import.records batches, appended all or nothing; `source` is the imported file's name. */
async function appendBatches(journal: CaseJournal, actor: string, importId: string, group: Group, source: string): Promise<void> {
  // The group's records are the collector's own, used once: they take their case id in place (an import may bring 100,000 entities).
  const inCase = <T extends { caseId: string }>(records: Iterable<T>): T[] => {
    const list = [...records];
    for (const r of list) r.caseId = journal.caseId;
    return list;
  };
  const lists: [keyof Omit<ImportRecordsData, 'importId' | 'eventEntities'>, unknown[]][] = [
    ['entities', inCase(group.entities.values())],
    ['alerts', inCase(group.alerts.values())],
    ['indicators', inCase(group.indicators.values())],
    ['actions', inCase(group.actions.values())],
  ];
  const at = new Date().toISOString();
  const batches: Omit<JournalRecord, 'seq'>[] = [];
  for (const [kind, items] of lists) {
    for (let i = 0; i < items.length; i += BATCH) {
      batches.push({ at, actor, type: IMPORT_RECORDS, data: { importId, [kind]: items.slice(i, i + BATCH) } as ImportRecordsData });
    }
  }
  for (const table of encodeEventEntities(source, group.found.columns())) {
    batches.push({ at, actor, type: IMPORT_RECORDS, data: { importId, eventEntities: table } });
  }
  await journal.appendAll(batches);
}
