import { z } from 'zod';
import type { AuditEntry, ChainVerification, VaultVerification } from '../domain/audit';
import { caseCreateSchema, casePatchSchema, type CaseRecord } from '../domain/case';
import type { KeyRotation, VaultStatus } from '../domain/vault';
import type { ActionRecord, AlertRecord, EntityRecord, EvidenceRecord, IndicatorRecord } from '../domain/records';
import { columnMappingSchema, IMPORT_FORMATS, type ColumnMapping, type ImportPreview, type ImportReport } from '../domain/import';
import { indicatorAddSchema, type MatchList, type MatchRunSummary } from '../domain/indicators';
import { entityListSchema, entitySetSchema, type AlertDetail, type AlertRow, type EntityDetail, type EntityList } from '../domain/entities';
import { events } from './events';
import { caseId, method, newPassphrase, none, passphrase, returns } from './method';
import { exportsMethods } from './methods/exports';
import { graphMethods } from './methods/graph';
import { duplicateMethods } from './methods/duplicates';
import { duplicateChoice } from '../domain/duplicates';
import { actionsMethods } from './methods/actions';
import { evidenceMethods } from './methods/evidence';
import { storyMethods } from './methods/story';
import { packagesMethods } from './methods/packages';
import { scopeMethods } from './methods/scope';
import { diagnosticsMethods } from './methods/diagnostics';
import { FACET_FIELDS, timelineFilterSchema, type EventPage, type Facet, type Histogram, type TimelineSummary } from '../domain/timeline';

/**
 * The one IPC contract. Every method the renderer may call is one entry here:
 * its input schema (validated by the shell before the engine sees it) and its
 * result type. The preload's window.casebook, the shell's handlers, the
 * renderer's client and the browser test bridge are all derived from it.
 */

/**
 * A case's revision: the sequence number of the last record of its journal.
 * Every change to a case is a journal record (a field edit, an import's
 * records and its commit, which brings the timeline runs), so the revision
 * grows with each change, never goes back, and two answers with the same
 * revision describe the same case: its records, its counts and its timeline.
 * The renderer keys its engine-backed queries on it.
 */
export interface CaseRevision {
  caseId: string;
  revision: number;
  counts: CaseCounts;
}

export { CASE_CHANGE_KINDS, events, type CaseChangeKind } from './events';

/** Records that a command changed; the renderer writes them into its read model. */
export interface ChangeSet {
  /** The revision and counts of every case the command changed (or was asked to change). */
  revisions?: CaseRevision[];
  cases?: CaseRecord[];
  audit?: AuditEntry[];
  alerts?: AlertRecord[];
  entities?: EntityRecord[];
  indicators?: IndicatorRecord[];
  actions?: ActionRecord[];
  evidence?: EvidenceRecord[];
}

/** How many records of each kind a case holds. */
export interface CaseCounts {
  events: number;
  alerts: number;
  /** Entities, those found in events counted per import that found them (entities.list's `all` is the exact total). */
  entities: number;
  indicators: number;
  actions: number;
  evidence: number;
  /** Indicator matches the latest matching run found. */
  matches: number;
  /** Notes written on the case, its entities, alerts and events (an edit is not a new note). */
  notes: number;
}

/** A case's indicators, and what its latest matching run found (per indicator: run.perIndicator). */
export interface IndicatorList {
  indicators: IndicatorRecord[];
  run: MatchRunSummary | null;
}

export interface CaseSummary {
  case: CaseRecord;
  counts: CaseCounts;
  revision: number;
}

/** Every case that could be read, and the ones that could not (with why), so one bad case never hides the others. */
export interface CaseList {
  cases: CaseRecord[];
  unreadable: { caseId: string; message: string }[];
}

/**
 * The renderer's read model gets every entity of a case with at most this
 * many; of a larger one (a large timeline names a hundred thousand addresses,
 * hashes and paths), only those that matter to triage: the ones its alerts
 * name, and those given a role, a verdict or a remediation status. The rest
 * stay in the engine; counts.entities has them all.
 */
export const OPENED_ENTITIES_LIMIT = 10_000;

export interface OpenedCase {
  case: CaseRecord;
  /** See CaseRevision. */
  revision: number;
  audit: AuditEntry[];
  verification: ChainVerification;
  counts: CaseCounts;
  alerts: AlertRecord[];
  /** Every entity, or past OPENED_ENTITIES_LIMIT only those that matter to triage. */
  entities: EntityRecord[];
  indicators: IndicatorRecord[];
  actions: ActionRecord[];
  evidence: EvidenceRecord[];
}

/** A file the user picked in the open-file dialog, as the page gets it: a token for import.*, and the name to show. */
export interface ChosenFile {
  token: string;
  name: string;
}

/**
 * The file to import. From the page: the token files.choose handed out, which
 * the shell swaps for the path before the engine sees the call (see
 * FILE_TOKEN_METHODS); from the CLI, which calls the engine directly: a path.
 */
const importFile = z.string().min(1, 'choose a file').max(4096);

export { NEW_PASSPHRASE_MIN } from './method';

export const contract = {
  'vault.status': method(none, returns<VaultStatus>()),
  'vault.create': method(z.object({ passphrase: newPassphrase }).strict(), returns<VaultStatus>()),
  'vault.unlock': method(z.object({ passphrase }).strict(), returns<VaultStatus>()),
  'vault.lock': method(z.object({ reason: z.enum(['user', 'idle']).default('user') }).strict(), returns<VaultStatus>()),
  'vault.changePassphrase': method(z.object({ current: passphrase, next: newPassphrase }).strict(), returns<VaultStatus>()),
  'vault.settings': method(
    z
      .object({
        autoLockMinutes: z
          .number()
          .int()
          .min(0)
          .max(24 * 60, 'auto-lock is at most 1440 minutes'),
        actor: z.string().trim().min(1, 'the analyst name cannot be empty').max(200),
        /** Whoever proposed an action cannot approve it (actions.decide). */
        twoPersonRule: z.boolean(),
      })
      .partial()
      .strict(),
    returns<VaultStatus>(),
  ),
  /** Every case's chain, and each against the vault manifest: rollback, truncation, deletion. */
  'vault.verify': method(none, returns<VaultVerification>()),
  /**
   * Accepts by hand, on the record, the present state of a case the manifest refuses (rolled back,
   * replaced, deleted); without a case, begins again a manifest that is missing or damaged.
   */
  'vault.acceptState': method(z.object({ caseId: caseId.optional() }).strict(), returns<{ accepted: string }>()),
  /** New vault key and case keys, every journal and run re-encrypted; `next` also changes the passphrase. */
  'vault.rotateKeys': method(z.object({ passphrase, next: newPassphrase.optional() }).strict(), returns<KeyRotation>()),
  'mappings.list': method(none, returns<Record<string, ColumnMapping>>()),
  'mappings.save': method(
    z.object({ name: z.string().trim().min(1, 'name the mapping').max(100), mapping: columnMappingSchema }).strict(),
    returns<Record<string, ColumnMapping>>(),
  ),
  'mappings.delete': method(z.object({ name: z.string().min(1) }).strict(), returns<Record<string, ColumnMapping>>()),
  'cases.list': method(none, returns<CaseList>()),
  'cases.create': method(caseCreateSchema, returns<ChangeSet>()),
  'cases.open': method(z.object({ id: caseId }).strict(), returns<OpenedCase>()),
  'cases.close': method(z.object({ id: caseId }).strict(), returns<{ closed: boolean }>()),
  'cases.update': method(
    z
      .object({
        id: caseId,
        patch: casePatchSchema,
        /** The version the user edited; a newer one on disk is a conflict, not a silent overwrite. */
        expectedVersion: z.number().int().positive().optional(),
      })
      .strict(),
    returns<ChangeSet>(),
  ),
  'cases.summary': method(z.object({ id: caseId }).strict(), returns<CaseSummary>()),
  'import.preview': method(
    z
      .object({
        file: importFile,
        format: z.enum(IMPORT_FORMATS).optional(),
        timezone: z.string().default('UTC'),
        mapping: columnMappingSchema.optional(),
      })
      .strict(),
    returns<ImportPreview>(),
  ),
  'import.start': method(
    z
      .object({
        /** Chosen by the caller so it can follow progress and cancel before the call returns. */
        taskId: z.string().min(1).max(100),
        file: importFile,
        caseId: caseId.optional(),
        format: z.enum(IMPORT_FORMATS).optional(),
        timezone: z.string().default('UTC'),
        skipInvalid: z.boolean().default(false),
        mapping: columnMappingSchema.optional(),
        /** Bytes of timeline the import may write per byte of the file; past it the file is refused as a decompression bomb (default 1000). */
        maxExpansion: z.number().min(1).max(1e9).optional(),
        /** A file or incident the vault already holds (import.duplicates): refused, imported again, or merged into its case. */
        duplicate: duplicateChoice.default('refuse'),
      })
      .strict(),
    returns<{ report: ImportReport; changes: ChangeSet }>(),
  ),
  'import.cancel': method(z.object({ taskId: z.string().min(1) }).strict(), returns<{ cancelled: boolean }>()),
  'timeline.summary': method(z.object({ caseId }).strict(), returns<TimelineSummary>()),
  'timeline.histogram': method(
    z
      .object({
        caseId,
        filter: timelineFilterSchema.default({}),
        bins: z.number().int().min(1).max(2000).default(100),
        splitBy: z.enum(FACET_FIELDS).optional(),
        /** With splitBy: the values with the most events, one series each; the rest are summed as '(other)'. */
        splitLimit: z.number().int().min(1).max(20).default(8),
      })
      .strict(),
    returns<Histogram>(),
  ),
  'timeline.page': method(
    z
      .object({
        caseId,
        filter: timelineFilterSchema.default({}),
        limit: z.number().int().min(1).max(1000).default(100),
        order: z.enum(['asc', 'desc']).default('asc'),
        cursor: z.string().max(40).nullable().default(null),
      })
      .strict(),
    returns<EventPage>(),
  ),
  'timeline.facets': method(
    z
      .object({
        caseId,
        filter: timelineFilterSchema.default({}),
        fields: z
          .array(z.enum(FACET_FIELDS))
          .min(1)
          .default([...FACET_FIELDS]),
        limit: z.number().int().min(1).max(500).default(10),
      })
      .strict(),
    returns<Facet[]>(),
  ),
  /**
   * The system's open-file dialog. Answered by the app shell (electron/ipc.ts), not the engine:
   * only the shell can show a native dialog. The page gets a token per picked file, never its path,
   * and import.* from the page take only those tokens.
   */
  'files.choose': method(
    z
      .object({
        title: z.string().max(200).optional(),
        multiple: z.boolean().default(false),
        /** Choose a folder instead of files (evidence: a triage collection; where an export goes). */
        directory: z.boolean().default(false),
        filters: z
          .array(
            z
              .object({
                name: z.string().min(1).max(100),
                /** Without the dot; '*' for any file. */
                extensions: z
                  .array(z.string().regex(/^(\*|[A-Za-z0-9]{1,16})$/, 'an extension is letters and digits without the dot, or *'))
                  .min(1)
                  .max(50),
              })
              .strict(),
          )
          .max(20)
          .default([]),
      })
      .strict(),
    returns<{ files: ChosenFile[] }>(),
  ),
  'indicators.list': method(z.object({ caseId }).strict(), returns<IndicatorList>()),
  /** An indicator typed in by hand: a journal record, then the case's indicators are matched again. */
  'indicators.add': method(indicatorAddSchema, returns<{ changes: ChangeSet; run: MatchRunSummary | null }>()),
  /** Matches every indicator of the case against its events, entities and alerts now; the result replaces the list. */
  'matches.run': method(z.object({ caseId }).strict(), returns<MatchList>()),
  /** The latest matching run's list, as it was stored (no matching is done). */
  'matches.list': method(z.object({ caseId }).strict(), returns<MatchList>()),
  /** Every entity of the case (the engine's entity store, not the read model), filtered, sorted and a page of it. */
  'entities.list': method(entityListSchema, returns<EntityList>()),
  /** One entity: what each source said, who set its verdict, its alerts, the entities seen with it, its histogram. */
  'entities.get': method(z.object({ caseId, id: z.string().min(1).max(200) }).strict(), returns<EntityDetail>()),
  /** The analyst's verdict and tags on one or many entities: one journal record (audited). */
  'entities.set': method(entitySetSchema, returns<ChangeSet>()),
  'alerts.list': method(z.object({ caseId }).strict(), returns<AlertRow[]>()),
  /** One alert with its entities as the entity store has them. */
  'alerts.get': method(z.object({ caseId, id: z.string().min(1).max(200) }).strict(), returns<AlertDetail>()),
  'audit.list': method(z.object({ caseId }).strict(), returns<AuditEntry[]>()),
  'audit.verify': method(z.object({ caseId }).strict(), returns<ChainVerification>()),
  ...exportsMethods,
  ...graphMethods,
  ...duplicateMethods,
  ...actionsMethods,
  ...evidenceMethods,
  ...storyMethods,
  ...packagesMethods,
  ...scopeMethods,
  ...diagnosticsMethods,
} as const;

type TakesFile = { [M in MethodName]: ParsedInput<M> extends { file: string } ? M : never }[MethodName];

/**
 * The methods whose `file`, from the page, is a files.choose token: the shell
 * (electron/file-tokens.ts) swaps it for the path or refuses the call. Typed
 * as a record of every method that takes a `file`, so a new one cannot be left out.
 */
export const FILE_TOKEN_METHODS = {
  'import.preview': true,
  'import.start': true,
  'import.duplicates': true,
  'evidence.add': true,
  'packages.verify': true,
  'packages.import': true,
  'backup.restore': true,
  'identity.trustFile': true,
} as const satisfies Record<TakesFile, true>;
export type FileTokenMethod = keyof typeof FILE_TOKEN_METHODS;

export type Contract = typeof contract;
export type MethodName = keyof Contract;
export type Input<M extends MethodName> = z.input<Contract[M]['input']>;
export type ParsedInput<M extends MethodName> = z.output<Contract[M]['input']>;
export type Result<M extends MethodName> = Contract[M]['result'];
export type EventName = keyof typeof events;
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>;

export const methodNames = Object.keys(contract) as MethodName[];
export const eventNames = Object.keys(events) as EventName[];

export const CHANNEL_PREFIX = 'casebook:';
export const channelOf = (name: MethodName | EventName): string => CHANNEL_PREFIX + name;

export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(contract, name);
}

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(events, name);
}

type GroupOf<K> = K extends `${infer G}.${string}` ? G : never;
type Group = GroupOf<MethodName>;

/** Nested API shape: api.cases.update(input). R maps each method's result (plain or enveloped). */
export type ApiOf<Wrap extends 'plain' | 'envelope'> = {
  [G in Group]: {
    [K in MethodName as K extends `${G}.${infer M}` ? M : never]: (
      input: Input<K>,
    ) => Promise<Wrap extends 'plain' ? Result<K> : import('./errors').Envelope<Result<K>>>;
  };
} & {
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
};

/** What the preload (and the browser test bridge) put on window.casebook: every call answers with an envelope. */
export type CasebookBridge = ApiOf<'envelope'>;
/** What renderer code uses: calls resolve with the result or throw CasebookError. */
export type CasebookClient = ApiOf<'plain'>;
