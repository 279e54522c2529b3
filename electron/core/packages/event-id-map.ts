import { CasebookError } from '../../../shared/ipc/errors';
import { sortOrder } from '../timeline/raw-run';
import { RUN_ID_STRIDE } from '../timeline/run-builder';
import type { RunRef } from '../timeline/run-files';

/**
 * Where the events the package's records name land in the new case. An
 * event's id is its run's ordinal × 2^20 + its index in the run, and an
 * import writes runs of its own: the package's events are cut into new runs
 * and each run is sorted by time (a stable sort, raw-run.ts `sortOrder`). So
 * the map follows the rows as they are added: it keeps the current run's
 * times (one run's worth) and which of its rows are wanted, and when the run
 * ends works out each wanted row's index the way the run's sort will. The
 * run's ordinal is known when its import ends. Only the ids the records name
 * are kept.
 */
export class EventIdMap {
  private readonly map = new Map<number, number>();
  private times = new Float64Array(1024);
  private size = 0;
  /** Wanted rows of the current run: their place in it and their old id. */
  private inRun: { at: number; old: number }[] = [];
  /** Wanted rows of the current import's closed runs: that run's number in the import and the row's index in it. */
  private placed: { run: number; index: number; old: number }[] = [];
  private readonly runCounts: number[] = [];

  constructor(
    private readonly wanted: ReadonlySet<number>,
    /** False when the package does not say which events its lines are (format 1): ids are then kept as they were. */
    readonly known: boolean,
  ) {}

  private get tracking(): boolean {
    return this.known && this.wanted.size > 0;
  }

  /** One row added to the current run; `old` is its id in the exported case. */
  added(time: number, old: number | null): void {
    if (!this.tracking) return;
    if (this.size === this.times.length) {
      const grown = new Float64Array(this.times.length * 2);
      grown.set(this.times);
      this.times = grown;
    }
    if (old !== null && this.wanted.has(old)) this.inRun.push({ at: this.size, old });
    this.times[this.size++] = time;
  }

  /** The current run is full: its rows' indexes are settled by its sort. */
  runEnded(): void {
    if (!this.tracking || this.size === 0) return;
    const order = sortOrder(this.times, this.size);
    let indexOf: (at: number) => number = (at) => at;
    if (order) {
      const inverse = new Uint32Array(this.size);
      for (let k = 0; k < this.size; k++) inverse[order[k]!] = k;
      indexOf = (at) => inverse[at]!;
    }
    const run = this.runCounts.length;
    for (const { at, old } of this.inRun) this.placed.push({ run, index: indexOf(at), old });
    this.runCounts.push(this.size);
    this.inRun = [];
    this.size = 0;
  }

  /** The import's runs are written: each wanted row gets its id; the runs must be those the rows were cut into. */
  importEnded(runs: readonly RunRef[]): void {
    if (!this.tracking) return;
    this.runEnded();
    const counts = runs.map((r) => r.count);
    if (counts.join() !== this.runCounts.join()) {
      throw new CasebookError(
        'internal',
        `the imported events were cut into runs of ${counts.join(', ')} events, not ${this.runCounts.join(', ')} as followed`,
      );
    }
    for (const { run, index, old } of this.placed) this.map.set(old, runs[run]!.ordinal * RUN_ID_STRIDE + index);
    this.placed = [];
    this.runCounts.length = 0;
  }

  /** The new id of an event the records name; undefined when the package did not carry it. With `known` false, the id itself. */
  get(old: number): number | undefined {
    return this.known ? this.map.get(old) : old;
  }
}
