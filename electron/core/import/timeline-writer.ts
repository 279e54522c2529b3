import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { EventRow } from '../timeline/event-row';
import type { EntityTallies } from './run-entities';
import { noTallies, scanRunEntities } from './run-entities';
import { RunBuilder, RUN_CAPACITY, type ValueTally } from '../timeline/run-builder';
import { TIMELINE_DIR, type RunRef, type RunTarget } from '../timeline/run-files';
import type { RunPool } from './run-pool';
import { fsyncDir } from '../fs/atomic-write';

/** What a run stores per event beside its text: time, dictionary ids and text offsets. */
const EVENT_COLUMN_BYTES = 36;

/** Runs being written at once: enough to keep the run worker busy, few enough to bound memory. */
const MAX_IN_FLIGHT = 3;

export interface WriterTallies {
  host: ValueTally[];
  user: ValueTally[];
  /** Entities found in the messages and attributes of the runs. */
  entities: EntityTallies;
}

/**
 * Writes one import's events as runs. Full runs go to the run pool (sorted,
 * sealed, written and fsynced there, beside the parsing of the next ones), but
 * they belong to the case only once the import's commit record is in the
 * journal; until then an abort (or a crash) leaves files that nothing
 * references, which the next writer of the case removes.
 */
export class TimelineWriter {
  private builder: RunBuilder;
  private readonly slots: (RunRef | null)[] = [];
  private readonly names: string[] = [];
  private readonly inFlight: Promise<void>[] = [];
  private failure: Error | null = null;
  private eventCount = 0;
  private target: RunTarget | null;
  private readonly resolveTarget: () => Promise<RunTarget>;
  /** Full runs not yet handed to the pool (an importer may add many events between checkpoints). */
  private readonly full: RunBuilder[] = [];
  /** Builders whose tallies were reported: they take no more events. */
  private readonly reported = new WeakSet<RunBuilder>();

  /** Called with each run's host, user and entity tallies. */
  onTallies: ((tallies: WriterTallies) => void) | null = null;

  /**
   * `target` may be a function: the case a group of events goes into may only be
   * created (staged) when its first run is written.
   */
  constructor(
    target: RunTarget | (() => Promise<RunTarget>),
    private readonly importId: string,
    /** Where full runs are sorted, sealed and written (the engine's run worker, or this thread). */
    private readonly pool: RunPool,
    private readonly runCapacity = RUN_CAPACITY,
  ) {
    this.builder = new RunBuilder(runCapacity);
    this.target = typeof target === 'function' ? null : target;
    this.resolveTarget = typeof target === 'function' ? target : async () => target;
  }

  get count(): number {
    return this.eventCount;
  }

  /** Text bytes of the runs already closed; the open one's are counted as they grow. */
  private closedText = 0;

  /** About how many bytes the runs of the events added so far take: what the import writes, for its expansion limit. */
  get written(): number {
    return this.closedText + this.builder.textBytes + this.eventCount * EVENT_COLUMN_BYTES;
  }

  /** Starts a new run after the current one, which is done. */
  private nextRun(): RunBuilder {
    const done = this.builder;
    this.closedText += done.textBytes;
    this.builder = new RunBuilder(this.runCapacity, done);
    return done;
  }

  /** Runs another thread wrote for this writer's import (the tail of its file), after this writer's own. */
  private readonly adopted: RunRef[] = [];

  /** The runs written, in order (complete once flush() resolved): ordinals follow that order. */
  get runs(): RunRef[] {
    const own = this.slots.filter((s): s is RunRef => s !== null);
    const first = this.target?.firstOrdinal ?? 0;
    return [...own, ...this.adopted].map((run, k) => ({ ...run, ordinal: first + k }));
  }

  /** Takes in runs written into the same case by another thread (parallel-tail.ts); call after flush(). */
  async adopt(runs: readonly RunRef[]): Promise<void> {
    if (runs.length === 0) return;
    this.target ??= await this.resolveTarget();
    this.adopted.push(...runs);
  }

  /** Adds an event; returns true when a run filled up and flushFull() should be awaited soon. */
  add(row: EventRow): boolean {
    if (this.builder.full || this.reported.has(this.builder)) this.full.push(this.nextRun());
    this.builder.add(row);
    this.eventCount++;
    return this.builder.full || this.full.length > 0;
  }

  /** Hands full runs to the pool, waiting only while too many are in flight. */
  async flushFull(): Promise<void> {
    if (this.builder.full) this.full.push(this.nextRun());
    while (this.full.length) await this.submit(this.full.shift()!);
    this.throwIfFailed();
  }

  /** Writes everything collected so far and waits until it is on disk. */
  async flush(): Promise<void> {
    await this.flushFull();
    if (this.builder.size > 0) await this.submit(this.nextRun());
    if (this.names.length) {
      // A run's entities are tallied as its job starts, before its files are written; the pool takes
      // messages in order, so the tallies can be collected (and handed on here) while the last files are still being written and synced.
      const [{ entities }] = await Promise.all([this.pool.collect(this.importId), this.pool.collect(`${this.importId}-reported`)]);
      this.onTallies?.({ host: [], user: [], entities });
    }
    await Promise.all(this.inFlight.splice(0));
    this.throwIfFailed();
    // Each run file was synced as it was written (run-job.ts); their folder entries are made durable here.
    if (this.target && this.names.length) await fsyncDir(path.join(this.target.caseDir, TIMELINE_DIR));
  }

  /** Reports, without writing, the tallies of runs not handed to the pool yet (a preview). */
  reportTallies(): void {
    for (const run of [...this.full, this.builder]) {
      if (this.reported.has(run)) continue;
      this.reported.add(run);
      this.onTallies?.({ ...run.valueTallies(), entities: scanRunEntities(run.raw()).columns() });
    }
  }

  private throwIfFailed(): void {
    if (this.failure) throw this.failure;
  }

  private async submit(run: RunBuilder): Promise<void> {
    if (run.size === 0) return;
    this.target ??= await this.resolveTarget();
    const { caseDir, caseId, key, firstOrdinal } = this.target;
    const index = this.slots.length;
    const name = `${this.importId}-${String(index).padStart(4, '0')}`;
    this.slots.push(null);
    this.names.push(name);
    // A run whose tallies a preview already reported is not counted again (its entities go to a throwaway book).
    const hostsAndUsers = this.reported.has(run) ? null : run.valueTallies();
    const tallyKey = this.reported.has(run) ? `${this.importId}-reported` : this.importId;
    this.reported.add(run);
    if (hostsAndUsers) this.onTallies?.({ ...hostsAndUsers, entities: noTallies() });
    const job = this.pool
      .submit({ raw: run.raw(), dir: path.join(caseDir, TIMELINE_DIR), caseId, key, name, tallyKey })
      .then((done) => {
        this.slots[index] = { name, ordinal: firstOrdinal + index, ...pick(done) };
      })
      .catch((err: Error) => {
        this.failure ??= err;
      });
    this.inFlight.push(job);
    while (this.inFlight.length >= MAX_IN_FLIGHT) await this.inFlight.shift();
  }

  /** Removes every file this import wrote (after the runs in flight have landed). */
  async abort(): Promise<void> {
    await Promise.all(this.inFlight.splice(0));
    await this.pool.discard(this.importId);
    await this.pool.discard(`${this.importId}-reported`);
    if (!this.target) return;
    const dir = path.join(this.target.caseDir, TIMELINE_DIR);
    await Promise.all(
      this.names.flatMap((name) => [fs.rm(path.join(dir, `${name}.cols`), { force: true }), fs.rm(path.join(dir, `${name}.text`), { force: true })]),
    );
    this.slots.length = 0;
    this.names.length = 0;
  }
}

function pick(done: { count: number; minTime: number; maxTime: number; colsTag: string; textTag: string }) {
  return { count: done.count, minTime: done.minTime, maxTime: done.maxTime, colsTag: done.colsTag, textTag: done.textTag };
}
