/**
 * Time helpers shared by the engine and the renderer, so that both write an
 * instant and judge a zone name the same way. Times are microseconds since the
 * Unix epoch, UTC.
 */

/**
 * Whether `zone` is an IANA zone name this runtime knows ('UTC',
 * 'Europe/Berlin'). Offsets such as '+01:00', which newer Intl accepts as a
 * zone, are refused: an offset has no daylight-saving rules, and a log's
 * local times need them.
 */
export function isValidZone(zone: string): boolean {
  if (zone === 'UTC') return true;
  if (!/^[A-Za-z]/.test(zone)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The proleptic Gregorian date of a day number since 1970-01-01 (H. Hinnant's civil_from_days). */
function civilFromDays(days: number): [number, number, number] {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (month <= 2 ? 1 : 0), month, day];
}

/** '0'; a digit d is written as the character ZERO + d. */
const ZERO = 48;

/**
 * µs since the epoch as ISO 8601 UTC with microseconds, as the engine stores
 * times ('2024-03-01T12:34:56.000007Z'). It is called for every entity an
 * import finds (twice), so the 27 characters are made in one
 * String.fromCharCode rather than joined from a dozen pieces.
 */
export function isoUs(us: number): string {
  const micros = Math.round(us);
  const days = Math.floor(micros / 86_400_000_000);
  const [year, month, day] = civilFromDays(days);
  // Years outside 0000-9999 are written as Date writes them (±YYYYYY).
  if (year < 0 || year > 9999) {
    const ms = Math.floor(micros / 1000);
    return `${new Date(ms).toISOString().slice(0, -1)}${String(micros - ms * 1000).padStart(3, '0')}Z`;
  }
  const inDay = micros - days * 86_400_000_000;
  const seconds = Math.floor(inDay / 1_000_000);
  const f = inDay - seconds * 1_000_000;
  const h = Math.floor(seconds / 3600);
  const m = Math.floor(seconds / 60) % 60;
  const sec = seconds % 60;
  const d = ZERO;
  return String.fromCharCode(
    d + Math.floor(year / 1000),
    d + (Math.floor(year / 100) % 10),
    d + (Math.floor(year / 10) % 10),
    d + (year % 10),
    45, // -
    d + Math.floor(month / 10),
    d + (month % 10),
    45,
    d + Math.floor(day / 10),
    d + (day % 10),
    84, // T
    d + Math.floor(h / 10),
    d + (h % 10),
    58,
    d + Math.floor(m / 10),
    d + (m % 10),
    58,
    d + Math.floor(sec / 10),
    d + (sec % 10),
    46, // : : .
    d + Math.floor(f / 100_000),
    d + (Math.floor(f / 10_000) % 10),
    d + (Math.floor(f / 1000) % 10),
    d + (Math.floor(f / 100) % 10),
    d + (Math.floor(f / 10) % 10),
    d + (f % 10),
    90, // Z
  );
}
