import { createHash } from 'node:crypto';
import type { ActionRecord, AlertRecord, EntityRecord, IndicatorRecord } from '../../../shared/domain/records';
import type { TimelineEvent } from '../../../shared/domain/timeline';
import type { ColumnMapping, ImportCounts, InvalidUtf8 } from '../../../shared/domain/import';
import { CasebookError } from '../../../shared/ipc/errors';
import type { ActionInput, AlertInput, ByteRange, EntityInput, ImportContext, IncidentInput, IndicatorInput, RecordPlace } from '../importers/types';
import { describeInvalid, describePosition, ImportProblem, type InvalidRecord, type Position } from '../importers/problems';
import { formatUs, readTimeField, zonedIsoUs } from '../importers/time';
import { TimelineWriter, type RunTarget } from '../timeline/timeline-writer';
import { RunPool } from '../timeline/run-pool';
import type { ResourceLimits } from 'node:worker_threads';
import type { EntityTallies } from './run-entities';
import { eventToRow, rowToEvent, type EventRow } from '../timeline/event-row';
import { entityId, normalizeEntityKey } from './entity-keys';
import { isNoise, type Found } from './event-entities';
import { FoundEntities } from './found-entities';
import { copyFields } from '../importers/data-object';
import { ParallelTail, parallelImport } from './parallel-tail';
import type { TailResult } from './tail-import';
import type { ParallelTailHandle } from '../importers/types';
import { oversizedIncident, oversizedOnArrival, refuseOversized } from './oversized';
import { expansionProblem, outputBudget } from './expansion';

/** Records of one destination case: the file's own, or one incident's. */
export interface Group {
  key: string;
  incident: IncidentInput | null;
  alerts: Map<string, AlertRecord>;
  entities: Map<string, EntityRecord>;
  indicators: Map<string, IndicatorRecord>;
  actions: Map<string, ActionRecord>;
  timeline: TimelineWriter | null;
  /** µs first/last seen and event count of entities found in events. */
  seen: Map<string, Tally>;
  /** Entities only the group's events name, journaled as tables (most of a large import's entities). */
  found: FoundEntities;
  /** An incident too large to be a case: its records are dropped with it (it is an invalid record). */
  refused: boolean;
}

/** How often and when an entity appeared in a group's events (µs). */
export interface Tally {
  key: string;
  id: string;
  group: Group;
  /** The group's record of the entity, which finish() gives these figures. */
  entity: EntityRecord;
  first: number;
  last: number;
  events: number;
}

export interface CollectorOptions {
  file: string;
  size: number;
  timezone: string;
  mapping: ColumnMapping | null;
  importId: string;
  source: string;
  open: (range?: ByteRange) => AsyncIterable<Buffer>;
  readAll: () => Promise<Buffer>;
  readAt: (offset: number, length: number) => Promise<Buffer>;
  /** Where a group's events go; called when its first run is written. */
  runTarget: (group: Group) => Promise<RunTarget>;
  onProgress: (bytes: number, records: number) => void;
  signal: AbortSignal;
  /** All records go to one case (the import has a chosen case). */
  singleGroup: boolean;
  /** Preview: stop quietly after this many events/records. */
  limit?: number;
  runCapacity?: number;
  /**
   * Set when part of the file may be imported by another thread at the same
   * time (parallel-tail.ts): the file's path, and that thread's heap limits.
   */
  parallel?: { path: string; resourceLimits?: ResourceLimits };
  /** Where full runs are written; without it, on this thread (a preview writes none). */
  runs?: RunPool;
  /** Bytes of runs the import may write per byte of the file (expansion.ts); its default when absent. */
  maxExpansion?: number;
}

/** Keeps the first problems in full; the rest are counted. */
const MAX_LISTED_INVALID = 1000;
/** Problems and warnings quote the file; they go into the import's commit record, so each is kept short. */
const MAX_PROBLEM_CHARS = 2000;
const clipText = (text: string) => (text.length > MAX_PROBLEM_CHARS ? text.slice(0, MAX_PROBLEM_CHARS - 1) + '…' : text);

export class PreviewLimitReached extends Error {}

function addSightings(tally: Tally, first: number, last: number, count: number): void {
  if (first < tally.first) tally.first = first;
  if (last > tally.last) tally.last = last;
  tally.events += count;
}

const hash = (prefix: string, ...parts: string[]) => prefix + createHash('sha256').update(parts.join('\0')).digest('hex').slice(0, 24);

/** The ImportContext importers write to: validates, normalizes and groups, commits nothing. */
export class Collector implements ImportContext {
  readonly groups = new Map<string, Group>();
  private current: Group;
  readonly invalidRecords: InvalidRecord[] = [];
  invalidTotal = 0;
  readonly warnings: string[] = [];
  zoneless = 0;
  /** Invalid UTF-8 sequences the text held, and where the first was. */
  invalidUtf8Found: InvalidUtf8 | null = null;
  bytesRead = 0;
  readonly counts: ImportCounts = { events: 0, alerts: 0, entities: 0, indicators: 0, actions: 0, incidents: 0 };
  private lastProgress = 0;
  private lastYield = Date.now();
  /** Per type, raw value → its entity's tally: events repeat the same hosts and users millions of times. */
  private readonly identities = new Map<string, Map<string, Tally>>();
  /** Preview rows, when limited. */
  readonly sampleEvents: TimelineEvent[] = [];
  /** Where records came from, for naming one too large for the journal (refuseOversized). */
  private readonly places = new WeakMap<object, RecordPlace>();
  /** Each record's size as JSON, measured once its records are final (refuseOversized), to cut journal batches by. */
  recordBytes = new WeakMap<object, number>();
  /** The thread reading the file's tail, if one does, and what it read (taken in by finish()). */
  private tail: { group: Group; thread: ParallelTail; result: TailResult | null } | null = null;

  private readonly runs: RunPool;
  /** The bytes of runs this import may write (expansion.ts). */
  private readonly outputBudget: number;

  constructor(private readonly options: CollectorOptions) {
    this.runs = options.runs ?? new RunPool({ workerFile: null });
    this.current = this.group('', null);
    this.outputBudget = outputBudget(options.size, options.maxExpansion);
  }

  /** Bytes of runs written so far, by every group (and the tail thread, once joined). */
  private written(): number {
    let total = this.tail?.result?.written ?? 0;
    for (const g of this.groups.values()) total += g.timeline?.written ?? 0;
    return total;
  }

  private checkOutput(written: number): void {
    if (written > this.outputBudget) throw expansionProblem(this.options.file, this.options.size, written, this.counts.events, this.options.maxExpansion);
  }

  get file(): string {
    return this.options.file;
  }
  get size(): number {
    return this.options.size;
  }
  get timezone(): string {
    return this.options.timezone;
  }
  get mapping(): ColumnMapping | null {
    return this.options.mapping;
  }
  open(range?: ByteRange): AsyncIterable<Buffer> {
    return this.options.open(range);
  }
  readAll(): Promise<Buffer> {
    return this.options.readAll();
  }
  readAt(offset: number, length: number): Promise<Buffer> {
    return this.options.readAt(offset, length);
  }
  bytes(n: number): void {
    this.bytesRead += n;
  }
  fileColumns: string[] = [];
  columns(names: string[]): void {
    this.fileColumns = names;
  }
  /** How many records the file says it holds (null: it does not say; the preview estimates). */
  expectedRecords: number | null = null;
  expectRecords(count: number): void {
    this.expectedRecords = count;
  }

  private group(key: string, incident: IncidentInput | null): Group {
    let g = this.groups.get(key);
    if (!g) {
      g = newGroup(key, incident);
      this.groups.set(key, g);
    }
    return g;
  }

  private records(): number {
    const c = this.counts;
    return c.events + c.alerts + c.indicators + c.actions + c.incidents + (this.tail?.result ? 0 : (this.tail?.thread.progress.records ?? 0));
  }

  private progressBytes(): number {
    return this.bytesRead + (this.tail?.result ? 0 : (this.tail?.thread.progress.bytes ?? 0));
  }

  private checkLimit(): void {
    if (this.options.limit !== undefined && this.records() >= this.options.limit) throw new PreviewLimitReached();
  }

  /** Every incident the file held, in order. */
  readonly incidents: IncidentInput[] = [];

  incident(incident: IncidentInput, place?: RecordPlace): void {
    // Into a chosen case, every incident's records go to that one case.
    if (this.options.singleGroup) {
      this.counts.incidents++;
      this.incidents.push(incident);
      this.current.incident ??= incident;
      return;
    }
    // Checked now: its case is staged with that first record as soon as its first events are written.
    const tooLarge = oversizedIncident(incident, place);
    if (tooLarge) {
      this.invalid(tooLarge);
      // Its records follow it in the file; they go nowhere, not into the case before it.
      this.current = { ...newGroup(`refused:${incident.externalId}`, incident), refused: true };
      return;
    }
    this.counts.incidents++;
    this.incidents.push(incident);
    this.current = this.group(`incident:${incident.externalId}`, incident);
    this.current.incident = incident;
  }

  entity(input: EntityInput, place?: RecordPlace): string {
    const key = normalizeEntityKey(input.type, input.value);
    const id = entityId(input.type, key);
    if (this.current.refused) return id;
    const existing = this.current.entities.get(id);
    if (existing) {
      mergeEntity(existing, input, this.options.source);
      return id;
    }
    this.counts.entities++;
    const entity: EntityRecord = {
      id,
      caseId: '',
      type: input.type,
      key,
      display: input.display ?? input.value.trim(),
      roles: [...new Set(input.roles ?? [])],
      verdict: input.verdict ?? null,
      remediationStatus: input.remediationStatus ?? null,
      sources: [this.options.source],
      firstSeen: input.firstSeen ?? null,
      lastSeen: input.lastSeen ?? null,
      attributes: input.attributes ?? {},
    };
    this.current.entities.set(id, entity);
    if (place) this.places.set(entity, place);
    return id;
  }

  alert(input: AlertInput, place?: RecordPlace): boolean {
    this.checkLimit();
    if (this.current.refused) return false;
    const { entities, ...rest } = input;
    const tooLarge = oversizedOnArrival('alert', rest, place);
    if (tooLarge) {
      this.invalid(tooLarge);
      return false;
    }
    // An entity that is too large is named by the alert that brought it (its evidence).
    const entityPlace = place && { ...place, path: place.path ? `${place.path}.evidence` : 'evidence' };
    const entityIds = [...new Set((entities ?? []).map((e) => this.entity(e, entityPlace)))];
    const source = input.source ?? this.options.source;
    const id = hash('alr-', source, input.externalId);
    if (!this.current.alerts.has(id)) this.counts.alerts++;
    const alert: AlertRecord = { ...rest, id, caseId: '', source, entityIds };
    this.current.alerts.set(id, alert);
    if (place) this.places.set(alert, place);
    return true;
  }

  indicator(input: IndicatorInput, place?: RecordPlace): void {
    this.checkLimit();
    if (this.current.refused) return;
    const value = input.value.trim();
    const id = hash('ioc-', input.type, input.type === 'url' ? value : value.toLowerCase());
    const existing = this.current.indicators.get(id);
    if (existing) {
      existing.labels = [...new Set([...existing.labels, ...input.labels])];
      existing.forDetection ||= input.forDetection;
      return;
    }
    this.counts.indicators++;
    const indicator: IndicatorRecord = { ...input, value, id, caseId: '', source: input.source ?? this.options.source };
    this.current.indicators.set(id, indicator);
    if (place) this.places.set(indicator, place);
  }

  action(input: ActionInput, place?: RecordPlace): void {
    this.checkLimit();
    if (this.current.refused) return;
    const id = input.externalId ? hash('act-', input.externalId) : hash('act-', this.options.importId, String(this.counts.actions));
    if (!this.current.actions.has(id)) this.counts.actions++;
    const action: ActionRecord = { ...input, id, caseId: '', source: input.source ?? this.options.source };
    this.current.actions.set(id, action);
    if (place) this.places.set(action, place);
  }

  event(event: TimelineEvent): void {
    this.eventRow(eventToRow(event));
  }

  eventRow(row: EventRow): void {
    this.checkLimit();
    const g = this.current;
    if (g.refused) return;
    this.counts.events++;
    if (this.options.limit !== undefined) this.sampleEvents.push(rowToEvent(row));
    // Entities of the event are found when its run is written (in the run worker), not here.
    const timeline = this.timelineOf(g);
    if (timeline.add(row)) this.pendingFlush = true;
    // The group's own output is checked per event (a crafted row can weigh megabytes); all of them together at the end.
    this.checkOutput(timeline.written);
  }

  /** The group's timeline writer, made with its first event (or the first runs a tail thread wrote). */
  private timelineOf(g: Group): TimelineWriter {
    if (!g.timeline) {
      g.timeline = new TimelineWriter(() => this.options.runTarget(g), `${this.options.importId}-${this.groups.size}`, this.runs, this.options.runCapacity);
      g.timeline.onTallies = (tallies) => {
        for (const t of tallies.host) if (t.value && !isNoise(t.value)) this.sawValue(g, 'device', t.value, t.first, t.last, t.count);
        for (const t of tallies.user) if (t.value && !isNoise(t.value)) this.sawValue(g, 'user', t.value, t.first, t.last, t.count);
        this.sawFound(g, tallies.entities);
      };
    }
    return g.timeline;
  }

  private pendingFlush = false;

  /** A host or user of a run: runs repeat the same few values, so each raw value is looked up once per type. */
  private sawValue(g: Group, type: Found[0], value: string, first: number, last: number, count: number): void {
    let byValue = this.identities.get(type);
    if (!byValue) this.identities.set(type, (byValue = new Map()));
    const seen = byValue.get(value);
    if (seen && seen.group === g) return addSightings(seen, first, last, count);
    const key = seen?.key ?? normalizeEntityKey(type, value);
    const tally = this.tallyOf(g, type, value, key, seen?.id ?? entityId(type, key), first, last);
    addSightings(tally, first, last, count);
    byValue.set(value, tally);
  }

  /**
   * The entities the run worker found in an import's events: each distinct
   * value once, with its key and id worked out and its figures final (they are
   * handed over after the last run, or for a preview).
   */
  private sawFound(g: Group, found: EntityTallies): void {
    const { text, ends, numbers } = found;
    for (let i = 0, n = numbers.length / 3; i < n; i++) {
      const id = text.slice(ends[4 * i + 2]!, ends[4 * i + 3]!);
      const first = numbers[3 * i]!;
      const last = numbers[3 * i + 1]!;
      const count = numbers[3 * i + 2]!;
      const seen = g.seen.get(id);
      if (seen) {
        addSightings(seen, first, last, count);
        continue;
      }
      // Another spelling of an entity only the events name (DC-01 and dc-01, an upper-case digest).
      if (g.found.merge(id, first, last, count)) continue;
      if (g.entities.has(id)) {
        // An entity the import already has a record of (an alert named it): a tally merges the figures.
        const from = i === 0 ? 0 : ends[4 * i - 1]!;
        const tally = this.tallyOf(g, text.slice(from, ends[4 * i]!) as Found[0], text.slice(ends[4 * i]!, ends[4 * i + 1]!), text.slice(ends[4 * i + 1]!, ends[4 * i + 2]!), id, first, last);
        addSightings(tally, first, last, count);
        continue;
      }
      // The usual case, a hundred thousand times in a large import: kept in the worker's columns, no record made.
      this.counts.entities++;
      g.found.add(found, i, id);
    }
  }

  private newEntity(type: Found[0], value: string, key: string, id: string, firstSeen: string | null, lastSeen: string | null, attributes: Record<string, unknown>): EntityRecord {
    return {
      id,
      caseId: '',
      type,
      key,
      display: value.trim(),
      roles: [],
      verdict: null,
      remediationStatus: null,
      sources: [this.options.source],
      firstSeen,
      lastSeen,
      attributes,
    };
  }

  /** The group's tally of an entity, made (with its record, if the group has none yet) when it is first seen. */
  private tallyOf(g: Group, type: Found[0], value: string, key: string, id: string, first: number, last: number): Tally {
    // Another raw spelling of an entity already seen (WKS-1 and wks-1) shares its tally.
    const tally = g.seen.get(id);
    if (tally) return tally;
    let entity = g.entities.get(id);
    if (!entity) {
      this.counts.entities++;
      entity = this.newEntity(type, value, key, id, null, null, {});
      g.entities.set(id, entity);
    }
    const made: Tally = { key, id, group: g, entity, first, last, events: 0 };
    g.seen.set(id, made);
    return made;
  }

  invalid(record: InvalidRecord): void {
    this.invalidTotal++;
    if (this.invalidRecords.length < MAX_LISTED_INVALID) {
      this.invalidRecords.push({ ...record, field: record.field && clipText(record.field), reason: clipText(record.reason) });
    }
  }

  invalidUtf8(count: number, firstOffset: number, entry?: string): void {
    if (this.invalidUtf8Found) this.invalidUtf8Found.sequences += count;
    else this.invalidUtf8Found = { sequences: count, firstOffset, ...(entry === undefined ? {} : { entry }) };
  }

  warn(message: string, position?: Position): void {
    if (this.warnings.length < 200) this.warnings.push(clipText(position ? `${describePosition(position)}: ${message}` : message));
  }

  /**
   * Once the records are final (after finish()): those too large for one
   * journal record become invalid records (oversized.ts); the others' sizes
   * are kept in recordBytes for cutting the journal batches.
   */
  refuseOversized(): void {
    this.recordBytes = refuseOversized(this.groups.values(), this.counts, this.places, (r) => this.invalid(r));
  }

  time(text: unknown, position: Position, field: string): number | null {
    // The usual form, read without making an object (a million times in a large timeline).
    if (typeof text === 'string') {
      const us = zonedIsoUs(text);
      if (us === us) return us;
    }
    const read = readTimeField(text, this.options.timezone);
    if ('reason' in read) {
      this.invalid({ position, field, reason: read.reason });
      return null;
    }
    if (read.zoneless) this.zoneless++;
    return read.us;
  }

  async checkpoint(): Promise<void> {
    if (this.options.signal.aborted) throw new CasebookError('cancelled', `import of ${this.options.file} was cancelled; nothing was committed`);
    if (this.pendingFlush) {
      this.pendingFlush = false;
      for (const g of this.groups.values()) if (g.timeline) await g.timeline.flushFull();
    }
    const now = Date.now();
    if (now - this.lastProgress > 100) {
      this.lastProgress = now;
      this.options.onProgress(this.progressBytes(), this.records());
    }
    // Let the worker answer other calls (a cancel, a query) during a long import.
    if (now - this.lastYield > 50) {
      this.lastYield = now;
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  /** Turns the hosts and users counted so far into entities (the timeline writer tallies them per run). */
  settleEntities(): void {
    for (const g of this.groups.values()) g.timeline?.reportTallies();
  }

  /**
   * Has another thread import part of the file (parallel-tail.ts); the
   * importer reads the rest and joins it after. Only a full import does this,
   * into the file's own group, and only once.
   */
  async parallelTail(part: { format: 'plaso-storage'; from: number; records: number }): Promise<ParallelTailHandle | null> {
    const parallel = this.options.parallel;
    if (!parallel || this.options.limit !== undefined || this.tail || part.records < parallelImport.minRecords || !ParallelTail.worthIt()) return null;
    const group = this.current;
    const target = await this.options.runTarget(group);
    const thread = new ParallelTail({
      path: parallel.path,
      name: this.options.file,
      size: this.options.size,
      format: part.format,
      from: part.from,
      timezone: this.options.timezone,
      runPrefix: `${this.options.importId}-tail`,
      maxExpansion: this.options.maxExpansion,
      caseDir: target.caseDir,
      caseId: target.caseId,
      key: new Uint8Array(target.key),
    }, parallel.resourceLimits);
    this.tail = { group, thread, result: null };
    return {
      join: async () => {
        const result = await thread.join();
        this.tail!.result = result;
        // Counted now, so that a strict import is refused for the tail's bad records too.
        this.bytesRead += result.bytes;
        this.counts.events += result.events;
        this.zoneless += result.zoneless;
        this.invalidTotal += result.invalidTotal;
        this.invalidRecords.push(...result.invalid.slice(0, Math.max(0, MAX_LISTED_INVALID - this.invalidRecords.length)));
        for (const warning of result.warnings) if (!this.warnings.includes(warning)) this.warnings.push(warning);
        this.checkOutput(this.written());
      },
    };
  }

  /** What a tail thread's collector read (tail-import.ts): its runs written, its entities tallied, nothing settled. */
  async tailResult(): Promise<TailResult> {
    const g = this.current;
    await g.timeline?.flush();
    return {
      bytes: this.bytesRead,
      runs: g.timeline?.runs ?? [],
      events: this.counts.events,
      zoneless: this.zoneless,
      invalidTotal: this.invalidTotal,
      invalid: this.invalidRecords,
      warnings: this.warnings,
      seen: [...g.seen.values()].map((t) => [t.entity.type, t.entity.display, t.key, t.id, t.first, t.last, t.events]),
      written: g.timeline?.written ?? 0,
      found: g.found.columns(),
    };
  }

  /** After the importer's own timeline: the tail's runs, and its entities after the head's. */
  private async takeTail(): Promise<void> {
    const { group: g, result } = this.tail!;
    if (!result) return;
    for (const [type, value, key, id, first, last, events] of result.seen) {
      addSightings(this.tallyOf(g, type as Found[0], value, key, id, first, last), first, last, events);
    }
    this.sawFound(g, { text: result.found.text, ends: result.found.ends, numbers: result.found.seen });
    await this.timelineOf(g).adopt(result.runs);
  }

  /** After the importer finished: flush the timelines and settle the entities' seen times. */
  async finish(): Promise<void> {
    for (const g of this.groups.values()) {
      await g.timeline?.flush();
      if (this.tail?.group === g) await this.takeTail();
      for (const seen of g.seen.values()) {
        const entity = seen.entity;
        const first = formatUs(seen.first);
        const last = formatUs(seen.last);
        if (!entity.firstSeen || first < entity.firstSeen) entity.firstSeen = first;
        if (!entity.lastSeen || last > entity.lastSeen) entity.lastSeen = last;
        entity.attributes.events = ((entity.attributes.events as number | undefined) ?? 0) + seen.events;
      }
      g.seen.clear();
    }
    this.checkOutput(this.written());
    this.options.onProgress(this.progressBytes(), this.records());
  }

  async abort(): Promise<void> {
    await this.tail?.thread.abort();
    for (const g of this.groups.values()) await g.timeline?.abort();
  }

  /** The strict-mode refusal: every bad record named (the first 1000), nothing committed. */
  refusal(): ImportProblem {
    const listed = this.invalidRecords.slice(0, 20).map((r) => describeInvalid(this.options.file, r));
    const more = this.invalidTotal - listed.length;
    return new ImportProblem(
      `${this.options.file}: ${this.invalidTotal} invalid record(s); nothing was imported ` +
        `(use "skip invalid records" to import the rest):\n` +
        listed.join('\n') +
        (more > 0 ? `\n… and ${more} more` : ''),
    );
  }
}

function newGroup(key: string, incident: IncidentInput | null): Group {
  return { key, incident, alerts: new Map(), entities: new Map(), indicators: new Map(), actions: new Map(), timeline: null, seen: new Map(), found: new FoundEntities(), refused: false };
}

function mergeEntity(entity: EntityRecord, input: EntityInput, source: string): void {
  for (const role of input.roles ?? []) if (!entity.roles.includes(role)) entity.roles.push(role);
  entity.verdict = input.verdict ?? entity.verdict;
  entity.remediationStatus = input.remediationStatus ?? entity.remediationStatus;
  if (!entity.sources.includes(source)) entity.sources.push(source);
  if (input.firstSeen && (!entity.firstSeen || input.firstSeen < entity.firstSeen)) entity.firstSeen = input.firstSeen;
  if (input.lastSeen && (!entity.lastSeen || input.lastSeen > entity.lastSeen)) entity.lastSeen = input.lastSeen;
  copyFields(entity.attributes, input.attributes ?? {});
}
