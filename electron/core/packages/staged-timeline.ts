import { createHash, randomUUID } from 'node:crypto';
import type { PackagePart } from '../../../shared/domain/packages';
import { CasebookError } from '../../../shared/ipc/errors';
import { writeEntityPages, type EntityPageRef } from '../entities/entity-pages';
import type { RunPool } from '../import/run-pool';
import { TimelineWriter } from '../import/timeline-writer';
import type { RunRef } from '../timeline/run-files';
import type { StagedCase } from '../vault/vault';
import { entityColumns } from './entity-lines';
import { EventLineReader } from './event-line-reader';
import { splitLines } from './package-contents';
import type { EventIdMap } from './event-id-map';

/** One import's events and found entities, as they are being written into the staged case. */
interface OpenImport {
  importId: string;
  timeline: TimelineWriter;
  entityLines: string[];
  source: string;
}

/**
 * Writes a package's events and found entities into a staged case, import by
 * import in the package's order (so run ordinals follow commit order): each
 * import's events as new timeline runs, its entities as new entity pages
 * named after its first run. Each file is checked against the manifest's
 * hash before any of it is written.
 */
export class StagedTimeline {
  readonly runs = new Map<string, RunRef[]>();
  readonly pages = new Map<string, EntityPageRef[]>();
  private open: OpenImport | null = null;
  private ordinal = 0;
  private events = 0;

  constructor(
    private readonly staged: StagedCase,
    private readonly pool: RunPool,
    private readonly parts: ReadonlyMap<string, PackagePart>,
    /** Follows where the events the records name land (event-id-map.ts). */
    private readonly ids: EventIdMap | null = null,
  ) {}

  get eventCount(): number {
    return this.events;
  }

  /** Takes one events or entities file of the package (others are ignored). */
  async add(name: string, bytes: Buffer): Promise<void> {
    const part = this.parts.get(name);
    if (!part || (part.kind !== 'events' && part.kind !== 'entities')) return;
    if (!part.importId || createHash('sha256').update(bytes).digest('hex') !== part.sha256) {
      throw new CasebookError('corrupt', `${name} changed since the package was verified; nothing was imported`);
    }
    const current = await this.importOf(part.importId, part.source);
    if (part.kind === 'entities') {
      current.entityLines.push(...splitLines(bytes));
      return;
    }
    const reader = new EventLineReader(bytes, name);
    let n = 0;
    for (let row = reader.next(); row; row = reader.next()) {
      n++;
      const runFull = current.timeline.add(row);
      this.ids?.added(row.time, part.firstEventId === undefined ? null : part.firstEventId + n - 1);
      if (runFull) {
        this.ids?.runEnded();
        await current.timeline.flushFull();
      }
      this.events++;
    }
  }

  private async importOf(importId: string, source: string | undefined): Promise<OpenImport> {
    if (this.open?.importId !== importId) {
      await this.finish();
      const target = { caseDir: this.staged.dir, caseId: this.staged.caseId, key: this.staged.key, firstOrdinal: this.ordinal };
      this.open = { importId, timeline: new TimelineWriter(target, `pkg-${randomUUID().slice(0, 8)}`, this.pool), entityLines: [], source: source ?? '' };
    }
    if (source) this.open.source = source;
    return this.open;
  }

  /** Writes what the open import still holds: its last runs, then its entity pages. */
  async finish(): Promise<void> {
    const current = this.open;
    if (!current) return;
    this.open = null;
    await current.timeline.flush();
    const runs = current.timeline.runs;
    this.ids?.importEnded(runs);
    this.runs.set(current.importId, runs);
    this.ordinal += runs.length;
    if (current.entityLines.length === 0) return;
    const columns = entityColumns(current.entityLines, `entities of import ${current.importId}`);
    const runName = runs[0]?.name ?? `pkg-${randomUUID().slice(0, 8)}`;
    this.pages.set(current.importId, await writeEntityPages(this.staged.dir, this.staged.caseId, this.staged.key, runName, current.source, columns));
  }

  async abort(): Promise<void> {
    await this.open?.timeline.abort();
    this.open = null;
  }
}
