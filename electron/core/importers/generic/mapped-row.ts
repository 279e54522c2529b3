import type { ColumnMapping } from '../../../../shared/domain/import';
import type { TimelineEvent } from '../../../../shared/domain/timeline';
import type { ImportContext } from '../types';
import { ImportProblem, type Position } from '../problems';
import { parseTags } from '../tags';
import { compileTimePattern, patternTimeIso, type TimeParser } from './time-pattern';
import { dataObject } from '../data-object';
import { withSysmonFromSyslog } from '../xml/syslog-sysmon';

/**
 * A row of any CSV or JSONL file → a timeline event, through the column
 * mapping the user confirmed on the preview: which column holds the time (and
 * how it is written), which make up the message, and which hold the host,
 * user, source, tags and time description. Every other column is kept as an
 * attribute.
 */

export type Row = Record<string, unknown>;

/** A column's value; a name with dots reaches into nested JSON objects when no key has that exact name. */
export function valueAt(row: Row, column: string): unknown {
  if (column in row) return row[column];
  if (!column.includes('.')) return undefined;
  let node: unknown = row;
  for (const part of column.split('.')) {
    if (!node || typeof node !== 'object' || Array.isArray(node)) return undefined;
    node = (node as Row)[part];
  }
  return node;
}

export function text(v: unknown): string {
  if (v === null || v === undefined) return '';
  return typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v);
}

/** The columns a mapping names, for checking them against a file's. */
export function mappedColumns(m: ColumnMapping): string[] {
  return [m.time, ...m.message, m.timestampDesc, m.host, m.user, m.source, m.tags].filter((c): c is string => !!c);
}

export class MappedRows {
  private readonly parser: TimeParser | null;
  private readonly used: Set<string>;

  constructor(
    private readonly ctx: ImportContext,
    private readonly mapping: ColumnMapping,
  ) {
    const format = (mapping.timeFormat || 'iso').trim();
    if (format.toLowerCase() === 'iso' || format.toLowerCase() === 'epoch') this.parser = null;
    else {
      try {
        this.parser = compileTimePattern(format);
      } catch (err) {
        throw new ImportProblem(`${ctx.file}: ${(err as Error).message}`);
      }
    }
    this.used = new Set(mappedColumns(mapping));
  }

  private time(value: unknown, position: Position): number | null {
    const field = this.mapping.time;
    const format = (this.mapping.timeFormat || 'iso').trim().toLowerCase();
    if (value === null || value === undefined || text(value).trim() === '') return this.ctx.time(null, position, field);
    if (format === 'epoch') {
      if (!/^\s*\d+(\.\d+)?\s*$/.test(text(value))) {
        this.ctx.invalid({ position, field, reason: `"${text(value).slice(0, 80)}" is not an epoch number` });
        return null;
      }
      return this.ctx.time(typeof value === 'number' ? value : text(value), position, field);
    }
    if (!this.parser) return this.ctx.time(typeof value === 'number' ? value : text(value), position, field);
    const parsed = this.parser(text(value));
    if (!parsed) {
      this.ctx.invalid({ position, field, reason: `"${text(value).slice(0, 80)}" does not match the time format "${this.mapping.timeFormat}"` });
      return null;
    }
    // Through the pipeline's reader, so a time without a zone is read in the import's zone and counted.
    return this.ctx.time(patternTimeIso(parsed), position, field);
  }

  event(row: Row, position: Position): TimelineEvent | null {
    const m = this.mapping;
    const time = this.time(valueAt(row, m.time), position);
    if (time === null) return null;
    const attributes: Record<string, string> = dataObject();
    for (const key in row) {
      if (this.used.has(key)) continue;
      const v = text(row[key]);
      if (v !== '') attributes[key] = v;
    }
    const message =
      m.message.length > 0
        ? m.message
            .map((c) => text(valueAt(row, c)).trim())
            .filter(Boolean)
            .join(' ')
        : Object.entries(attributes)
            .map(([k, v]) => `${k}: ${v}`)
            .join('; ');
    const get = (column: string | undefined) => (column ? text(valueAt(row, column)).trim() : '');
    const event: TimelineEvent = {
      time,
      timestampDesc: get(m.timestampDesc),
      message,
      source: get(m.source) || this.ctx.file,
      host: get(m.host),
      user: get(m.user),
      tags: m.tags ? parseTags(valueAt(row, m.tags)) : [],
      attributes,
    };
    return this.withSysmon(event, row, position);
  }

  /**
   * A Sysmon event whose XML a column carries (Linux Sysmon forwarded as
   * syslog, then exported as CSV or JSON): read like the syslog importers
   * read it, its UtcTime the event's time and the row's time kept under the
   * mapped time column's name.
   */
  private withSysmon(event: TimelineEvent, row: Row, position: Position): TimelineEvent {
    for (const key in row) {
      const value = row[key];
      if (typeof value !== 'string' || !value.includes('<Event')) continue;
      const column = this.mapping.time;
      return withSysmonFromSyslog(this.ctx, event, value, position, { what: `column "${key}"`, timeAttribute: column, timeLabel: column });
    }
    return event;
  }
}
