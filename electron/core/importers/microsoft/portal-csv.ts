import type { ImportContext, Importer, Sample } from '../types';
import { ImportProblem, type Position } from '../problems';
import { csvHeaderNames, readHeadedCsv } from '../headed-csv';
import { dataObject } from '../data-object';
import { isAdvancedHuntingRow } from './advanced-hunting';
import { mapLogAnalyticsRow } from './log-analytics';

/**
 * CSV exports from the Microsoft portals, mapped without a column mapping:
 * - Defender XDR advanced hunting ("Export" of a query's results):
 *   `Timestamp,DeviceId,DeviceName,ActionType,…,InitiatingProcess…`, ISO
 *   times with a `Z`, `AdditionalFields` JSON inside a quoted cell;
 * - Log Analytics / Sentinel "Export to CSV": time columns labelled with their
 *   zone (`"TimeGenerated [UTC]"`) and written the way the portal shows them,
 *   `9/13/2023, 5:05:34.381 AM` (US month/day, 12-hour clock).
 * Each row goes through the same mapping as the JSON rows of these tables
 * (log-analytics.ts): advanced hunting, SecurityAlert, SecurityEvent, any
 * other table.
 */

const ZONE_LABEL = /^(.+?)\s*\[(UTC|Local Time)\]$/i;
/** "9/13/2023, 5:05:34.381 AM" (Log Analytics). */
const US_TIME = /^(\d{1,2})\/(\d{1,2})\/(\d{4}),? (\d{1,2}):(\d\d):(\d\d)(\.\d{1,7})? ?([AP]M)$/i;
/** "Oct 9, 2024 2:40:09 PM" (the Defender portal's own CSV download, no zone). */
const MONTH_TIME = /^([A-Z][a-z]{2}) (\d{1,2}),? (\d{4}),? (\d{1,2}):(\d\d):(\d\d)(\.\d{1,7})? ?([AP]M)$/i;
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const pad = (n: number | string) => String(n).padStart(2, '0');

/** A portal time as ISO 8601 (with `Z` when its column says UTC; without a zone otherwise, so it is read in the import's zone and counted); the text itself when it is no portal time. */
export function portalTimeIso(text: string, utc: boolean): string {
  let m = US_TIME.exec(text);
  let month: number;
  let day: string;
  if (m) {
    month = +m[1]!;
    day = m[2]!;
  } else {
    m = MONTH_TIME.exec(text);
    if (!m) return text;
    month = MONTHS.indexOf(m[1]!.toLowerCase()) + 1;
    if (month === 0) return text;
    day = m[2]!;
  }
  const hour12 = +m[4]!;
  if (hour12 < 1 || hour12 > 12) return text;
  const hour = (hour12 % 12) + (m[8]!.toUpperCase() === 'PM' ? 12 : 0);
  return `${m[3]}-${pad(month)}-${pad(day)}T${pad(hour)}:${m[5]}:${m[6]}${m[7] ?? ''}${utc ? 'Z' : ''}`;
}

type Kind = 'advanced-hunting' | 'log-analytics';

function kindOf(names: readonly string[]): Kind | null {
  const plain = new Set(names.map((n) => ZONE_LABEL.exec(n)?.[1] ?? n));
  if (plain.has('Timestamp') && plain.has('ActionType') && ['DeviceName', 'DeviceId', 'ReportId', 'AccountUpn', 'AccountObjectId'].some((c) => plain.has(c))) {
    return 'advanced-hunting';
  }
  if (names.some((n) => ZONE_LABEL.test(n)) && plain.has('TimeGenerated')) return 'log-analytics';
  if (plain.has('TimeGenerated') && (plain.has('TenantId') || plain.has('Type'))) return 'log-analytics';
  return null;
}

/** The row keyed by plain column names, empty cells left out (as the JSON exports leave out nulls), portal times as ISO. */
class RowShaper {
  private readonly keys: string[];
  private readonly timeKind: ('utc' | 'local' | null)[];

  constructor(written: readonly string[]) {
    this.keys = written.map((n) => ZONE_LABEL.exec(n)?.[1] ?? n);
    this.timeKind = written.map((n, i) => {
      const label = ZONE_LABEL.exec(n)?.[2];
      if (label) return label.toUpperCase() === 'UTC' ? 'utc' : 'local';
      return /^(Timestamp|TimeGenerated)$|Time$/.test(this.keys[i]!) ? 'local' : null;
    });
  }

  get names(): string[] {
    return this.keys;
  }

  shape(cells: Record<string, string>): Record<string, string> {
    const row = dataObject() as Record<string, string>;
    this.keys.forEach((key, i) => {
      const value = cells[key];
      if (value === undefined || value === '') return;
      const kind = this.timeKind[i];
      row[key] = kind ? portalTimeIso(value, kind === 'utc') : value;
    });
    return row;
  }
}

export const microsoftPortalCsv: Importer = {
  format: 'microsoft-csv',
  label: 'Defender advanced hunting / Log Analytics (Sentinel) CSV export',
  sniff(sample: Sample): number {
    if (/^\s*[[{]/.test(sample.text)) return 0;
    return kindOf(csvHeaderNames(sample.text)) ? 0.9 : 0;
  },
  async run(ctx: ImportContext): Promise<void> {
    let shaper: RowShaper | null = null;
    let kind: Kind | null = null;
    await readHeadedCsv(ctx, {
      header(written) {
        kind = kindOf(written);
        if (!kind) {
          throw new ImportProblem(
            `${ctx.file}: line 1: not a Defender advanced-hunting or Log Analytics CSV header (advanced hunting needs Timestamp, ActionType and DeviceName; ` +
              `Log Analytics needs "TimeGenerated [UTC]"); its columns are: ${written.slice(0, 12).join(', ')}`,
          );
        }
        shaper = new RowShaper(written);
        return shaper.names;
      },
      row(cells, position: Position) {
        const row = shaper!.shape(cells);
        if (kind === 'advanced-hunting' && !isAdvancedHuntingRow(row)) {
          ctx.invalid({ position, field: row.Timestamp ? 'ActionType' : 'Timestamp', reason: 'the advanced-hunting row has no Timestamp or no ActionType' });
          return;
        }
        if (!mapLogAnalyticsRow(ctx, row, position)) {
          ctx.invalid({ position, field: 'TimeGenerated', reason: 'the row has no TimeGenerated, TenantId or Type: not a Log Analytics row' });
        }
      },
    });
  },
};
