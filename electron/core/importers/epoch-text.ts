/**
 * Epoch seconds written as decimal text ('1541117137.618695', Zeek's `ts`,
 * osquery's `unixTime`) → µs since the epoch, read digit by digit so that
 * the microseconds are exactly those written (a double times 1e6 can be one
 * off). Digits past the sixth of the fraction are dropped (truncated, as
 * the other readers do). Null when the text is not such a number.
 */
const EPOCH_SECONDS = /^\s*(\d{1,12})(?:\.(\d*))?\s*$/;

export function epochSecondsUs(text: string): number | null {
  const m = EPOCH_SECONDS.exec(text);
  if (!m) return null;
  const fraction = (m[2] ?? '').slice(0, 6).padEnd(6, '0');
  return Number(m[1]) * 1_000_000 + Number(fraction);
}
