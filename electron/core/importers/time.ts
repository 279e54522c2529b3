/**
 * Time parsing for imports. Every result is microseconds since the Unix epoch,
 * UTC. A time written without a zone is read in the zone the user chose for the
 * import (an IANA name such as 'Europe/Berlin', or 'UTC'), never in the
 * machine's own zone; callers count such times and record the zone used.
 */

export interface ParsedTime {
  us: number;
  /** True when the text carried no zone and `zone` was applied. */
  zoneless: boolean;
}

const offsetCache = new Map<string, Map<number, number>>();
const formatters = new Map<string, Intl.DateTimeFormat>();

export function isValidZone(zone: string): boolean {
  if (zone === 'UTC') return true;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Offset of `zone` from UTC in ms at the UTC instant `utcMs` (cached per hour). */
function zoneOffsetMs(zone: string, utcMs: number): number {
  if (zone === 'UTC') return 0;
  let cache = offsetCache.get(zone);
  if (!cache) offsetCache.set(zone, (cache = new Map()));
  const hour = Math.floor(utcMs / 3_600_000);
  const hit = cache.get(hour);
  if (hit !== undefined) return hit;
  let fmt = formatters.get(zone);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(zone, fmt);
  }
  const parts: Record<string, number> = {};
  for (const p of fmt.formatToParts(new Date(hour * 3_600_000))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  const asUtc = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
  const offset = asUtc - hour * 3_600_000;
  cache.set(hour, offset);
  return offset;
}

/** A wall-clock time in `zone` → UTC ms (the earlier instant when a DST change makes it ambiguous). */
export function localToUtcMs(wallMs: number, zone: string): number {
  if (zone === 'UTC') return wallMs;
  const first = wallMs - zoneOffsetMs(zone, wallMs);
  const second = wallMs - zoneOffsetMs(zone, first);
  return Math.min(first, second);
}

const digit = (c: number) => c >= 48 && c <= 57;

function num(s: string, from: number, len: number): number {
  let v = 0;
  for (let i = from; i < from + len; i++) {
    const c = s.charCodeAt(i);
    if (!digit(c)) return NaN;
    v = v * 10 + (c - 48);
  }
  return v;
}

/**
 * ISO 8601 / RFC 3339 and their common variants: 'T' or space between date and
 * time, any number of fraction digits (7 from .NET), 'Z', '±HH:MM', '±HHMM',
 * '±HH', ' UTC', or no zone at all. Returns null when it is not such a time.
 */
export function parseIsoTime(text: string, zone: string): ParsedTime | null {
  const s = text.trim();
  if (s.length < 10 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return null;
  const year = num(s, 0, 4);
  const month = num(s, 5, 2);
  const day = num(s, 8, 2);
  let hour = 0;
  let minute = 0;
  let second = 0;
  let fracUs = 0;
  let i = 10;
  if (i < s.length && (s[i] === 'T' || s[i] === ' ' || s[i] === 't')) {
    i++;
    hour = num(s, i, 2);
    if (s.charCodeAt(i + 2) !== 58) return null;
    minute = num(s, i + 3, 2);
    i += 5;
    if (s.charCodeAt(i) === 58) {
      second = num(s, i + 1, 2);
      i += 3;
    }
    if (s[i] === '.' || s[i] === ',') {
      i++;
      let scale = 100_000;
      const start = i;
      while (i < s.length && digit(s.charCodeAt(i))) {
        if (scale >= 1) fracUs += (s.charCodeAt(i) - 48) * scale;
        scale /= 10;
        i++;
      }
      fracUs = Math.floor(fracUs);
      if (i === start) return null;
    }
  }
  if ([year, month, day, hour, minute, second].some(Number.isNaN)) return null;
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return null;
  const wallMs = Date.UTC(year, month - 1, day, hour, minute, Math.min(second, 59));
  if (new Date(wallMs).getUTCDate() !== day) return null; // 31 February and friends

  while (s[i] === ' ') i++;
  if (i >= s.length) return { us: localToUtcMs(wallMs, zone) * 1000 + fracUs, zoneless: true };
  const rest = s.slice(i);
  if (rest === 'Z' || rest === 'z' || rest === 'UTC' || rest === 'GMT' || rest === '+00:00' || rest === '-00:00') {
    return { us: wallMs * 1000 + fracUs, zoneless: false };
  }
  const m = /^([+-])(\d{2}):?(\d{2})?$/.exec(rest);
  if (!m) return null;
  const sign = m[1] === '-' ? -1 : 1;
  const offsetMin = sign * (Number(m[2]) * 60 + Number(m[3] ?? 0));
  if (Math.abs(offsetMin) > 18 * 60) return null;
  return { us: (wallMs - offsetMin * 60_000) * 1000 + fracUs, zoneless: false };
}

/**
 * Epoch numbers, guessing the unit from the magnitude (for dates after 1973):
 * seconds (10 digits), milliseconds (13), microseconds (16), nanoseconds (19).
 * Accepts quoted numbers and a fraction on seconds.
 */
export function parseEpoch(value: string | number): number | null {
  const n = typeof value === 'number' ? value : Number(String(value).trim());
  if (!Number.isFinite(n) || n <= 0) return null;
  if (n < 1e11) return Math.round(n * 1e6);
  if (n < 1e14) return Math.round(n * 1e3);
  if (n < 1e17) return Math.round(n);
  if (n < 1e20) return Math.round(n / 1e3);
  return null;
}

/** Formats µs since epoch as ISO 8601 UTC with microseconds. */
export function formatUs(us: number): string {
  const ms = Math.floor(us / 1000);
  const iso = new Date(ms).toISOString();
  const micro = String(Math.round(us - ms * 1000)).padStart(3, '0');
  return `${iso.slice(0, 23)}${micro}Z`;
}

/**
 * The one reading of a time field every importer gets (through ImportContext.time):
 * ISO 8601 with or without a zone, or an epoch number (s/ms/µs/ns, quoted or not).
 */
export function readTimeField(value: unknown, zone: string): ParsedTime | { reason: string } {
  if (value === null || value === undefined || value === '') return { reason: 'the time is missing' };
  // JSON sources can put anything in a time field.
  if (typeof value !== 'string' && typeof value !== 'number') return { reason: `a ${Array.isArray(value) ? 'list' : typeof value} is not a time` };
  if (typeof value === 'number' || /^\s*\d+(\.\d+)?\s*$/.test(value)) {
    const us = parseEpoch(value);
    if (us !== null) return { us, zoneless: false };
  } else {
    const parsed = parseIsoTime(value, zone);
    if (parsed) return parsed;
  }
  return { reason: `"${String(value).slice(0, 80)}" is not a time this importer understands` };
}
