import { isValidZone, isoUs } from '../../../shared/time';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { ResourceLimits } from 'node:worker_threads';
import {
  describeClockOffset,
  describeInvalidUtf8,
  type ColumnMapping,
  type ImportFormat,
  type ImportPreview,
  type ImportReport,
} from '../../../shared/domain/import';
import { CasebookError } from '../../../shared/ipc/errors';
import type { Vault } from '../vault/vault';
import type { CaseJournal } from '../vault/case-journal';
import { committedRuns } from '../cases/case-state';
import { chooseImporter, readSample } from '../importers/registry';
import { guessMappingForSample } from '../importers/generic/guess-mapping';
import { describeInvalid, ImportProblem } from '../importers/problems';
import type { RunTarget } from '../timeline/run-files';
import { WorkerStopped } from '../worker-limits';
import { statImportable } from '../fs/import-file';
import { Collector, PreviewLimitReached, type ImportedFile } from './collector';
import { readOnlyStages, writingStages } from './collector-stages';
import { checkUnchanged, FileSource } from './file-source';
import { CaseStager, commitImport, skippedRecords, stopIfCancelled } from './import-commit';
import type { RunPool } from './run-pool';
import type { Group } from './case-groups';
import { tailSplitter } from './parallel-tail';
import { settledElsewhere } from '../diagnostics/diagnostics';

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
  /** Files with fewer records are imported by one thread (parallel-tail.ts; DEFAULT_PARALLEL_MIN_RECORDS). */
  parallelMinRecords?: number;
  /** Called once the request is checked and the format detected, before the file is read: throws to refuse a duplicate early. */
  beforeRead?: () => Promise<void>;
  /** Called with the file's SHA-256 and incidents once it is read, before anything is committed: throws to refuse a duplicate. */
  beforeCommit?: (file: { sha256: string; incidents: string[] }) => Promise<void>;
  /** A merge: the events the case already has (their keys), left out; how many were is written back into it. */
  merge?: { knownEvents: ReadonlySet<string>; alreadyThere: number };
}

function checkZone(zone: string): string {
  if (!isValidZone(zone)) throw new CasebookError('invalid-input', `timezone "${zone}" is not an IANA zone name (e.g. UTC, Europe/Berlin)`);
  return zone;
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
  const source = new FileSource(request.file, name, size);
  // A generic CSV/JSONL without a mapping is previewed with a guessed one, which the user confirms or corrects.
  const guessed = request.mapping ? null : await guessMappingForSample(importer.format, sample);
  const mapping = request.mapping ?? guessed;
  const file: ImportedFile = { name, size, timezone, mapping };
  const collector = new Collector(file, readOnlyStages(file, source), { signal: new AbortController().signal, onProgress: () => undefined, limit: 50 });
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
  const found = collector.problems;
  problems.push(...found.invalidRecords.map((r) => describeInvalid(name, r)), ...found.warnings);
  if (found.invalidUtf8Found) problems.push(describeInvalidUtf8(found.invalidUtf8Found));
  problems.push(...found.clockOffsets().map(describeClockOffset));
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
      time: isoUs(e.time),
      message: e.message.slice(0, 500),
      source: e.source,
      host: e.host,
      user: e.user,
      timestampDesc: e.timestampDesc,
    })),
    counts: { ...collector.counts },
    problems,
    zonelessTimes: found.zoneless,
  };
}

/** The file's SHA-256, worked out in the run worker while the file is parsed here; aborting `signal` stops it. */
function hashBeside(runs: RunPool, file: string, name: string, signal: AbortSignal): Promise<string> {
  const hashing = runs.sha256(file, signal).catch((err: Error) => {
    if (err instanceof WorkerStopped) throw err;
    throw new ImportProblem(`${name}: cannot read it to hash it (${err.message})`);
  });
  // Awaited only on success; an import that fails first must not leave it unhandled.
  hashing.catch(settledElsewhere);
  return hashing;
}

/** Where each group's runs go: after the chosen case's committed runs, or into the group's staged new case. */
function runTargets(into: CaseJournal | null, stager: CaseStager): (group: Group) => Promise<RunTarget> {
  const existingRuns = into ? committedRuns(into.records).length : 0;
  return async (group) => {
    if (into) return { caseDir: into.dir, caseId: into.caseId, key: into.dataKey, firstOrdinal: existingRuns };
    const s = await stager.stagedFor(group);
    return { caseDir: s.dir, caseId: s.caseId, key: s.key, firstOrdinal: 0 };
  };
}

/**
 * Imports one file, all or nothing: records are collected and run files
 * written aside, then committed to each destination case's journal with one
 * final commit record; anything that fails before that leaves every case as it
 * was (new cases stay staged and are removed, written runs are deleted).
 */
export async function runImport(deps: ImportDeps, request: ImportRequest, onProgress: (p: ImportProgress) => void, signal: AbortSignal): Promise<ImportReport> {
  const started = performance.now();
  const name = path.basename(request.file);
  const identity = await statImportable(request.file);
  const size = identity.size;
  const timezone = checkZone(request.timezone ?? 'UTC');
  const sample = await readSample(request.file, name);
  const { importer } = chooseImporter(sample, request.format);
  await deps.beforeRead?.();
  const source = new FileSource(request.file, name, size);
  const hashStop = new AbortController();
  const hashing = hashBeside(deps.runs, request.file, name, hashStop.signal);
  const importId = randomUUID();

  const body = async (into: CaseJournal | null): Promise<ImportReport> => {
    const stager = new CaseStager(deps.vault, deps.actor, { name, format: importer.format });
    const target = runTargets(into, stager);
    const file: ImportedFile = { name, size, timezone, mapping: request.mapping ?? null };
    const stages = writingStages(file, source, { importId, oneCase: into !== null, target, runs: deps.runs, maxExpansion: request.maxExpansion });
    const collector = new Collector(file, stages, {
      signal,
      onProgress: (bytes, records) => onProgress({ bytes, totalBytes: size, records }),
      // A merge reads every event on this thread, where events the case already has are left out.
      parallel: deps.merge ? undefined : tailSplitter(request.file, deps.tailLimits, request.maxExpansion, deps.parallelMinRecords),
      knownEvents: deps.merge?.knownEvents,
    });
    const { problems, cases } = collector;
    try {
      await importer.run(collector);
      if (problems.invalidTotal > 0 && !request.skipInvalid) throw problems.refusal();
      await collector.finish();
      // Records too large for one journal record are bad records of the file, found before anything is written.
      cases.refuseOversized();
      if (problems.invalidTotal > 0 && !request.skipInvalid) throw problems.refusal();
      stopIfCancelled({ name, signal });
      const sha256 = await hashing;
      await deps.beforeCommit?.({ sha256, incidents: cases.incidents.map((i) => i.externalId) });
      if (deps.merge) deps.merge.alreadyThere = collector.eventsAlreadyThere;
      await checkUnchanged(request.file, name, identity);
      const facts = { importId, actor: deps.actor, path: request.file, name, size, sha256, format: importer.format, timezone, signal };
      const caseIds = await commitImport(collector, facts, into, stager);
      return {
        file: name,
        format: importer.format,
        sha256,
        size,
        caseIds,
        counts: { ...cases.counts },
        skipped: skippedRecords(collector),
        skippedTotal: problems.invalidTotal,
        warnings: [...problems.warnings],
        timezone,
        zonelessTimes: problems.zoneless,
        invalidUtf8: problems.invalidUtf8Found,
        clockOffsets: problems.clockOffsets(),
        durationMs: Math.round(performance.now() - started),
      };
    } catch (err) {
      hashStop.abort();
      await collector.abort();
      await stager.discard();
      // A worker that died took only this import with it (the engine starts a fresh one): say which file, and why.
      if (err instanceof WorkerStopped)
        throw new WorkerStopped(`${name}: the import was stopped because ${err.message}; nothing was imported`, err.outOfMemory);
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
