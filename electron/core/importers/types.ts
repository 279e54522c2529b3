import type { CaseCreate } from '../../../shared/domain/case';
import type { ActionRecord, AlertRecord, EntityType, IndicatorRecord } from '../../../shared/domain/records';
import type { TimelineEvent } from '../../../shared/domain/timeline';
import type { ColumnMapping, ImportFormat } from '../../../shared/domain/import';
import type { InvalidRecord, Position } from './problems';
import type { EventRow } from '../timeline/event-row';

/** Bytes [start, end) of a file; `end` defaults to the end of the file. */
export interface ByteRange {
  start: number;
  end?: number;
}

/** The first bytes of a file, for format detection. */
export interface Sample {
  name: string;
  size: number;
  head: Buffer;
  /** `head` decoded as UTF-8 (BOM removed); may end mid-record. */
  text: string;
}

/** An incident in the file: becomes a case of its own unless the import targets a chosen case. */
export interface IncidentInput {
  externalId: string;
  fields: CaseCreate;
  createdAt?: string | null;
  attributes?: Record<string, unknown>;
}

export interface EntityInput {
  type: EntityType;
  /** The raw identity (host name, IP, hash, path...); normalized by the pipeline. */
  value: string;
  display?: string;
  roles?: string[];
  verdict?: string | null;
  remediationStatus?: string | null;
  firstSeen?: string | null;
  lastSeen?: string | null;
  attributes?: Record<string, unknown>;
}

export type AlertInput = Omit<AlertRecord, 'id' | 'caseId' | 'entityIds' | 'source'> & {
  source?: string;
  entities?: EntityInput[];
};
export type IndicatorInput = Omit<IndicatorRecord, 'id' | 'caseId' | 'source'> & { source?: string };
export type ActionInput = Omit<ActionRecord, 'id' | 'caseId' | 'source'> & { source?: string };

/**
 * Where a record is in the file, for the error when it cannot be imported as
 * it is (too large for the case's journal): its position, and the path of the
 * record inside the object there (`alerts[2]` of an incident), if it is nested.
 */
export interface RecordPlace {
  position: Position;
  path?: string;
}

/**
 * What an importer writes to. Records go to the current incident's group (set
 * by incident()); before any incident() they go to the file's own group.
 * Everything is collected and committed only when the whole file succeeds.
 */
export interface ImportContext {
  readonly file: string;
  readonly size: number;
  /** IANA zone (or 'UTC') for times that carry none. */
  readonly timezone: string;
  readonly mapping: ColumnMapping | null;
  /**
   * Streams the file's bytes from the start, or only bytes [start, end) when a
   * range is given (archives are read from their directory at the end).
   */
  open(range?: ByteRange): AsyncIterable<Buffer>;
  /** The whole file, for JSON documents; refuses files over the in-memory limit with a clear error. */
  readAll(): Promise<Buffer>;
  /** `length` bytes at `offset` (fewer at the end of the file): for formats read by random access (SQLite). */
  readAt(offset: number, length: number): Promise<Buffer>;
  /** Reports bytes consumed (progress). */
  bytes(n: number): void;
  /** Tells the preview which columns or fields the file has. */
  columns(names: string[]): void;
  /** Tells the preview how many records the file holds, where the format says (a database's row count). */
  expectRecords?(count: number): void;

  /** `place`, where importers know it, is named if the record cannot be imported (too large). */
  incident(incident: IncidentInput, place?: RecordPlace): void;
  /** False when the alert was refused as it is (an invalid record, too large): write nothing more of it, such as its events. */
  alert(alert: AlertInput, place?: RecordPlace): boolean;
  /** Returns the entity's id (stable: same type and normalized value → same id). */
  entity(entity: EntityInput): string;
  indicator(indicator: IndicatorInput, place?: RecordPlace): void;
  action(action: ActionInput, place?: RecordPlace): void;
  event(event: TimelineEvent): void;
  /** An event already in stored form (tags and attributes as JSON text): the fast way for large tabular files. */
  eventRow(row: EventRow): void;
  invalid(record: InvalidRecord): void;
  /** The text held `count` invalid UTF-8 sequences (read as U+FFFD), the first at byte `firstOffset` of the file (or of archive entry `entry`). */
  invalidUtf8?(count: number, firstOffset: number, entry?: string): void;
  warn(message: string, position?: Position): void;
  /**
   * One record's time field `other` disagrees with `field`, the one its event's
   * time came from, by `hours` whole hours (clock-offsets.ts): counted for the report.
   */
  clockOffset?(field: string, other: string, hours: number): void;

  /**
   * Parses a time field: ISO 8601 (with or without zone), or epoch s/ms/µs/ns.
   * Zoneless times are read in `timezone` and counted. Returns null (and records
   * an invalid record at `position`/`field`) when the text is not a time.
   */
  time(text: unknown, position: Position, field: string): number | null;

  /** Call regularly (e.g. once per batch): flushes, reports progress, honours cancellation. */
  checkpoint(): Promise<void>;
  /**
   * Has another thread import the Plaso storage file's events from rowid
   * `from` on (import/parallel-tail.ts) while this one imports those before
   * it; null when the import reads the file alone (a preview, a file of fewer
   * than the engine's parallelImport.minRecords records, one core).
   */
  parallelTail?(part: { format: 'plaso-storage'; from: number; records: number }): Promise<ParallelTailHandle | null>;
}

/** The other thread's part of an import, taken in once this thread's own part is read. */
export interface ParallelTailHandle {
  join(): Promise<void>;
}

export interface Importer {
  format: ImportFormat;
  label: string;
  /** 0 (not this format) … 1 (certainly this format). */
  sniff(sample: Sample): number;
  run(ctx: ImportContext): Promise<void>;
}
