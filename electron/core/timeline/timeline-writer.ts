import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { TimelineEvent } from '../../../shared/domain/timeline';
import { RunBuilder, RUN_CAPACITY } from './run-builder';
import { encodeColumns, encodeText } from './run-format';

/** What the journal records about one run so the case can find and authenticate it. */
export interface RunRef {
  /** File base name under timeline/ (without .cols/.text). */
  name: string;
  /** Position among the case's runs, in commit order; part of every event id. */
  ordinal: number;
  count: number;
  minTime: number;
  maxTime: number;
  /** Hex GCM tags of the two files: the journal binds them. */
  colsTag: string;
  textTag: string;
}

export const TIMELINE_DIR = 'timeline';

/** Where a writer puts its runs: the case folder (possibly still staged), its key, the next run ordinal. */
export interface RunTarget {
  caseDir: string;
  caseId: string;
  key: Buffer;
  firstOrdinal: number;
}

/**
 * Writes one import's events as runs. Files are written and fsynced as runs
 * fill, but they belong to the case only once the import's commit record is
 * in the journal; until then an abort (or a crash) leaves files that nothing
 * references, which the next writer removes.
 */
export class TimelineWriter {
  private builder: RunBuilder;
  readonly runs: RunRef[] = [];
  private eventCount = 0;

  private target: RunTarget | null;

  /**
   * `target` may be a function: the case a group of events goes into may only be
   * created (staged) when its first run is written.
   */
  constructor(
    target: RunTarget | (() => Promise<RunTarget>),
    private readonly importId: string,
    private readonly runCapacity = RUN_CAPACITY,
  ) {
    this.builder = new RunBuilder(runCapacity);
    this.target = typeof target === 'function' ? null : target;
    this.resolveTarget = typeof target === 'function' ? target : async () => target;
  }

  private readonly resolveTarget: () => Promise<RunTarget>;

  get count(): number {
    return this.eventCount;
  }

  /** Full runs waiting to be written (an importer may add many events between checkpoints). */
  private readonly full: RunBuilder[] = [];

  /** Adds an event; returns true when a run filled up and flushFull() should be awaited soon. */
  add(event: TimelineEvent): boolean {
    if (this.builder.full || this.reported.has(this.builder)) {
      // A builder whose tallies went out is closed: later events start a new one.
      this.full.push(this.builder);
      this.builder = new RunBuilder(this.runCapacity);
    }
    this.builder.add(event);
    this.eventCount++;
    return this.builder.full || this.full.length > 0;
  }

  /** Writes the runs that are full, keeping the one being filled. */
  async flushFull(): Promise<void> {
    while (this.full.length) await this.writeRun(this.full.shift()!);
    if (this.builder.full) {
      const run = this.builder;
      this.builder = new RunBuilder(this.runCapacity);
      await this.writeRun(run);
    }
  }

  /** Writes everything collected so far. */
  async flush(): Promise<void> {
    await this.flushFull();
    if (this.builder.size === 0) return;
    const run = this.builder;
    this.builder = new RunBuilder(this.runCapacity);
    await this.writeRun(run);
  }

  /** Called with each run's host and user tallies as the run is written. */
  onTallies: ((tallies: ReturnType<RunBuilder['valueTallies']>) => void) | null = null;

  private readonly reported = new WeakSet<RunBuilder>();

  private report(run: RunBuilder): void {
    if (this.reported.has(run)) return;
    this.reported.add(run);
    this.onTallies?.(run.valueTallies());
  }

  /** Reports the tallies of runs not written yet (a preview, or before the final flush). */
  reportTallies(): void {
    for (const run of this.full) this.report(run);
    this.report(this.builder);
  }

  private async writeRun(run: RunBuilder): Promise<void> {
    this.report(run);
    const { columns, text } = run.build();
    this.target ??= await this.resolveTarget();
    const { caseDir, caseId, key, firstOrdinal } = this.target;
    const ordinal = firstOrdinal + this.runs.length;
    const name = `${this.importId}-${String(this.runs.length).padStart(4, '0')}`;
    const dir = path.join(caseDir, TIMELINE_DIR);
    await fs.mkdir(dir, { recursive: true, mode: 0o700 });
    const cols = encodeColumns(key, caseId, `${name}.cols`, columns);
    const txt = encodeText(key, caseId, `${name}.text`, text);
    await writeDurable(path.join(dir, `${name}.cols`), cols);
    await writeDurable(path.join(dir, `${name}.text`), txt);
    this.runs.push({
      name,
      ordinal,
      count: columns.header.count,
      minTime: columns.header.minTime,
      maxTime: columns.header.maxTime,
      colsTag: cols.at(-1)!.toString('hex'),
      textTag: txt.at(-1)!.toString('hex'),
    });
  }

  /** Removes every file this import wrote. */
  async abort(): Promise<void> {
    if (!this.target) return;
    const dir = path.join(this.target.caseDir, TIMELINE_DIR);
    await Promise.all(
      this.runs.flatMap((r) => [fs.rm(path.join(dir, `${r.name}.cols`), { force: true }), fs.rm(path.join(dir, `${r.name}.text`), { force: true })]),
    );
    this.runs.length = 0;
  }
}

async function writeDurable(file: string, parts: Buffer[]): Promise<void> {
  const handle = await fs.open(file, 'w', 0o600);
  try {
    // writev may write less than asked; continue from where it stopped.
    let pending = parts;
    while (pending.length) {
      const { bytesWritten } = await handle.writev(pending);
      pending = skipBytes(pending, bytesWritten);
    }
    await handle.datasync();
  } finally {
    await handle.close();
  }
}

function skipBytes(parts: Buffer[], n: number): Buffer[] {
  let i = 0;
  while (i < parts.length && n >= parts[i]!.length) n -= parts[i++]!.length;
  if (i === parts.length) return [];
  return [parts[i]!.subarray(n), ...parts.slice(i + 1)];
}

/** Removes run files that no committed import references (left by a crash or a cancelled import). */
export async function removeUnreferencedRuns(caseDir: string, referenced: ReadonlySet<string>): Promise<string[]> {
  const dir = path.join(caseDir, TIMELINE_DIR);
  const names = await fs.readdir(dir).catch(() => [] as string[]);
  const removed: string[] = [];
  for (const file of names) {
    const base = file.replace(/\.(cols|text)$/, '');
    if (!referenced.has(base)) {
      await fs.rm(path.join(dir, file), { force: true });
      removed.push(file);
    }
  }
  return removed;
}
