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

/** Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

const MONTH_DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function validDate(year: number, month: number, day: number): boolean {
  // Written so that NaN (a non-digit) fails every test.
  if (!(month >= 1 && month <= 12 && day >= 1 && day <= MONTH_DAYS[month - 1]!)) return false;
  // 29 February only in leap years.
  return month !== 2 || day < 29 || (year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0));
}

/** The zone suffix at s[i..]: offset east of UTC in minutes, or null when it is not one of the accepted forms. */
function zoneSuffix(s: string, i: number): number | null {
  const rest = s.length - i;
  const c = s.charCodeAt(i);
  if (rest === 1 && (c === 90 || c === 122)) return 0; // Z, z
  if (rest === 3 && (s.startsWith('UTC', i) || s.startsWith('GMT', i))) return 0;
  if (c !== 43 && c !== 45) return null; // + or -
  // ±HH, ±HHMM, ±HH:MM (and ±HH: as the lenient pattern before it allowed)
  const hours = num(s, i + 1, 2);
  let j = i + 3;
  if (s.charCodeAt(j) === 58) j++;
  let minutes = 0;
  if (j < s.length) {
    minutes = num(s, j, 2);
    j += 2;
  }
  if (j !== s.length || Number.isNaN(hours) || Number.isNaN(minutes)) return null;
  const offset = (c === 45 ? -1 : 1) * (hours * 60 + minutes);
  return Math.abs(offset) > 18 * 60 ? null : offset;
}

/**
 * ISO 8601 / RFC 3339 and their common variants: 'T' or space between date and
 * time, any number of fraction digits (7 from .NET), 'Z', '±HH:MM', '±HHMM',
 * '±HH', ' UTC', or no zone at all. Returns null when it is not such a time.
 * Called once per event of an import, so it reads the text in place.
 */
export function parseIsoTime(text: string, zone: string): ParsedTime | null {
  const s = text.length > 0 && (text.charCodeAt(0) <= 32 || text.charCodeAt(text.length - 1) <= 32) ? text.trim() : text;
  if (s.length < 10 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return null;
  const year = num(s, 0, 4);
  const month = num(s, 5, 2);
  const day = num(s, 8, 2);
  let hour = 0;
  let minute = 0;
  let second = 0;
  let fracUs = 0;
  let i = 10;
  const sep = s.charCodeAt(i);
  if (sep === 84 || sep === 32 || sep === 116) {
    // 'T', ' ' or 't'
    i++;
    hour = num(s, i, 2);
    if (s.charCodeAt(i + 2) !== 58) return null;
    minute = num(s, i + 3, 2);
    i += 5;
    if (s.charCodeAt(i) === 58) {
      second = num(s, i + 1, 2);
      i += 3;
    }
    const dot = s.charCodeAt(i);
    if (dot === 46 || dot === 44) {
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
  // NaN fails every comparison, so a non-digit anywhere ends here.
  if (!(year >= 0 && hour <= 23 && minute <= 59 && second <= 60 && validDate(year, month, day))) return null;
  const wallMs = daysFromCivil(year, month, day) * 86_400_000 + hour * 3_600_000 + minute * 60_000 + Math.min(second, 59) * 1000;

  while (s.charCodeAt(i) === 32) i++;
  if (i >= s.length) return { us: localToUtcMs(wallMs, zone) * 1000 + fracUs, zoneless: true };
  const offsetMin = zoneSuffix(s, i);
  if (offsetMin === null) return null;
  return { us: (wallMs - offsetMin * 60_000) * 1000 + fracUs, zoneless: false };
}

/** Two digits at s[i..i+2] as a number, or -1 when either is not a digit. */
function twoDigits(s: string, i: number): number {
  const a = s.charCodeAt(i) - 48;
  const b = s.charCodeAt(i + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/** The day number of the last date zonedIsoUs read: a timeline's times come in runs of the same day. */
let lastDateKey = -1;
let lastDays = 0;

/**
 * parseIsoTime's result for the form nearly every timeline row has,
 * 'YYYY-MM-DDTHH:MM:SS' with an optional fraction and 'Z' or '±HH:MM', read
 * with no object made and no zone to apply: µs since the epoch, or NaN for
 * any other text (which parseIsoTime then reads, or refuses). time.test.ts
 * checks it against parseIsoTime on random near-valid times.
 */
export function zonedIsoUs(s: string): number {
  const n = s.length;
  if (n < 20 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58) return NaN;
  const sep = s.charCodeAt(10);
  if (sep !== 84 && sep !== 32 && sep !== 116) return NaN;
  const century = twoDigits(s, 0);
  const yy = twoDigits(s, 2);
  const month = twoDigits(s, 5);
  const day = twoDigits(s, 8);
  const hour = twoDigits(s, 11);
  const minute = twoDigits(s, 14);
  const second = twoDigits(s, 17);
  if (century < 0 || yy < 0 || month < 0 || day < 0 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 60) return NaN;
  const year = century * 100 + yy;
  // Month and day are two digits each: the key names one date.
  const dateKey = year * 10_000 + month * 100 + day;
  if (dateKey !== lastDateKey) {
    if (!validDate(year, month, day)) return NaN;
    lastDays = daysFromCivil(year, month, day);
    lastDateKey = dateKey;
  }
  let i = 19;
  let fracUs = 0;
  const dot = s.charCodeAt(i);
  if (dot === 46 || dot === 44) {
    i++;
    const start = i;
    let scale = 100_000;
    for (let c = s.charCodeAt(i) - 48; c >= 0 && c <= 9; c = s.charCodeAt(++i) - 48) {
      if (scale >= 1) fracUs += c * scale;
      scale /= 10;
    }
    if (i === start) return NaN;
    fracUs = Math.floor(fracUs);
  }
  let offsetMin: number;
  const z = s.charCodeAt(i);
  if (n - i === 1 && (z === 90 || z === 122)) offsetMin = 0;
  else if (n - i === 6 && (z === 43 || z === 45) && s.charCodeAt(i + 3) === 58) {
    const hh = twoDigits(s, i + 1);
    const mm = twoDigits(s, i + 4);
    if (hh < 0 || mm < 0) return NaN;
    offsetMin = (z === 45 ? -1 : 1) * (hh * 60 + mm);
    if (Math.abs(offsetMin) > 18 * 60) return NaN;
  } else return NaN;
  const wallMs = lastDays * 86_400_000 + hour * 3_600_000 + minute * 60_000 + Math.min(second, 59) * 1000;
  return (wallMs - offsetMin * 60_000) * 1000 + fracUs;
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

/**
 * The one reading of a time field every importer gets (through ImportContext.time):
 * ISO 8601 with or without a zone, or an epoch number (s/ms/µs/ns, quoted or not).
 */
export function readTimeField(value: unknown, zone: string): ParsedTime | { reason: string } {
  if (value === null || value === undefined || value === '') return { reason: 'the time is missing' };
  // JSON sources can put anything in a time field.
  if (typeof value !== 'string' && typeof value !== 'number') return { reason: `a ${Array.isArray(value) ? 'list' : typeof value} is not a time` };
  // An ISO date has its first dash at [4]; anything else may be an epoch number.
  if (typeof value === 'number' || (value.charCodeAt(4) !== 45 && /^\s*\d+(\.\d+)?\s*$/.test(value))) {
    const us = parseEpoch(value);
    if (us !== null) return { us, zoneless: false };
  } else {
    const parsed = parseIsoTime(value, zone);
    if (parsed) return parsed;
  }
  return { reason: `"${String(value).slice(0, 80)}" is not a time this importer understands` };
}
