/**
 * Plaso serializes each event's time as a dfdatetime object
 * (`{"__class_name__": "Filetime", "timestamp": ...}`, `{"__class_name__":
 * "TimeElements", "time_elements_tuple": [...]}`...). This turns one into
 * microseconds since the epoch, or — when `is_local_time` is set, meaning the
 * source recorded wall-clock time in a zone it did not name — into a zoneless
 * ISO text for the caller to read in the zone the user chose.
 */

export type PlasoTime = { kind: 'utc'; us: number } | { kind: 'local'; iso: string } | { kind: 'none'; reason: string };

type Obj = Record<string, unknown>;

const DAY_S = 86_400;
/** Seconds from each epoch to the Unix epoch. */
const EPOCH_1601 = 11_644_473_600;
const EPOCH_1904 = 2_082_844_800;
const EPOCH_2001 = 978_307_200;
const EPOCH_1899_12_30 = 2_209_161_600;
const EPOCH_0001 = 62_135_596_800;
const EPOCH_1582_10_15 = 12_219_292_800;
const EPOCH_1980 = 315_532_800;

/** µs since the Unix epoch from each class's `timestamp`. */
const FROM_TIMESTAMP: Record<string, (t: number) => number> = {
  PosixTime: (t) => t * 1e6,
  PosixTimeInMilliseconds: (t) => t * 1e3,
  JavaTime: (t) => t * 1e3,
  PosixTimeInMicroseconds: (t) => t,
  PosixTimeInNanoseconds: (t) => t / 1e3,
  APFSTime: (t) => t / 1e3,
  Filetime: (t) => t / 10 - EPOCH_1601 * 1e6,
  WebKitTime: (t) => t - EPOCH_1601 * 1e6,
  HFSTime: (t) => (t - EPOCH_1904) * 1e6,
  CocoaTime: (t) => (t + EPOCH_2001) * 1e6,
  OLEAutomationDate: (t) => (t * DAY_S - EPOCH_1899_12_30) * 1e6,
  DelphiDateTime: (t) => (t * DAY_S - EPOCH_1899_12_30) * 1e6,
  DotNetDateTime: (t) => t / 10 - EPOCH_0001 * 1e6,
  UUIDTime: (t) => t / 10 - EPOCH_1582_10_15 * 1e6,
  FATTimestamp: (t) => t * 1e4 + EPOCH_1980 * 1e6,
};

const SEMANTIC: Record<string, string> = {
  NotSet: 'Plaso recorded no time for this event ("Not set")',
  Never: 'the time is "Never"',
  InvalidTime: 'Plaso could not read the time ("Invalid")',
};

function num(v: unknown): number | null {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() ? Number(v) : NaN;
  return Number.isFinite(n) ? n : null;
}

/** Date and time elements → µs as if UTC; null when they are not a real date. */
function elementsUs(y: number, mo: number, d: number, h: number, mi: number, s: number, fracUs: number): number | null {
  if (![y, mo, d, h, mi, s, fracUs].every(Number.isFinite)) return null;
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return null;
  const ms = Date.UTC(y, mo - 1, d, h, mi, Math.min(s, 59));
  if (new Date(ms).getUTCDate() !== d) return null;
  return ms * 1000 + fracUs;
}

function tupleUs(cls: string, t: unknown[]): number | null {
  const n = t.map((v) => Number(v));
  switch (cls) {
    case 'TimeElements':
      return elementsUs(n[0]!, n[1]!, n[2]!, n[3]!, n[4]!, n[5]!, 0);
    case 'TimeElementsInMilliseconds':
      return elementsUs(n[0]!, n[1]!, n[2]!, n[3]!, n[4]!, n[5]!, (n[6] ?? 0) * 1000);
    case 'TimeElementsInMicroseconds':
      return elementsUs(n[0]!, n[1]!, n[2]!, n[3]!, n[4]!, n[5]!, n[6] ?? 0);
    case 'TimeElementsInNanoseconds':
      return elementsUs(n[0]!, n[1]!, n[2]!, n[3]!, n[4]!, n[5]!, Math.floor((n[6] ?? 0) / 1000));
    case 'Systemtime':
    case 'SystemTime':
      // (year, month, day of week, day of month, hours, minutes, seconds, milliseconds)
      return elementsUs(n[0]!, n[1]!, n[3]!, n[4]!, n[5]!, n[6]!, (n[7] ?? 0) * 1000);
    default:
      return null;
  }
}

/** FAT date and time: the date in the low 16 bits, the time of day (2-second units) in the high 16. */
function fatUs(packed: number): number | null {
  const date = packed & 0xffff;
  const time = (packed >>> 16) & 0xffff;
  return elementsUs(1980 + (date >>> 9), (date >>> 5) & 0xf, date & 0x1f, time >>> 11, (time >>> 5) & 0x3f, (time & 0x1f) * 2, 0);
}

/** 'YYYY-MM-DDTHH:MM:SS.ffffff' for a wall-clock µs value (no zone). */
function wallIso(us: number): string {
  const ms = Math.floor(us / 1000);
  const micro = String(Math.round(us - ms * 1000)).padStart(3, '0');
  return `${new Date(ms).toISOString().slice(0, 23)}${micro}`;
}

export function plasoTime(value: unknown): PlasoTime {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return { kind: 'none', reason: 'the date_time field is not a dfdatetime object' };
  const o = value as Obj;
  const cls = String(o.__class_name__ ?? '');
  if (SEMANTIC[cls]) return { kind: 'none', reason: SEMANTIC[cls]! };

  let us: number | null = null;
  let offsetMinutes = num(o.time_zone_offset) ?? 0;
  const timestamp = num(o.timestamp);
  if (FROM_TIMESTAMP[cls] && timestamp !== null) us = FROM_TIMESTAMP[cls]!(timestamp);
  else if (Array.isArray(o.time_elements_tuple)) us = tupleUs(cls.startsWith('TimeElements') ? cls : 'TimeElements', o.time_elements_tuple);
  else if (Array.isArray(o.system_time_tuple)) us = tupleUs('Systemtime', o.system_time_tuple);
  else if (cls === 'FATDateTime' && num(o.fat_date_time) !== null) us = fatUs(num(o.fat_date_time)!);
  else if (Array.isArray(o.rfc2579_date_time_tuple)) {
    const t = o.rfc2579_date_time_tuple.map((v) => (typeof v === 'string' ? v : Number(v)));
    us = elementsUs(t[0] as number, t[1] as number, t[2] as number, t[3] as number, t[4] as number, t[5] as number, ((t[6] as number) || 0) * 100_000);
    const sign = t[7] === '-' ? -1 : 1;
    offsetMinutes = sign * (((t[8] as number) || 0) * 60 + ((t[9] as number) || 0));
  } else if (timestamp !== null && !cls) {
    us = timestamp;
  } else {
    return { kind: 'none', reason: `dfdatetime class "${cls || '?'}" without a value this importer can read` };
  }
  if (us === null || !Number.isFinite(us)) return { kind: 'none', reason: `the ${cls} value is not a valid date` };
  us = Math.round(us);
  if (o.is_local_time === true) return { kind: 'local', iso: wallIso(us) };
  return { kind: 'utc', us: us - offsetMinutes * 60_000_000 };
}
