import type { ImportCounts } from '../../../shared/domain/import';
import type { EventRow } from '../timeline/event-row';
import type { RunTarget } from '../timeline/run-files';
import type { CaseGroups } from './case-groups';
import type { Group } from './group';
import { expansionProblem, outputBudget } from './expansion';
import type { RunPool } from './run-pool';
import type { TallyMerge } from './tally-merge';
import { TimelineWriter } from './timeline-writer';

export interface EventWritersOptions {
  importId: string;
  /** The file's name and size, for the expansion limit. */
  file: string;
  size: number;
  /** Bytes of runs the import may write per byte of the file (expansion.ts); its default when absent. */
  maxExpansion?: number;
  /** Events per run (RUN_CAPACITY unless a preview or a test keeps them small). */
  runCapacity?: number;
}

/**
 * The "write events" stage: each group's events go to a timeline writer of
 * its own (made with its first event), which hands full runs to the run pool
 * and each run's tallies to the tally stage. It also keeps the import to its
 * expansion limit (expansion.ts): a crafted row can weigh megabytes.
 */
export class EventWriters {
  private pendingFlush = false;
  /** The bytes of runs this import may write. */
  private readonly budget: number;
  /** Bytes of runs another thread wrote for this import (parallel-tail.ts), once joined. */
  private writtenElsewhere = 0;

  constructor(
    private readonly groups: CaseGroups,
    /** Where a group's events go; called when its first run is written (a new case is staged then). */
    private readonly target: (group: Group) => Promise<RunTarget>,
    private readonly runs: RunPool,
    private readonly tallies: TallyMerge,
    private readonly options: EventWritersOptions,
  ) {
    this.budget = outputBudget(options.size, options.maxExpansion);
  }

  get importId(): string {
    return this.options.importId;
  }

  /** Where the group's runs go (staging its case if it is a new one). */
  targetOf(g: Group): Promise<RunTarget> {
    return this.target(g);
  }

  private get counts(): ImportCounts {
    return this.groups.counts;
  }

  add(g: Group, row: EventRow): void {
    const timeline = this.writerOf(g);
    if (timeline.add(row)) this.pendingFlush = true;
    // The group's own output is checked per event (a crafted row can weigh megabytes); all of them together at the end.
    this.checkOutput(timeline.written);
  }

  /** The group's timeline writer, made with its first event (or the first runs another thread wrote). */
  writerOf(g: Group): TimelineWriter {
    if (!g.timeline) {
      g.timeline = new TimelineWriter(() => this.target(g), `${this.options.importId}-${this.groups.groups.size}`, this.runs, this.options.runCapacity);
      g.timeline.onTallies = (tallies) => this.tallies.take(g, tallies);
    }
    return g.timeline;
  }

  /** Hands the runs that filled up since the last checkpoint to the run pool. */
  async checkpoint(): Promise<void> {
    if (!this.pendingFlush) return;
    this.pendingFlush = false;
    for (const g of this.groups.groups.values()) if (g.timeline) await g.timeline.flushFull();
  }

  /** Writes what is left of the group's events and waits until it is on disk (its last tallies are taken in before). */
  async flush(g: Group): Promise<void> {
    await g.timeline?.flush();
  }

  /** Reports, without writing, the tallies of the events so far (a preview). */
  reportTallies(): void {
    for (const g of this.groups.groups.values()) g.timeline?.reportTallies();
  }

  /** Counts the runs another thread wrote for this import against its limit. */
  addWrittenElsewhere(bytes: number): void {
    this.writtenElsewhere += bytes;
    this.checkOutput(this.written());
  }

  /** Bytes of runs written so far, by every group (and another thread, once joined). */
  written(): number {
    let total = this.writtenElsewhere;
    for (const g of this.groups.groups.values()) total += g.timeline?.written ?? 0;
    return total;
  }

  checkOutput(written: number): void {
    if (written > this.budget) throw expansionProblem(this.options.file, this.options.size, written, this.counts.events, this.options.maxExpansion);
  }

  /** Removes every run file the import wrote. */
  async abort(): Promise<void> {
    for (const g of this.groups.groups.values()) await g.timeline?.abort();
  }
}
