import type { ImportContext, Importer, Sample } from '../types';
import { ImportProblem, type Position } from '../problems';
import { csvHeaderNames, readHeadedCsv } from '../headed-csv';
import { dataObject } from '../data-object';
import { isoUs } from '../../../../shared/time';
import { EZ_TOOLS, ezTimeIso, ezToolOf, type EzTool, type Row } from './ez-tools';

/**
 * KAPE module output and Eric Zimmerman's tools' CSVs (EvtxECmd, MFTECmd,
 * PECmd, AmcacheParser, AppCompatCacheParser, RECmd, LECmd, JLECmd), detected
 * by their header and mapped by the tool's entry in ez-tools.ts: the right
 * time column(s) read as UTC, host and user where the tool writes them, the
 * paths as entities, every column as an attribute.
 */

/** Paths written as entities, at most: a $MFT of millions of files would otherwise make millions of entities. */
const MAX_PATH_ENTITIES = 100_000;

class EzRows {
  private readonly paths = new Set<string>();

  constructor(
    private readonly ctx: ImportContext,
    private readonly tool: EzTool,
  ) {}

  /** The row's events: one per distinct time of its time columns (each), or at its first time. */
  take(row: Row, position: Position): void {
    const attributes: Record<string, string> = dataObject();
    for (const key in row) if (row[key] !== '') attributes[key] = row[key]!;
    attributes.Tool = this.tool.name;
    const times = new Map<number, string[]>();
    for (const [column, desc] of this.tool.times) {
      const text = row[column];
      if (!text) continue;
      const time = this.ctx.time(ezTimeIso(text), position, column);
      if (time === null) continue;
      const descs = times.get(time);
      if (descs) descs.push(desc);
      else times.set(time, [desc]);
      if (!this.tool.each) break;
    }
    if (times.size === 0) {
      // A bad time text was already reported at its field; a row with none at all is reported here.
      if (this.tool.times.every(([c]) => !row[c])) {
        this.ctx.invalid({
          position,
          field: this.tool.times[0]![0],
          reason: `the ${this.tool.name} row has no time (${this.tool.times.map(([c]) => c).join(', ')} empty)`,
        });
      }
      return;
    }
    const message = this.tool.message(row);
    const host = this.tool.host?.(row) ?? '';
    const user = this.tool.user?.(row) ?? '';
    for (const [time, descs] of times) {
      this.ctx.event({ time, timestampDesc: descs.join('; '), message, source: this.tool.name, host, user, tags: [], attributes });
    }
    this.pathEntities(row, Math.min(...times.keys()));
  }

  private pathEntities(row: Row, time: number): void {
    if (this.paths.size >= MAX_PATH_ENTITIES) return;
    for (const [value, type] of this.tool.paths?.(row) ?? []) {
      if (!value || !/[\\/]/.test(value)) continue;
      const key = `${type}\0${value}`;
      if (this.paths.has(key)) continue;
      this.paths.add(key);
      const seen = isoUs(time);
      this.ctx.entity({ type, value, firstSeen: seen, lastSeen: seen });
    }
  }
}

export const ezCsv: Importer = {
  format: 'kape-csv',
  label: 'KAPE / Eric Zimmerman tools CSV',
  sniff(sample: Sample): number {
    if (/^\s*[[{]/.test(sample.text)) return 0;
    return ezToolOf(csvHeaderNames(sample.text)) ? 0.95 : 0;
  },
  async run(ctx: ImportContext): Promise<void> {
    let rows: EzRows | null = null;
    await readHeadedCsv(ctx, {
      header(names) {
        const tool = ezToolOf(names);
        if (!tool) {
          throw new ImportProblem(
            `${ctx.file}: line 1: not the CSV of an Eric Zimmerman tool Casebook knows (${EZ_TOOLS.map((t) => t.name).join(', ')}); ` +
              `its columns are: ${names.slice(0, 12).join(', ')}`,
          );
        }
        rows = new EzRows(ctx, tool);
        return names;
      },
      row(row, position) {
        rows!.take(row, position);
      },
    });
  },
};
