import { isoUs } from '../../shared/time';

/**
 * Every time in the app is shown in UTC with the zone written out, so that
 * times copied between analysts, reports and logs in other zones never mislead.
 * Example: 2026-11-26 17:40:12 UTC
 */
export function formatUtc(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/**
 * A timeline time (µs since the epoch, UTC) to the microsecond, zone written:
 * 2012-03-14 04:17:38.276340 UTC. The engine's ISO form (shared/time.ts)
 * in the app's style, so that a time shown and the same time exported agree
 * to the microsecond.
 */
export function formatUs(us: number): string {
  if (!Number.isFinite(us)) return String(us);
  return formatIsoUs(isoUs(us));
}

/** An ISO 8601 UTC time as the engine writes it (…T…Z, any fraction) in the app's style, fraction kept. */
export function formatIsoUs(iso: string): string {
  const match = /^([+-]?\d{4,6}-\d\d-\d\d)T(\d\d:\d\d:\d\d(?:\.\d+)?)Z$/.exec(iso);
  return match ? `${match[1]} ${match[2]} UTC` : formatUtc(iso);
}

const MINUTE_US = 60e6;
const HOUR_US = 60 * MINUTE_US;
const DAY_US = 24 * HOUR_US;

/** A short UTC label for a chart axis whose visible span is `spanUs`: as much as tells ticks apart, no more. */
export function formatAxisUs(us: number, spanUs: number): string {
  const date = new Date(Math.floor(us / 1000));
  const iso = date.toISOString();
  if (spanUs > 120 * DAY_US) return iso.slice(0, 10);
  if (spanUs > 3 * DAY_US) return `${iso.slice(5, 10)} ${iso.slice(11, 13)}h`;
  if (spanUs > 6 * HOUR_US) return `${iso.slice(5, 10)} ${iso.slice(11, 16)}`;
  if (spanUs > 2 * MINUTE_US) return iso.slice(11, 16);
  if (spanUs > 2e6) return iso.slice(11, 19);
  return iso.slice(11, 23);
}

const NICE_STEPS_US = [
  1e3,
  1e4,
  1e5,
  1e6,
  5e6,
  15e6,
  30e6,
  MINUTE_US,
  5 * MINUTE_US,
  15 * MINUTE_US,
  30 * MINUTE_US,
  HOUR_US,
  3 * HOUR_US,
  6 * HOUR_US,
  12 * HOUR_US,
  DAY_US,
  2 * DAY_US,
  7 * DAY_US,
  14 * DAY_US,
  30 * DAY_US,
  91 * DAY_US,
  182 * DAY_US,
  365 * DAY_US,
];

/** Round UTC times (every 6 h, every 15 min…) across [from, to), about `count` of them, for chart ticks. */
export function niceTimesUs(from: number, to: number, count = 8): number[] {
  const span = to - from;
  if (!(span > 0)) return [from];
  const step = NICE_STEPS_US.find((s) => span / s <= count) ?? Math.ceil(span / count / (365 * DAY_US)) * 365 * DAY_US;
  const times: number[] = [];
  for (let t = Math.ceil(from / step) * step; t < to; t += step) times.push(t);
  return times;
}

/** Parses a UTC time typed by a person ("2026-03-01 12:00", "2026-03-01T12:00:00.5Z", "2026-03-01") to µs; null if it is not one. */
export function parseUtcInput(text: string): number | null {
  const match = /^\s*(\d{4})-(\d\d)-(\d\d)(?:[ T](\d\d):(\d\d)(?::(\d\d)(?:\.(\d{1,6}))?)?)?\s*(?:Z|UTC)?\s*$/i.exec(text);
  if (!match) return null;
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = ''] = match;
  const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  if (Number.isNaN(ms) || new Date(ms).getUTCDate() !== Number(d)) return null;
  return ms * 1000 + Number(frac.padEnd(6, '0') || 0);
}
