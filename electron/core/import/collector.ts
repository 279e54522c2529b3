import type { TimelineEvent } from '../../../shared/domain/timeline';
import type { ColumnMapping } from '../../../shared/domain/import';
import { CasebookError } from '../../../shared/ipc/errors';
import type {
  ActionInput,
  AlertInput,
  ByteRange,
  EntityInput,
  ImportContext,
  IncidentInput,
  IndicatorInput,
  ParallelTailHandle,
  RecordPlace,
} from '../importers/types';
import type { InvalidRecord, Position } from '../importers/problems';
import { eventToRow, rowToEvent, type EventRow } from '../timeline/event-row';
import type { CaseGroups } from './case-groups';
import type { Group } from './group';
import type { CollectorStages, ImportedFile } from './collector-types';
import type { EventWriters } from './event-writers';
import { eventKey } from './duplicates';
import type { FileReader } from './file-source';
import type { ProblemLog } from './problem-log';
import type { TallyMerge } from './tally-merge';
import type { TailResult, TailSplitter, TailThread } from './tail-types';

export type { CollectorStages, ImportedFile } from './collector-types';

/** How this reading of the file runs. */
export interface CollectorRun {
  signal: AbortSignal;
  onProgress: (bytes: number, records: number) => void;
  /** A preview: stop (PreviewLimitReached) after this many records, keeping the events read. */
  limit?: number;
  /** Set when another thread may read part of the file at the same time (a full import's, parallel-tail.ts). */
  parallel?: TailSplitter;
  /** A merge into a case: the keys (duplicates.ts eventKey) of the events it already has, which are left out. */
  knownEvents?: ReadonlySet<string>;
}

export class PreviewLimitReached extends Error {}

/** The thread reading the file's tail, if one does, and what it read (taken in by finish()). */
interface Tail {
  group: Group;
  thread: TailThread;
  result: TailResult | null;
}

/**
 * The ImportContext importers write to. It holds no logic of its own beyond
 * counting and pacing: each record goes to the stage whose job it is (bad
 * records and times to the problem log, curated records to the case groups,
 * events to the event writers, whose runs' tallies go to the tally merge),
 * and nothing is committed (import-commit.ts does that).
 */
export class Collector implements ImportContext {
  readonly problems: ProblemLog;
  readonly cases: CaseGroups;
  readonly events: EventWriters;
  readonly tallies: TallyMerge;
  private readonly reader: FileReader;
  bytesRead = 0;
  fileColumns: string[] = [];
  /** How many records the file says it holds (null: it does not say; the preview estimates). */
  expectedRecords: number | null = null;
  /** Preview rows, when limited. */
  readonly sampleEvents: TimelineEvent[] = [];
  /** Events left out because the case merged into already has them (CollectorRun.knownEvents). */
  eventsAlreadyThere = 0;
  private lastProgress = 0;
  private lastYield = Date.now();
  private tail: Tail | null = null;

  constructor(
    private readonly imported: ImportedFile,
    stages: CollectorStages,
    private readonly run: CollectorRun,
  ) {
    ({ reader: this.reader, problems: this.problems, cases: this.cases, events: this.events, tallies: this.tallies } = stages);
  }

  get file(): string {
    return this.imported.name;
  }
  get size(): number {
    return this.imported.size;
  }
  get timezone(): string {
    return this.imported.timezone;
  }
  get mapping(): ColumnMapping | null {
    return this.imported.mapping;
  }
  get counts() {
    return this.cases.counts;
  }
  open(range?: ByteRange): AsyncIterable<Buffer> {
    return this.reader.open(range);
  }
  readAll(): Promise<Buffer> {
    return this.reader.readAll();
  }
  readAt(offset: number, length: number): Promise<Buffer> {
    return this.reader.readAt(offset, length);
  }
  bytes(n: number): void {
    this.bytesRead += n;
  }
  columns(names: string[]): void {
    this.fileColumns = names;
  }
  expectRecords(count: number): void {
    this.expectedRecords = count;
  }

  /** Records read so far, with those another thread read of the file. */
  private records(): number {
    return this.counts.events + this.cases.records() + (this.tail?.result ? 0 : (this.tail?.thread.progress.records ?? 0));
  }

  private progressBytes(): number {
    return this.bytesRead + (this.tail?.result ? 0 : (this.tail?.thread.progress.bytes ?? 0));
  }

  private checkLimit(): void {
    if (this.run.limit !== undefined && this.records() >= this.run.limit) throw new PreviewLimitReached();
  }

  incident(incident: IncidentInput, place?: RecordPlace): void {
    this.cases.incident(incident, place);
  }
  entity(input: EntityInput, place?: RecordPlace): string {
    return this.cases.entity(input, place);
  }
  alert(input: AlertInput, place?: RecordPlace): boolean {
    this.checkLimit();
    return this.cases.alert(input, place);
  }
  indicator(input: IndicatorInput, place?: RecordPlace): void {
    this.checkLimit();
    this.cases.indicator(input, place);
  }
  action(input: ActionInput, place?: RecordPlace): void {
    this.checkLimit();
    this.cases.action(input, place);
  }

  event(event: TimelineEvent): void {
    this.eventRow(eventToRow(event));
  }

  eventRow(row: EventRow): void {
    this.checkLimit();
    const g = this.cases.current;
    if (g.refused) return;
    if (this.run.knownEvents?.has(eventKey(row))) {
      this.eventsAlreadyThere++;
      return;
    }
    this.counts.events++;
    if (this.run.limit !== undefined) this.sampleEvents.push(rowToEvent(row));
    // Entities of the event are found when its run is written (in the run worker), not here.
    this.events.add(g, row);
  }

  invalid(record: InvalidRecord): void {
    this.problems.invalid(record);
  }
  invalidUtf8(count: number, firstOffset: number, entry?: string): void {
    this.problems.invalidUtf8(count, firstOffset, entry);
  }

  clockOffset(field: string, other: string, hours: number): void {
    this.problems.clockOffset(field, other, hours);
  }
  warn(message: string, position?: Position): void {
    this.problems.warn(message, position);
  }
  time(text: unknown, position: Position, field: string): number | null {
    return this.problems.time(text, position, field);
  }

  async checkpoint(): Promise<void> {
    if (this.run.signal.aborted) throw new CasebookError('cancelled', `import of ${this.imported.name} was cancelled; nothing was committed`);
    await this.events.checkpoint();
    const now = Date.now();
    if (now - this.lastProgress > 100) {
      this.lastProgress = now;
      this.run.onProgress(this.progressBytes(), this.records());
    }
    // Let the worker answer other calls (a cancel, a query) during a long import.
    if (now - this.lastYield > 50) {
      this.lastYield = now;
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  /** A preview's entities: the hosts, users and entities of the events read so far, tallied without writing. */
  settleEntities(): void {
    this.events.reportTallies();
  }

  /**
   * Has another thread import part of the file (parallel-tail.ts); the
   * importer reads the rest and joins it after. Only a full import does this,
   * into the file's own group, and only once.
   */
  async parallelTail(part: { format: 'plaso-storage'; from: number; records: number }): Promise<ParallelTailHandle | null> {
    const parallel = this.run.parallel;
    if (!parallel || this.run.limit !== undefined || this.tail || !parallel.worthIt(part.records)) return null;
    const group = this.cases.current;
    const target = await this.events.targetOf(group);
    const thread = parallel.start({
      name: this.imported.name,
      size: this.imported.size,
      format: part.format,
      from: part.from,
      timezone: this.imported.timezone,
      runPrefix: `${this.events.importId}-tail`,
      caseDir: target.caseDir,
      caseId: target.caseId,
      key: new Uint8Array(target.key),
    });
    const tail: Tail = (this.tail = { group, thread, result: null });
    return {
      join: async () => {
        const result = await thread.join();
        tail.result = result;
        // Counted now, so that a strict import is refused for the tail's bad records too.
        this.bytesRead += result.bytes;
        this.counts.events += result.events;
        this.problems.add(result);
        this.events.addWrittenElsewhere(result.written);
      },
    };
  }

  /** After the importer finished: flush the timelines, take in another thread's part, settle the entities' seen times. */
  async finish(): Promise<void> {
    for (const g of this.cases.groups.values()) {
      await this.events.flush(g);
      const tail = this.tail?.group === g ? this.tail.result : null;
      // After the importer's own timeline: the tail's runs, and its entities after the head's (the cap keeps the file's first ones).
      if (tail) {
        this.tallies.takeTail(g, tail);
        await this.events.writerOf(g).adopt(tail.runs);
      }
      this.tallies.settle(g);
    }
    this.events.checkOutput(this.events.written());
    this.run.onProgress(this.progressBytes(), this.records());
  }

  /** Stops another thread's part and removes every run file the import wrote. */
  async abort(): Promise<void> {
    await this.tail?.thread.abort();
    await this.events.abort();
  }
}
