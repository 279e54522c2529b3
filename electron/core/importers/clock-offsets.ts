import { parseIsoTime } from './time';
import type { ImportContext } from './types';

/**
 * Exports of Windows events often carry one moment several times: Sysmon's
 * `UtcTime`, the log's `TimeCreated`, nxlog's `EventTime`, a pipeline's
 * `@timestamp`. When two of them differ by a whole number of hours, one of
 * them is almost certainly a local time written without its zone (and read as
 * UTC or in the import's zone): the import says so, with the count and offset,
 * instead of letting the analyst trust a timeline that is hours off.
 */

const HOUR_US = 3_600_000_000;
/** A pipeline receives an event seconds after it happened, not minutes. */
const TOLERANCE_US = 120_000_000;
/** Zones span UTC-12 … UTC+14; a 12-hour clock read as 24-hour adds 12 more. */
const MAX_HOURS = 26;

/** `later` minus `earlier` in whole hours, or null when they agree or are not a whole number of hours apart. */
export function wholeHoursApart(earlier: number, later: number): number | null {
  const diff = later - earlier;
  const hours = Math.round(diff / HOUR_US);
  if (hours === 0 || Math.abs(hours) > MAX_HOURS) return null;
  return Math.abs(diff - hours * HOUR_US) <= TOLERANCE_US ? hours : null;
}

/**
 * Compares the event's time (`us`, from field `field`) with each other time
 * field of the record in `others` (a zoneless text read in the import's zone,
 * as its event time would have been) and reports whole-hour disagreements.
 */
export function reportClockOffsets(ctx: ImportContext, field: string, us: number, others: Iterable<[string, string]>): void {
  if (!ctx.clockOffset) return;
  for (const [other, text] of others) {
    if (other === field) continue;
    const parsed = parseIsoTime(text, other === 'UtcTime' ? 'UTC' : ctx.timezone);
    if (!parsed) continue;
    const hours = wholeHoursApart(us, parsed.us);
    if (hours !== null) ctx.clockOffset(field, other, hours);
  }
}
