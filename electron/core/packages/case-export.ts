import {
  PACKAGE_FORMAT,
  PACKAGE_FORMAT_VERSION,
  type PackageEvidenceCounts,
  type PackageExportResult,
  type PackageManifest,
  type PackagePart,
  type PackageSelection,
} from '../../../shared/domain/packages';
import { CasebookError } from '../../../shared/ipc/errors';
import type { CaseAccess } from '../cases/case-access';
import { countsOf, replayState } from '../cases/case-state';
import { replayCase } from '../cases/case-model';
import { IMPORT_COMMITTED, type ImportCommittedData } from '../cases/records/import-records';
import { readEntityPage } from '../entities/entity-pages';
import { entityLines, writeEntityLines } from './entity-lines';
import type { JournalRecord } from '../cases/records/journal-record';
import type { AgeRecipients } from './age/age';
import { eventLine } from './event-lines';
import { writeRunLines } from './event-line-writer';
import { ByteSink } from './json-bytes';
import { signManifest, fingerprint, type Examiner } from './examiner';
import { PackageFilter } from './package-filter';
import {
  CHAIN_START,
  entitiesPartName,
  eventsPartName,
  JOURNAL_FILE,
  journalLine,
  MANIFEST_FILE,
  SIGNATURE_FILE,
  SUMS_FILE,
  sumsText,
  type PackageSignature,
} from './package-format';
import { PackageWriter } from './package-writer';
import { readRun, runEvent, type StoredRun } from './run-events';
import { writeEvidence } from './evidence-part';
import { learnRedactions } from './redaction-pass';
import { RUN_ID_STRIDE } from '../timeline/run-builder';

export interface CaseExportRequest {
  caseId: string;
  out: string;
  to: AgeRecipients;
  /** Sign the manifest with this examiner's key (null: unsigned). */
  signer: Examiner | null;
  selection: PackageSelection | null;
  redact: string[];
  /** Who exports (the vault's actor). */
  actor: string;
}

export interface ExportControl {
  signal?: AbortSignal;
  /** Events written so far, of the case's total. */
  progress?: (done: number, total: number) => void;
  /** Bytes of evidence files written so far, of the package's total. */
  evidenceProgress?: (done: number, total: number) => void;
}

/** What an export reads of the case, taken under the case's mutex; the run files it names are never rewritten. */
interface CaseSnapshot {
  records: JournalRecord[];
  key: Buffer;
  dir: string;
  caseHead: string | null;
}

/**
 * Writes a case as a package (package-format.ts): the journal's records,
 * each import's events run by run, the manifest, SHA256SUMS and the
 * signature. Memory holds one run's events at a time.
 */
export async function exportCase(cases: CaseAccess, req: CaseExportRequest, control: ExportControl = {}): Promise<PackageExportResult> {
  const snap = await cases.withReadable(req.caseId, (j): CaseSnapshot => ({
    records: [...j.records],
    key: j.dataKey,
    dir: j.dir,
    caseHead: j.headTag?.toString('hex') ?? null,
  }));
  const filter = new PackageFilter(req.selection, req.redact);
  filter.prepare(snap.records);
  await learnRedactions(filter, { ...snap, caseId: req.caseId, signal: control.signal });
  const exported = snap.records.map((r) => filter.record(r)).filter((r): r is JournalRecord => r !== null);
  const writer = await PackageWriter.create(req.out, req.to);
  try {
    const journal = journalText(exported);
    await writer.add(JOURNAL_FILE, journal.body);
    const eventParts = await writeEvents(writer, snap, req.caseId, filter, control);
    const evidence = await writeEvidence(
      writer,
      { records: snap.records, dir: snap.dir, signal: control.signal, progress: control.evidenceProgress },
      exported,
      req.caseId,
    );
    const parts: PackagePart[] = [{ ...writer.files[0]!, kind: 'journal' }, ...eventParts, ...evidence.parts];
    const manifest = manifestOf(req, snap, exported, journal.head, parts, filter, evidence.counts);
    const manifestBytes = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`);
    await writer.add(MANIFEST_FILE, manifestBytes);
    await writer.add(SUMS_FILE, Buffer.from(sumsText(writer.files)));
    if (req.signer) await writer.add(SIGNATURE_FILE, signatureFile(req.signer, manifestBytes));
    const written = await writer.finish();
    const events = eventParts.reduce((n, p) => n + (p.events ?? 0), 0);
    return { file: req.out, ...written, events, records: exported.length, signed: req.signer !== null, evidence: evidence.counts, manifest };
  } catch (err) {
    await writer.abort();
    throw err;
  }
}

function journalText(records: readonly JournalRecord[]): { body: Buffer; head: string | null } {
  let chain = CHAIN_START;
  const lines: string[] = [];
  for (const r of records) {
    const next = journalLine(chain, r);
    lines.push(next.line);
    chain = next.chain;
  }
  return { body: Buffer.from(lines.join('')), head: records.length ? chain : null };
}

/**
 * Each import's events, a part per timeline run, then its entities. Lines are
 * written into one buffer reused for every part; without a selection or
 * redaction they are written straight from the run's columns (event-line-writer.ts).
 */
async function writeEvents(writer: PackageWriter, snap: CaseSnapshot, caseId: string, filter: PackageFilter, control: ExportControl): Promise<PackagePart[]> {
  const imports = snap.records.filter((r) => r.type === IMPORT_COMMITTED && filter.includesImport(r.data.importId));
  const total = imports.reduce((n, r) => n + (r.type === IMPORT_COMMITTED ? r.data.runs.reduce((m, run) => m + run.count, 0) : 0), 0);
  const parts: PackagePart[] = [];
  const sink = new ByteSink();
  let done = 0;
  for (const r of imports) {
    if (r.type !== IMPORT_COMMITTED) continue;
    for (const [index, ref] of r.data.runs.entries()) {
      if (control.signal?.aborted) throw new CasebookError('cancelled', 'the export was cancelled; no package was written');
      const run = await readRun({ dir: snap.dir, caseId, key: snap.key }, ref);
      sink.reset();
      // A time range keeps a stretch of the run (its events are in time order): its first event's id names them all.
      const { events, first } = filter.active ? writeFilteredLines(sink, run, filter) : { events: writeRunLines(sink, run), first: 0 };
      await writer.add(eventsPartName(r.data.importId, index), sink.view());
      const firstEventId = ref.ordinal * RUN_ID_STRIDE + (first ?? 0);
      parts.push({ ...writer.files.at(-1)!, kind: 'events', importId: r.data.importId, events, firstEventId });
      done += ref.count;
      control.progress?.(done, total);
    }
    parts.push(...(await writeEntities(writer, sink, snap, caseId, filter, r.data)));
  }
  return parts;
}

/** A run's events as the selection keeps them and the redaction rewrites them; returns how many were kept. */
function writeFilteredLines(sink: ByteSink, run: StoredRun, filter: PackageFilter): { events: number; first: number | null } {
  let kept = 0;
  let first: number | null = null;
  for (let i = 0; i < run.cols.header.count; i++) {
    const event = filter.event(runEvent(run, i));
    if (!event) continue;
    first ??= i;
    sink.text(eventLine(event));
    kept++;
  }
  return { events: kept, first };
}

/** The import's entities found only in its events (its entity pages), one part per page. */
async function writeEntities(
  writer: PackageWriter,
  sink: ByteSink,
  snap: CaseSnapshot,
  caseId: string,
  filter: PackageFilter,
  data: ImportCommittedData,
): Promise<PackagePart[]> {
  const parts: PackagePart[] = [];
  for (const [k, ref] of (data.entityPages ?? []).entries()) {
    const page = await readEntityPage(snap.dir, caseId, snap.key, ref);
    sink.reset();
    let entities = 0;
    if (!filter.active) entities = writeEntityLines(sink, page.columns);
    else {
      for (const entity of entityLines(page.columns)) {
        const kept = filter.foundEntity(entity);
        if (!kept) continue;
        sink.text(`${JSON.stringify(kept)}\n`);
        entities++;
      }
    }
    await writer.add(entitiesPartName(data.importId, k), sink.view());
    parts.push({ ...writer.files.at(-1)!, kind: 'entities', importId: data.importId, entities, source: filter.text(page.source) });
  }
  return parts;
}

function manifestOf(
  req: CaseExportRequest,
  snap: CaseSnapshot,
  exported: readonly JournalRecord[],
  head: string | null,
  parts: PackagePart[],
  filter: PackageFilter,
  evidence: PackageEvidenceCounts,
): PackageManifest {
  const counts = countsOf(replayState(req.caseId, exported));
  return {
    format: PACKAGE_FORMAT,
    formatVersion: PACKAGE_FORMAT_VERSION,
    kind: 'case',
    createdAt: new Date().toISOString(),
    createdBy: { actor: req.actor, signingFingerprint: req.signer ? fingerprint(req.signer.signingPublic) : null },
    case: { id: req.caseId, title: filter.text(replayCase(req.caseId, exported).title), revision: snap.records.at(-1)?.seq ?? 0 },
    counts: {
      records: exported.length,
      events: parts.reduce((n, p) => n + (p.events ?? 0), 0),
      alerts: counts.alerts,
      entities: counts.entities,
      indicators: counts.indicators,
      actions: counts.actions,
      evidence: counts.evidence,
    },
    journal: { records: exported.length, head, caseHead: filter.active ? null : snap.caseHead },
    selection: req.selection,
    redaction: req.redact.length
      ? { fields: [...req.redact], placeholders: filter.placeholders(), freeText: true, evidenceContents: evidence.files ? 'unchanged' : 'none' }
      : null,
    parts,
  };
}

function signatureFile(signer: Examiner, manifest: Buffer): Buffer {
  const sig: PackageSignature = {
    algorithm: 'ed25519',
    publicKey: signer.signingPublic.toString('base64'),
    fingerprint: fingerprint(signer.signingPublic),
    signature: signManifest(signer, manifest).toString('base64'),
  };
  return Buffer.from(`${JSON.stringify(sig, null, 2)}\n`);
}
