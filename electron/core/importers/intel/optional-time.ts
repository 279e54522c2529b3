import { isoUs } from '../../../../shared/time';
import type { ImportContext } from '../types';
import type { Position } from '../problems';

/**
 * A time field that may be absent: absent (or empty) is no time and no
 * problem; present but not a time is an invalid record at `position`/`field`
 * (ctx.time records it). Returns µs since the epoch, UTC.
 */
export function optionalTime(ctx: ImportContext, value: unknown, position: Position, field: string): number | null {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value !== 'string' && typeof value !== 'number') {
    ctx.invalid({ position, field, reason: `expected a time, found ${Array.isArray(value) ? 'an array' : typeof value}` });
    return null;
  }
  return ctx.time(value, position, field);
}

/** The same, as ISO 8601 UTC text (the form records store). */
export function optionalIso(ctx: ImportContext, value: unknown, position: Position, field: string): string | null {
  const us = optionalTime(ctx, value, position, field);
  return us === null ? null : isoUs(us);
}
