import { randomUUID } from 'node:crypto';
import type { DuplicateChoice, PackageImportResult, PackageManifest, PackageSigner } from '../../../shared/domain/packages';
import { CasebookError } from '../../../shared/ipc/errors';
import { CASE_CREATED } from '../cases/records/case-records';
import { IMPORT_COMMITTED } from '../cases/records/import-records';
import type { JournalEntry, JournalRecord } from '../cases/records/journal-record';
import { PACKAGE_IMPORTED } from '../cases/records/package-records';
import type { RunPool } from '../import/run-pool';
import type { StagedCase, Vault } from '../vault/vault';
import type { AgeKeys } from './age/age';
import { readAll, type PackageContents } from './package-contents';
import { readPackage } from './package-reader';
import { StagedTimeline } from './staged-timeline';
import { StagedEvidence } from './evidence-import';
import { EventIdMap } from './event-id-map';
import { referencedEventIds, remapEventIds } from './event-references';

export interface CaseImportDeps {
  vault: Vault;
  runs: RunPool;
  actor: string;
  /** The case this package's case would duplicate, if the vault holds one. */
  duplicateOf(manifest: PackageManifest): Promise<{ caseId: string; sameHead: boolean } | null>;
}

export interface VerifiedPackage {
  file: string;
  keys: AgeKeys;
  contents: PackageContents;
  manifest: PackageManifest;
  signer: PackageSigner | null;
  /** SHA-256 of the package file. */
  sha256: string;
}

/**
 * Makes a case from a verified package: the journal's records appended again
 * in order with their original actors and times (a staged case, invisible
 * until published), each import's events written as new timeline runs (its
 * commit record then names them), and a `package.imported` record saying
 * where the case came from. The package is read a second time for the
 * events, each file checked against the manifest again before any of it is
 * written; any failure discards the staged case.
 */
export async function importVerifiedPackage(deps: CaseImportDeps, pkg: VerifiedPackage, choice: DuplicateChoice): Promise<PackageImportResult> {
  const { manifest } = pkg;
  const records = pkg.contents.journal?.records ?? [];
  const base = { sourceCaseId: manifest.case.id, title: manifest.case.title, signer: pkg.signer, records: records.length, events: 0 };
  const duplicateOf = await deps.duplicateOf(manifest);
  if (duplicateOf && choice === 'ask') return { ...base, outcome: 'duplicate', caseId: null, duplicateOf };
  if (duplicateOf && choice === 'skip') return { ...base, outcome: 'skipped', caseId: null, duplicateOf };
  const first = records[0];
  if (first?.type !== CASE_CREATED) throw new CasebookError('invalid-input', 'the package journal does not begin with the case.created record');
  const caseId = duplicateOf ? randomUUID() : manifest.case.id;
  const moved = (r: JournalRecord): JournalEntry => rehome(entryOf(r), manifest.case.id, caseId);
  const staged = await deps.vault.stageCase(moved(first), caseId);
  try {
    const rest = records.slice(1).map(moved);
    const parts = new Map(manifest.parts.map((p) => [p.name, p]));
    const ids = new EventIdMap(
      referencedEventIds(rest),
      manifest.parts.every((p) => p.kind !== 'events' || p.firstEventId !== undefined),
    );
    const evidence = new StagedEvidence(staged, parts, rest, manifest.formatVersion >= 2);
    const timeline = await writeTimeline(deps, pkg, staged, evidence, ids);
    const entries = (await evidence.finish(rest)).map((entry) => {
      if (entry.type !== IMPORT_COMMITTED) return remapEventIds(entry, (id) => ids.get(id));
      const { entityPages: _pages, ...data } = entry.data;
      const pages = timeline.pages.get(data.importId);
      return { ...entry, data: { ...data, runs: timeline.runs.get(data.importId) ?? [], ...(pages ? { entityPages: pages } : {}) } };
    });
    const events = timeline.eventCount;
    entries.push(provenance(deps.actor, pkg, records.length, events));
    await staged.journal.appendAll(entries);
    await deps.vault.publishCase(staged);
    return { ...base, outcome: 'imported', caseId, events, evidence: evidence.counts, duplicateOf };
  } catch (err) {
    await deps.vault.discardStaged(staged);
    throw err;
  }
}

function entryOf(r: JournalRecord): JournalEntry {
  const { seq: _seq, v: _v, ...entry } = r;
  return entry as JournalEntry;
}

/** A record kept for a case under another id: its `caseId` fields name the new case. */
function rehome<T>(value: T, from: string, to: string): T {
  if (from === to) return value;
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (v === null || typeof v !== 'object') return v;
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = k === 'caseId' && x === from ? to : walk(x);
    return out;
  };
  return walk(value) as T;
}

function provenance(actor: string, pkg: VerifiedPackage, records: number, events: number): JournalEntry {
  const m = pkg.manifest;
  return {
    at: new Date().toISOString(),
    actor,
    type: PACKAGE_IMPORTED,
    data: {
      sourceCaseId: m.case.id,
      title: m.case.title,
      packageHead: m.journal.head,
      caseHead: m.journal.caseHead,
      packageSha256: pkg.sha256,
      createdAt: m.createdAt,
      createdBy: m.createdBy.actor,
      signer: pkg.signer ? { fingerprint: pkg.signer.fingerprint, name: pkg.signer.name, known: pkg.signer.known } : null,
      records,
      events,
      selective: m.selection !== null || m.redaction !== null,
    },
  };
}

/** Reads the package again and writes each import's events and found entities, and the evidence files, into the staged case. */
async function writeTimeline(
  deps: CaseImportDeps,
  pkg: VerifiedPackage,
  staged: StagedCase,
  evidence: StagedEvidence,
  ids: EventIdMap,
): Promise<StagedTimeline> {
  const timeline = new StagedTimeline(staged, deps.runs, new Map(pkg.manifest.parts.map((p) => [p.name, p])), ids);
  try {
    await readPackage(pkg.file, pkg.keys, async (entry, body) =>
      evidence.takes(entry.name) ? evidence.add(entry, body) : timeline.add(entry.name, await readAll(entry, body)),
    );
    await timeline.finish();
  } catch (err) {
    await timeline.abort();
    throw err;
  }
  return timeline;
}
