import { isValidZone } from '../../../../shared/time';
import type { ImportContext } from '../types';
import type { Position } from '../problems';
import { localToUtcMs } from '../time';

/**
 * Plaso's CSV outputs write a date and a time of day in separate columns
 * (l2tcsv: 06/27/2012 and 18:17:01; dynamic: 2012-06-27) and the zone they are
 * in as a name in a third column (`--output-time-zone`, UTC by default). A
 * named zone is honoured; a missing or unknown one means the times are read in
 * the import's zone and counted as zoneless, with a warning.
 */

const US_DATE = /^(\d{2})\/(\d{2})\/(\d{4})$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^(\d{2}):(\d{2}):(\d{2})(?:[.,](\d{1,9}))?$/;

export class PlasoCsvTimes {
  private readonly warnedZones = new Set<string>();

  constructor(private readonly ctx: ImportContext) {}

  private zone(name: string, position: Position): string | null {
    const z = name.trim();
    if (!z || z === '-') return null;
    if (/^(UTC|GMT|Z|Etc\/UTC|\+00:00)$/i.test(z)) return 'UTC';
    if (isValidZone(z)) return z;
    if (!this.warnedZones.has(z)) {
      this.warnedZones.add(z);
      this.ctx.warn(`timezone "${z}" is not a zone name this machine knows; those times were read in ${this.ctx.timezone}`, position);
    }
    return null;
  }

  /** µs since the epoch, or null with an invalid record at `position`. */
  read(date: string, time: string, zoneName: string, position: Position): number | null {
    const d = US_DATE.exec(date.trim());
    const iso = d ? null : ISO_DATE.exec(date.trim());
    const t = TIME.exec(time.trim());
    const [year, month, day] = d ? [d[3], d[1], d[2]] : iso ? [iso[1], iso[2], iso[3]] : [];
    if (!year || !month || !day || Number(year) === 0 || Number(month) === 0) {
      this.ctx.invalid({
        position,
        field: 'date',
        reason: /^0+[/-]0+[/-]0+$/.test(date.trim()) ? 'Plaso wrote no date for this event (00/00/0000)' : `"${date.slice(0, 40)}" is not a date`,
      });
      return null;
    }
    if (!t) {
      this.ctx.invalid({ position, field: 'time', reason: `"${time.slice(0, 40)}" is not a time of day (HH:MM:SS)` });
      return null;
    }
    const fraction = (t[4] ?? '').padEnd(6, '0').slice(0, 6);
    const wall = `${year}-${month}-${day}T${t[1]}:${t[2]}:${t[3]}.${fraction}`;
    const zone = this.zone(zoneName, position);
    if (zone === null) return this.ctx.time(wall, position, 'date');
    const wallMs = Date.UTC(Number(year), Number(month) - 1, Number(day), Number(t[1]), Number(t[2]), Number(t[3]));
    if (!Number.isFinite(wallMs) || new Date(wallMs).getUTCDate() !== Number(day) || Number(t[1]) > 23 || Number(t[2]) > 59) {
      this.ctx.invalid({ position, field: 'date', reason: `"${date} ${time}" is not a real date and time` });
      return null;
    }
    return localToUtcMs(wallMs, zone) * 1000 + Number(fraction);
  }
}
