/**
 * Time formats a user types for a CSV/JSONL column, in the Moment/Day.js
 * notation most tools document: YYYY YY, MMMM MMM MM M, DD D, HH H (24 h),
 * hh h (12 h, with A or a for AM/PM), mm m, ss s, S… (fraction, any number of
 * digits), Z (+01:00, +0100 or Z) and ZZ (+0100), anything else literal, and
 * [text] for literal letters. A space matches any run of spaces.
 */

export interface PatternTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** Microseconds within the second. */
  fractionUs: number;
  /** Minutes east of UTC, or null when the text carried no zone. */
  offsetMinutes: number | null;
}

export type TimeParser = (text: string) => PatternTime | null;

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

type Field = 'year' | 'year2' | 'monthName' | 'month' | 'day' | 'hour24' | 'hour12' | 'minute' | 'second' | 'fraction' | 'ampm' | 'zone';

const TOKENS: [string, Field, string][] = [
  ['YYYY', 'year', '(\\d{4})'],
  ['YY', 'year2', '(\\d{2})'],
  ['MMMM', 'monthName', '([A-Za-z]{3,9})'],
  ['MMM', 'monthName', '([A-Za-z]{3})'],
  ['MM', 'month', '(\\d{2})'],
  ['M', 'month', '(\\d{1,2})'],
  ['DD', 'day', '(\\d{2})'],
  ['D', 'day', '(\\d{1,2})'],
  ['HH', 'hour24', '(\\d{2})'],
  ['H', 'hour24', '(\\d{1,2})'],
  ['hh', 'hour12', '(\\d{2})'],
  ['h', 'hour12', '(\\d{1,2})'],
  ['mm', 'minute', '(\\d{2})'],
  ['m', 'minute', '(\\d{1,2})'],
  ['ss', 'second', '(\\d{2})'],
  ['s', 'second', '(\\d{1,2})'],
  ['A', 'ampm', '([AaPp][Mm])'],
  ['a', 'ampm', '([AaPp][Mm])'],
  ['ZZ', 'zone', '(Z|[+-]\\d{2}:?\\d{2})'],
  ['Z', 'zone', '(Z|[+-]\\d{2}(?::?\\d{2})?)'],
];

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Compiles a pattern; throws an Error saying what is wrong with it. */
export function compileTimePattern(pattern: string): TimeParser {
  let source = '';
  // Spaces not yet written: a run of k spaces (even split by an empty [] literal) becomes one \s{k,}, since k
  // adjacent \s+ would backtrack over each other (time polynomial of degree k in the spaces of a text).
  let spaces = 0;
  let startsWithSpace = false;
  const flushSpaces = () => {
    if (spaces === 0) return;
    if (source === '') startsWithSpace = true;
    source += spaces === 1 ? '\\s+' : `\\s{${spaces},}`;
    spaces = 0;
  };
  const add = (part: string) => {
    if (part === '') return;
    flushSpaces();
    source += part;
  };
  const fields: Field[] = [];
  for (let i = 0; i < pattern.length;) {
    const c = pattern[i]!;
    if (c === '[') {
      const close = pattern.indexOf(']', i);
      if (close === -1) throw new Error(`time format "${pattern}": "[" at position ${i + 1} is never closed`);
      add(escape(pattern.slice(i + 1, close)));
      i = close + 1;
      continue;
    }
    if (c === 'S') {
      let j = i;
      while (pattern[j] === 'S') j++;
      add('(\\d{1,9})');
      fields.push('fraction');
      i = j;
      continue;
    }
    const token = TOKENS.find(([t]) => pattern.startsWith(t, i));
    if (token) {
      add(token[2]);
      fields.push(token[1]);
      i += token[0].length;
      continue;
    }
    if (c === ' ') spaces++;
    else add(escape(c));
    i++;
  }
  const endsWithSpace = spaces > 0;
  flushSpaces();
  const has = (...f: Field[]) => f.some((x) => fields.includes(x));
  if (!has('year', 'year2') || !has('month', 'monthName') || !has('day')) {
    throw new Error(`time format "${pattern}" needs a year (YYYY), a month (MM) and a day (DD)`);
  }
  if (fields.includes('hour12') && !fields.includes('ampm')) {
    throw new Error(`time format "${pattern}" uses a 12-hour clock (hh) without AM/PM (A); use HH for a 24-hour clock`);
  }
  // Spaces around the time are allowed; a pattern that starts or ends with spaces already allows them (\s* beside \s+ would backtrack).
  const re = new RegExp(`^${startsWithSpace ? '' : '\\s*'}${source}${endsWithSpace ? '' : '\\s*'}$`);

  return parserFor(re, fields);
}

/** Reads a text the pattern's expression matched into its fields, and checks they make a time. */
function parserFor(re: RegExp, fields: readonly Field[]): TimeParser {
  return (text: string): PatternTime | null => {
    const m = re.exec(text);
    if (!m) return null;
    const t: PatternTime = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0, fractionUs: 0, offsetMinutes: null };
    let pm: boolean | null = null;
    for (let k = 0; k < fields.length; k++) {
      const v = m[k + 1]!;
      if (fields[k] === 'ampm') pm = v.toLowerCase() === 'pm';
      else if (!setField(t, fields[k]!, v)) return null;
    }
    if (pm !== null) {
      if (t.hour < 1 || t.hour > 12) return null;
      t.hour = (t.hour % 12) + (pm ? 12 : 0);
    }
    if (t.month < 1 || t.month > 12 || t.day < 1 || t.hour > 23 || t.minute > 59 || t.second > 60) return null;
    if (new Date(Date.UTC(t.year, t.month - 1, t.day)).getUTCDate() !== t.day) return null;
    if (t.offsetMinutes !== null && Math.abs(t.offsetMinutes) > 18 * 60) return null;
    return t;
  };
}

/** Sets one field from its matched text; false when it names no such thing (a month name that is not one). */
function setField(t: PatternTime, field: Field, v: string): boolean {
  switch (field) {
    case 'year':
      t.year = Number(v);
      break;
    case 'year2':
      t.year = Number(v) + (Number(v) < 70 ? 2000 : 1900);
      break;
    case 'monthName': {
      const index = MONTHS.indexOf(v.slice(0, 3).toLowerCase());
      if (index === -1) return false;
      t.month = index + 1;
      break;
    }
    case 'month':
      t.month = Number(v);
      break;
    case 'day':
      t.day = Number(v);
      break;
    case 'hour24':
    case 'hour12':
      t.hour = Number(v);
      break;
    case 'minute':
      t.minute = Number(v);
      break;
    case 'second':
      t.second = Number(v);
      break;
    case 'fraction':
      t.fractionUs = Number(v.padEnd(6, '0').slice(0, 6));
      break;
    case 'zone':
      if (v === 'Z') t.offsetMinutes = 0;
      else {
        const z = /^([+-])(\d{2}):?(\d{2})?$/.exec(v)!;
        t.offsetMinutes = (z[1] === '-' ? -1 : 1) * (Number(z[2]) * 60 + Number(z[3] ?? 0));
      }
      break;
  }
  return true;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** The parsed time as ISO 8601 text, with its offset when it had one (for the pipeline's time reader). */
export function patternTimeIso(t: PatternTime): string {
  const base = `${pad(t.year, 4)}-${pad(t.month)}-${pad(t.day)}T${pad(t.hour)}:${pad(t.minute)}:${pad(Math.min(t.second, 59))}.${pad(t.fractionUs, 6)}`;
  if (t.offsetMinutes === null) return base;
  const sign = t.offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(t.offsetMinutes);
  return `${base}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}
