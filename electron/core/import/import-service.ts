import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { describeInvalidUtf8, type ColumnMapping, type ImportFormat, type ImportPreview, type ImportReport } from '../../../shared/domain/import';
import type { EvidenceRecord } from '../../../shared/domain/records';
import type { CaseCreate, CaseOrigin } from '../../../shared/domain/case';
import { CasebookError } from '../../../shared/ipc/errors';
import type { Vault, StagedCase } from '../vault/vault';
import type { CaseJournal } from '../vault/case-journal';
import { CASE_CREATED, initialFields } from '../cases/case-model';
import { committedRuns, IMPORT_COMMITTED, type ImportCommittedData } from '../cases/case-state';
import { isValidZone, formatUs } from '../importers/time';
import { chooseImporter, readSample } from '../importers/registry';
import { guessMappingForSample } from '../importers/generic/guess-mapping';
import { describeInvalid, describePosition, ImportProblem } from '../importers/problems';
import type { ByteRange } from '../importers/types';
import { Collector, PreviewLimitReached, type Group } from './collector';
import type { RunTarget } from '../timeline/timeline-writer';
import type { RunPool } from '../timeline/run-pool';
import { WorkerStopped } from '../worker-limits';
import type { ResourceLimits } from 'node:worker_threads';
import { IMPORT_READ_FLAGS, readImportFile, statImportable, type FileIdentity } from '../fs/import-file';
import { jsonBytes, mib, RECORD_BUDGET } from './record-budget';
import { recordBatches, type Entry } from './record-batches';
import { writeEntityPages } from '../entities/entity-pages';

export interface ImportRequest {
  file: string;
  /** Into this case; without it, each incident in the file (or the file itself) becomes a new case. */
  caseId?: string;
  format?: ImportFormat;
  timezone?: string;
  skipInvalid?: boolean;
  mapping?: ColumnMapping;
  /** Bytes of runs the import may write per byte of the file (expansion.ts). */
  maxExpansion?: number;
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
  /** Where full runs are written and the file is hashed (the engine's run worker). */
  runs: RunPool;
  /** Heap limits of a parallel import's second thread (parallel-tail.ts). */
  tailLimits?: ResourceLimits;
}

/** A whole JSON document is parsed in memory; larger files must be JSONL. */
const MAX_DOCUMENT_BYTES = 512 * 1024 * 1024;
/** Incidents of a file imported into a chosen case are listed in its evidence by id and title, each kept to this. */
const MAX_LISTED_CHARS = 300;
const clip = (text: string) => (text.length > MAX_LISTED_CHARS ? text.slice(0, MAX_LISTED_CHARS - 1) + '…' : text);


function checkZone(zone: string): string {
  if (!isValidZone(zone)) throw new CasebookError('invalid-input', `timezone "${zone}" is not an IANA zone name (e.g. UTC, Europe/Berlin)`);
  return zone;
}


/**
 * The file must be the one that was parsed and hashed: written to, replaced or
 * truncated during the import, its events and its SHA-256 could describe
 * different contents, and the evidence record would be wrong.
 */
async function checkUnchanged(file: string, name: string, before: FileIdentity): Promise<void> {
  const after = await statImportable(file).catch(() => null);
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
      readImportFile(file, { highWaterMark: 1 << 20, start: range?.start, end: range?.end === undefined ? undefined : range.end - 1 }),
    readAt: async (offset: number, length: number) => {
      handle ??= fs.open(file, IMPORT_READ_FLAGS);
      const buffer = Buffer.alloc(length);
      const { bytesRead } = await (await handle).read(buffer, 0, length, offset);
      return buffer.subarray(0, bytesRead);
    },
    readAll: async () => {
      if (size > MAX_DOCUMENT_BYTES) {
        throw new ImportProblem(`${name}: a ${Math.round(size / 2 ** 20)} MiB JSON document is over the ${MAX_DOCUMENT_BYTES / 2 ** 20} MiB limit; export it as JSONL`);
      }
      return fs.readFile(file, { flag: IMPORT_READ_FLAGS });
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
export async function previewImport(request: Omit<ImportRequest, 'caseId' | 'skipInvalid' | 'maxExpansion'>): Promise<ImportPreview> {
  const name = path.basename(request.file);
  const { size } = await statImportable(request.file);
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
  const identity = await statImportable(request.file);
  const size = identity.size;
  const timezone = checkZone(request.timezone ?? 'UTC');
  const sample = await readSample(request.file, name);
  const { importer } = chooseImporter(sample, request.format);
  const source = sources(request.file, name, size);
  // The file's hash is worked out in the run worker while the file is parsed here.
  const hashStop = new AbortController();
  const hashing = deps.runs.sha256(request.file, hashStop.signal).catch((err: Error) => {
    if (err instanceof WorkerStopped) throw err;
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
      parallel: { path: request.file, resourceLimits: deps.tailLimits },
      runs: deps.runs,
      maxExpansion: request.maxExpansion,
    });
    try {
      await importer.run(collector);
      if (collector.invalidTotal > 0 && !request.skipInvalid) throw collector.refusal();
      await collector.finish();
      // Records too large for one journal record are bad records of the file, found before anything is written.
      collector.refuseOversized();
      if (collector.invalidTotal > 0 && !request.skipInvalid) throw collector.refusal();
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
      // What each case gets is made and measured before anything is written to any of them.
      const writes: { journal: CaseJournal; batches: Entry[]; commit: Entry }[] = [];
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
            incidents: [...collector.incidents].map((i) => ({ externalId: clip(i.externalId), title: clip(i.fields.title), createdAt: i.createdAt ?? null })),
          },
        };
        const runs = group.timeline?.runs ?? [];
        const found = group.found.columns();
        if (found.ends.length && !runs.length) throw new Error(`${name}: entities were found in events but no run was written`);
        // Sealed and synced before the commit names them; a failure before the commit leaves pages the sweep removes with their runs.
        const entityPages = found.ends.length ? await writeEntityPages(journal.dir, journal.caseId, journal.dataKey, runs[0]!.name, name, found) : [];
        const committed: ImportCommittedData = {
          importId,
          format: importer.format,
          evidence,
          runs,
          entityPages,
          counts: { ...collector.counts },
          skipped,
          skippedTotal: collector.invalidTotal,
          warnings: [...collector.warnings],
          timezone,
          zonelessTimes: collector.zoneless,
        };
        const commitBytes = jsonBytes(committed);
        if (commitBytes > RECORD_BUDGET) {
          throw new ImportProblem(
            `${name}: the import's record for case ${journal.caseId} (its evidence, warnings and skipped records, ${collector.incidents.length} incident(s) listed) ` +
              `would be ${mib(commitBytes)}, over the journal's limit of ${mib(RECORD_BUDGET)} for one record; nothing was imported`,
          );
        }
        const commit = { at: new Date().toISOString(), actor: deps.actor, type: IMPORT_COMMITTED, data: committed };
        writes.push({ journal, batches: recordBatches(journal.caseId, deps.actor, importId, group, collector.recordBytes), commit });
        caseIds.push(journal.caseId);
      }
      for (const { journal, batches, commit } of writes) {
        await journal.appendAll(batches);
        // Up to its commit record an import can still be cancelled: the batches before it count for nothing.
        stopIfCancelled();
        await journal.append(commit);
      }
      // Publishing staged cases is the last step, all of them or none (one new case per incident of the file).
      // A failed publish puts back what it moved: the staged cases are then discarded below like any failure's.
      await deps.vault.publishCases([...staged.values()]);
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
      // A worker that died took only this import with it (the engine starts a fresh one): say which file, and why.
      if (err instanceof WorkerStopped) throw new WorkerStopped(`${name}: the import was stopped because ${err.message}; nothing was imported`, err.outOfMemory);
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
