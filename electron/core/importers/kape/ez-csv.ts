import type { ImportContext, Importer, Sample } from '../types';
import { ImportProblem, type Position } from '../problems';
import { csvHeaderNames, readHeadedCsv } from '../headed-csv';
import { dataObject } from '../data-object';
import { isoUs } from '../../../../shared/time';
import { EZ_TOOLS, ezTimeIso, ezToolOf, type EzTool, type Row } from './ez-tools';

/**
 * KAPE module output and Eric Zimmerman's tools' CSVs (EvtxECmd, MFTECmd's
 * $MFT/$J/$I30/$Boot/$SDS, PECmd, AmcacheParser, AppCompatCacheParser, RECmd,
 * LECmd, JLECmd's automatic and custom destinations), detected
 * by their header and mapped by the tool's entry in ez-tools.ts: the right
 * time column(s) read as UTC, host and user where the tool writes them, the
 * paths as entities, every column as an attribute.
 */

/** What a timeless tool's rows become, for its warning. */
const ENTITY_NOTE: Record<string, string> = {
  'MFTECmd ($Boot)': 'the volume, with its serial number and geometry',
  'MFTECmd ($SDS)': 'the owner and group SIDs of the security descriptors',
};

/** Paths written as entities, at most: a $MFT of millions of files would otherwise make millions of entities. */
const MAX_PATH_ENTITIES = 100_000;

class EzRows {
  private readonly paths = new Set<string>();

  constructor(
    private readonly ctx: ImportContext,
    private readonly tool: EzTool,
  ) {}

  /** The row's events: one per distinct time of its time columns (each), or at its first time; a timeless tool's row: its entities. */
  take(row: Row, position: Position): void {
    if (this.tool.entities) {
      this.timelessEntities(row);
      return;
    }
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

  private timelessEntities(row: Row): void {
    if (this.paths.size >= MAX_PATH_ENTITIES) return;
    for (const entity of this.tool.entities!(row)) {
      const key = `${entity.type}\0${entity.value.toLowerCase()}`;
      if (!entity.value || this.paths.has(key)) continue;
      this.paths.add(key);
      this.ctx.entity(entity);
    }
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
        if (tool.times.length === 0)
          ctx.warn(`${tool.name} output has no times: its rows are read as entities (${ENTITY_NOTE[tool.name] ?? 'what they name'}), not as timeline events`);
        return names;
      },
      row(row, position) {
        rows!.take(row, position);
      },
    });
  },
};
