import { createHash, randomUUID } from 'node:crypto';
import path from 'node:path';
import type { Handlers } from '../../../shared/ipc/dispatch';
import type { ParsedInput } from '../../../shared/ipc/contract';
import type { EvidenceWrite } from '../../../shared/ipc/methods/evidence';
import {
  exportsAsFolder,
  type CustodyEntry,
  type EvidenceDetail,
  type EvidenceItem,
  type EvidenceLinkChange,
  type EvidenceRow,
  type LinkedTarget,
  type VerifyResult,
} from '../../../shared/domain/evidence';
import { CasebookError } from '../../../shared/ipc/errors';
import type { EmitEvent } from '../engine-events';
import type { CaseAccess } from '../cases/case-access';
import type { CaseChanges } from '../cases/case-changes';
import { replayState } from '../cases/case-state';
import { toAuditEntry } from '../cases/case-model';
import type { CaseJournal } from '../vault/case-journal';
import type { JournalEntry } from '../cases/records/journal-record';
import { EVIDENCE_ADDED, EVIDENCE_CUSTODY, EVIDENCE_LINKED } from '../cases/records/evidence-records';
import { checkLinkChange, linkStateProblems, missingTargets, namedLinks, refuse, type LinkLookups } from './evidence-links';
import { newBlobKey } from './blob-format';
import { NODE_EVIDENCE_FS, publishItem, removeItemFolders, stagingDir, type EvidenceFs } from './blob-store';
import { ingest, type Ingested } from './ingest';
import { exportBlobs, verifyBlobs } from './item-blobs';
import { evidenceItems, importRow, itemRow, sweepUnrecorded, type ItemState } from './evidence-state';
import { custodyReport } from './custody-report';

type EvidenceMethods =
  | 'evidence.list'
  | 'evidence.get'
  | 'evidence.add'
  | 'evidence.addRef'
  | 'evidence.cancel'
  | 'evidence.custody'
  | 'evidence.verify'
  | 'evidence.export'
  | 'evidence.report'
  | 'evidence.saveReport'
  | 'evidence.link';

export interface EvidenceServiceOptions {
  /** Where blobs are written; tests inject one that fills the disk. */
  fs?: EvidenceFs;
  /** How links are checked and named (the entity store, the timeline); without it, no link can be added. */
  links?: LinkLookups;
}

const NO_LOOKUPS: LinkLookups = {
  entities: async () => new Map(),
  event: async () => null,
};

type Fields = ParsedInput<'evidence.add'>['fields'];

/**
 * Evidence items with their chain of custody. Ingested items are sealed in the
 * case's blob store (blob-store.ts) under a key of their own, kept in their
 * `evidence.added` record; items held elsewhere are recorded with the hashes
 * given. Custody entries, verifications and exports are `evidence.custody`
 * records: appended, never edited. An ingest, like an import, runs under the
 * case's mutex and is all or nothing: a failure or a cancel leaves no item,
 * no blob and no record.
 */
export class EvidenceService {
  readonly handlers: Pick<Handlers, EvidenceMethods>;
  private readonly tasks = new Map<string, AbortController>();
  private readonly fs: EvidenceFs;
  private readonly lookups: LinkLookups;

  constructor(
    private readonly cases: CaseAccess,
    private readonly changes: Pick<CaseChanges, 'revisionOf'>,
    private readonly emit: EmitEvent,
    options: EvidenceServiceOptions = {},
  ) {
    this.fs = options.fs ?? NODE_EVIDENCE_FS;
    this.lookups = options.links ?? NO_LOOKUPS;
    this.handlers = {
      'evidence.list': ({ caseId }) => this.cases.withReadable(caseId, (journal) => listOf(journal)),
      'evidence.get': async ({ caseId, itemId }): Promise<EvidenceDetail> => {
        const { state, alerts } = await this.cases.withReadable(caseId, (journal) => ({
          state: itemOf(journal, itemId),
          alerts: replayState(caseId, journal.records).alerts,
        }));
        return { item: state.item, custody: state.custody, linked: await namedLinks(state.item, alerts, this.lookups) };
      },
      'evidence.link': (input) => this.link(input),
      'evidence.add': (input) => this.add(input),
      'evidence.addRef': (input) => this.addRef(input),
      'evidence.cancel': async ({ taskId }) => {
        const task = this.tasks.get(taskId);
        task?.abort();
        return { cancelled: task !== undefined };
      },
      'evidence.custody': (input) =>
        this.cases.withWritable(input.caseId, async (journal) => {
          const state = itemOf(journal, input.itemId);
          if (input.entry.corrects && !state.custody.some((e) => e.id === input.entry.corrects)) {
            throw new CasebookError('invalid-input', `evidence.custody: entry.corrects: "${state.item.title}" has no custody entry ${input.entry.corrects}`);
          }
          const { hashVerified, ...rest } = input.entry;
          return this.appendCustody(journal, state, { ...rest, hashVerified }, input.actor);
        }),
      'evidence.verify': (input) => this.verify(input),
      'evidence.export': (input) => this.export(input),
      'evidence.report': async ({ caseId, itemId }) => {
        const read = await this.cases.withReadable(caseId, (journal) => {
          const all = evidenceItems(journal.records);
          return { items: itemId ? [itemOf(journal, itemId)] : [...all.values()], state: replayState(caseId, journal.records) };
        });
        const { items, state } = read;
        const linked = new Map<string, LinkedTarget[]>();
        for (const { item } of items) linked.set(item.id, await namedLinks(item, state.alerts, this.lookups));
        return custodyReport({ case: state.case, items, imports: itemId ? [] : [...state.evidence.values()], linked, at: new Date().toISOString() });
      },
      'evidence.saveReport': async () => {
        throw new CasebookError('forbidden', 'evidence.saveReport is answered by the app shell (it prints the report with Chromium)');
      },
    };
  }

  /** Why key rotation must wait, or null. */
  busyReason(): string | null {
    return this.tasks.size ? 'evidence is being ingested or checked' : null;
  }

  abortAll(): void {
    for (const task of this.tasks.values()) task.abort();
  }

  private async task<T>(taskId: string, fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
    if (this.tasks.has(taskId)) throw new CasebookError('invalid-input', `taskId: task ${taskId} is already running`);
    const controller = new AbortController();
    this.tasks.set(taskId, controller);
    try {
      return await fn(controller.signal);
    } catch (err) {
      if (controller.signal.aborted) throw new CasebookError('cancelled', 'cancelled; nothing was added to the case');
      throw err;
    } finally {
      this.tasks.delete(taskId);
    }
  }

  private async add(input: ParsedInput<'evidence.add'>): Promise<EvidenceWrite<EvidenceItem>> {
    const { caseId, taskId, file, fields } = input;
    const actor = input.actor ?? this.cases.actor();
    const label = `Ingesting ${path.basename(file)}`;
    await this.checkNewLinks('evidence.add', caseId, fields.links);
    return this.task(taskId, (signal) =>
      this.cases.withWritable(caseId, async (journal) => {
        await sweepUnrecorded(journal.dir, journal.records);
        const itemId = randomUUID();
        const key = newBlobKey();
        let ingested: Ingested;
        try {
          ingested = await ingest(
            file,
            { caseId, itemId, key, dir: stagingDir(journal.dir, itemId) },
            { fs: this.fs, signal, onProgress: (done, total) => this.emit('task.progress', { taskId, label, done, total, unit: 'bytes' }) },
          );
          signal.throwIfAborted();
          await publishItem(journal.dir, itemId);
        } catch (err) {
          await removeItemFolders(journal.dir, itemId);
          throw diskFull(err, file);
        }
        const item = newItem(caseId, itemId, 'ingested', fields, actor, {
          size: ingested.size,
          files: ingested.files,
          skipped: ingested.skipped,
          hashes: ingested.folder
            ? manifestHashes(ingested)
            : { sha256: ingested.files[0]!.sha256, sha1: ingested.files[0]!.sha1, md5: ingested.files[0]!.md5 },
          kind: ingested.folder && fields.kind === 'file' ? 'triage-collection' : fields.kind,
        });
        try {
          return await this.appendAll(journal, actor, [{ type: EVIDENCE_ADDED, data: { item, blobKey: key.toString('base64') } }], item);
        } catch (err) {
          await removeItemFolders(journal.dir, itemId);
          throw err;
        }
      }),
    );
  }

  private async addRef(input: ParsedInput<'evidence.addRef'>): Promise<EvidenceWrite<EvidenceItem>> {
    const actor = input.actor ?? this.cases.actor();
    await this.checkNewLinks('evidence.addRef', input.caseId, input.fields.links);
    return this.cases.withWritable(input.caseId, async (journal) => {
      const { sha256 = null, sha1 = null, md5 = null } = input.hashes;
      const item = newItem(input.caseId, randomUUID(), 'reference', input.fields, actor, {
        size: input.size ?? null,
        files: [],
        skipped: [],
        hashes: { sha256, sha1, md5 },
        kind: input.fields.kind,
      });
      return this.appendAll(journal, actor, [{ type: EVIDENCE_ADDED, data: { item, blobKey: null } }], item);
    });
  }

  /** A new item's links, checked before anything is ingested (outside the mutex, the lookups read the stores): every target must exist. */
  private async checkNewLinks(method: string, caseId: string, links: Partial<EvidenceLinkChange> | undefined): Promise<void> {
    const wanted = { entities: links?.entities ?? [], alerts: links?.alerts ?? [], events: links?.events ?? [] };
    if (!wanted.entities.length && !wanted.alerts.length && !wanted.events.length) return;
    const alerts = await this.cases.withReadable(caseId, (journal) => replayState(caseId, journal.records).alerts);
    const problems = await missingTargets(caseId, wanted, alerts, this.lookups, 'fields.links.');
    if (problems.length) throw new CasebookError('invalid-input', `${method}: ${problems.join('; ')}; nothing was added`);
  }

  /** Links an item to entities, alerts and events, or unlinks it: checked first (outside the mutex, the lookups read the stores), then one record. */
  private async link(input: ParsedInput<'evidence.link'>): Promise<EvidenceWrite<EvidenceItem>> {
    const { caseId, itemId } = input;
    const read = (journal: CaseJournal) => ({ state: itemOf(journal, itemId), alerts: replayState(caseId, journal.records).alerts });
    const before = await this.cases.withReadable(caseId, read);
    const change = await checkLinkChange(before.state.item, input, before.alerts, this.lookups);
    const actor = input.actor ?? this.cases.actor();
    return this.cases.withWritable(caseId, async (journal) => {
      // Checked again against the journal as it is now: another window may have linked the same target meanwhile.
      const now = { state: itemOf(journal, itemId) };
      refuse(linkStateProblems(now.state.item, change));
      const written = await this.appendAll(journal, actor, [{ type: EVIDENCE_LINKED, data: { itemId, ...change } }], null);
      return { changes: written.changes, result: itemOf(journal, itemId).item };
    });
  }

  private verify(input: ParsedInput<'evidence.verify'>): Promise<EvidenceWrite<VerifyResult>> {
    const { caseId, itemId } = input;
    const taskId = input.taskId ?? randomUUID();
    return this.task(taskId, (signal) =>
      this.cases.withWritable(caseId, async (journal) => {
        const state = ingestedItem(journal, itemId, 'verified');
        const label = `Verifying ${state.item.title}`;
        const problems = await verifyBlobs({
          caseDir: journal.dir,
          item: state.item,
          key: state.key!,
          signal,
          onProgress: (done, total) => this.emit('task.progress', { taskId, label, done, total, unit: 'bytes' }),
        });
        const result = problems.length ? 'mismatch' : 'match';
        const notes = problems.length
          ? `HASH MISMATCH: ${problems.join('; ')}`
          : `SHA-256, SHA-1 and MD5 of ${state.item.files.length} file(s) recomputed from the blob store: they match`;
        const written = await this.appendCustody(journal, state, { event: 'verified', hashVerified: result, notes, purpose: 're-verification' }, input.actor);
        return { changes: written.changes, result: { itemId, title: state.item.title, result, problems, entry: written.result } };
      }),
    );
  }

  private export(input: ParsedInput<'evidence.export'>): Promise<EvidenceWrite<{ path: string; entry: CustodyEntry }>> {
    return this.cases.withWritable(input.caseId, async (journal) => {
      const state = ingestedItem(journal, input.itemId, 'exported');
      const folder = exportsAsFolder(state.item);
      const dest = path.resolve(input.out);
      await exportBlobs({ caseDir: journal.dir, item: state.item, key: state.key! }, dest, folder);
      const notes = `written decrypted to ${dest}; SHA-256, SHA-1 and MD5 checked as it was written`;
      const written = await this.appendCustody(journal, state, { event: 'exported', to: dest, hashVerified: 'match', notes }, input.actor);
      return { changes: written.changes, result: { path: dest, entry: written.result } };
    });
  }

  private async appendCustody(
    journal: CaseJournal,
    state: ItemState,
    given: Partial<Omit<CustodyEntry, 'id' | 'itemId' | 'recordedBy' | 'recordedAt'>> & Pick<CustodyEntry, 'event' | 'hashVerified'>,
    actorName: string | undefined,
  ): Promise<EvidenceWrite<CustodyEntry>> {
    const actor = actorName ?? this.cases.actor();
    const now = new Date().toISOString();
    const entry: CustodyEntry = {
      id: `c-${randomUUID()}`,
      itemId: state.item.id,
      event: given.event,
      by: given.by ?? actor,
      from: given.from ?? null,
      to: given.to ?? null,
      at: given.at ?? now,
      where: given.where ?? null,
      purpose: given.purpose ?? null,
      notes: given.notes ?? null,
      hashVerified: given.hashVerified,
      corrects: given.corrects ?? null,
      recordedBy: actor,
      recordedAt: now,
    };
    return this.appendAll(journal, actor, [{ type: EVIDENCE_CUSTODY, data: { entry } }], entry);
  }

  private async appendAll<T>(journal: CaseJournal, actor: string, entries: Omit<JournalEntry, 'at' | 'actor'>[], result: T): Promise<EvidenceWrite<T>> {
    const at = new Date().toISOString();
    const audit = [];
    for (const entry of entries) {
      const { record, tag } = await journal.append({ at, actor, ...entry } as JournalEntry);
      audit.push(toAuditEntry(journal.caseId, record, tag));
    }
    return { changes: { audit, revisions: [this.changes.revisionOf(journal)] }, result };
  }
}

function listOf(journal: CaseJournal): EvidenceRow[] {
  const rows = [...evidenceItems(journal.records).values()].map(itemRow);
  for (const record of replayState(journal.caseId, journal.records).evidence.values()) rows.push(importRow(record));
  return rows.sort((a, b) => (a.addedAt < b.addedAt ? 1 : a.addedAt > b.addedAt ? -1 : 0));
}

function itemOf(journal: CaseJournal, itemId: string): ItemState {
  const state = evidenceItems(journal.records).get(itemId);
  if (!state) throw new CasebookError('not-found', `case ${journal.caseId} has no evidence item ${itemId}`);
  return state;
}

function ingestedItem(journal: CaseJournal, itemId: string, what: string): ItemState {
  const state = itemOf(journal, itemId);
  if (!state.key) {
    throw new CasebookError(
      'invalid-input',
      `"${state.item.title}" is held elsewhere (${state.item.storageLocation ?? 'no location given'}); only an ingested item can be ${what} here`,
    );
  }
  return state;
}

function newItem(
  caseId: string,
  id: string,
  storage: EvidenceItem['storage'],
  fields: Fields,
  actor: string,
  stored: Pick<EvidenceItem, 'size' | 'files' | 'skipped' | 'hashes' | 'kind'>,
): EvidenceItem {
  return {
    id,
    caseId,
    storage,
    title: fields.title,
    description: fields.description,
    sourceHost: fields.sourceHost || null,
    acquiredBy: fields.acquiredBy || null,
    acquiredAt: fields.acquiredAt ? new Date(fields.acquiredAt).toISOString() : null,
    tool: fields.tool || null,
    storageLocation: fields.storageLocation || null,
    links: { entities: fields.links?.entities ?? [], events: fields.links?.events ?? [], alerts: fields.links?.alerts ?? [] },
    addedBy: actor,
    addedAt: new Date().toISOString(),
    ...stored,
  };
}

/** A folder's hashes: those of its manifest written as sha256sum would list it (one "hash  path" line per file, sorted by path). */
export function manifestText(files: readonly { sha256: string; path: string }[]): string {
  return files.map((f) => `${f.sha256}  ${f.path}\n`).join('');
}

function manifestHashes(ingested: Ingested): EvidenceItem['hashes'] {
  const text = manifestText(ingested.files);
  return {
    sha256: createHash('sha256').update(text).digest('hex'),
    sha1: createHash('sha1').update(text).digest('hex'),
    md5: createHash('md5').update(text).digest('hex'),
  };
}

function diskFull(err: unknown, file: string): unknown {
  if ((err as NodeJS.ErrnoException).code === 'ENOSPC') {
    return new CasebookError('internal', `no space left on the vault's disk while ingesting ${file}; nothing was added (free some space and ingest it again)`);
  }
  return err;
}
