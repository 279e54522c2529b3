import type { Severity } from '../../../../shared/domain/case';

/**
 * MISP's field encodings: numbers written as strings ("3"), booleans as
 * true/false, "1"/"0" or 1/0, epoch seconds as strings with "0" meaning unset.
 */

export type Json = Record<string, unknown>;

export const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
export const text = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : '');
export const list = (v: unknown): Json[] => (Array.isArray(v) ? v.filter(isObject) : isObject(v) ? [v] : []);

export function flag(v: unknown): boolean {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0;
  return ['1', 'true', 'yes'].includes(text(v).trim().toLowerCase());
}

/** An epoch field, or undefined when it is absent or MISP's "0" for "never". */
export function epochField(v: unknown): string | number | undefined {
  if (v === undefined || v === null || v === '' || v === '0' || v === 0) return undefined;
  return typeof v === 'number' ? v : text(v);
}

/**
 * threat_level_id: 1 high, 2 medium, 3 low, 4 undefined (shown as informational).
 * Also accepts the names, in any casing. `known: false` when the value is none of these.
 */
export function severityOf(v: unknown): { severity: Severity | null; known: boolean } {
  const raw = text(v).trim().toLowerCase();
  if (!raw) return { severity: null, known: true };
  const byValue: Record<string, Severity> = {
    '1': 'high',
    high: 'high',
    '2': 'medium',
    medium: 'medium',
    '3': 'low',
    low: 'low',
    '4': 'informational',
    undefined: 'informational',
    informational: 'informational',
  };
  const severity = byValue[raw];
  return severity ? { severity, known: true } : { severity: null, known: false };
}

const ANALYSIS: Record<string, string> = { '0': 'initial', '1': 'ongoing', '2': 'completed' };
const DISTRIBUTION: Record<string, string> = {
  '0': 'your organisation only',
  '1': 'this community only',
  '2': 'connected communities',
  '3': 'all communities',
  '4': 'sharing group',
  '5': 'inherit event',
};

export const analysisOf = (v: unknown): string => ANALYSIS[text(v).trim()] ?? text(v);
export const distributionOf = (v: unknown): string => DISTRIBUTION[text(v).trim()] ?? text(v);

/** Tag names of a Tag list (objects with `name`, or plain strings). */
/** An event's tags: its `Tag` list, or (in the event index) the `Tag` of each `EventTag`. */
export function eventTagNames(event: Json): string[] {
  return [...tagNames(event.Tag), ...tagNames(list(event.EventTag).map((t) => t.Tag))];
}

export function tagNames(v: unknown): string[] {
  if (!Array.isArray(v)) return [];
  return v.map((t) => (typeof t === 'string' ? t : isObject(t) ? text(t.name) : '')).filter((t) => t.trim() !== '');
}
