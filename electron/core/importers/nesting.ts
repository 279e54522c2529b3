import type { InvalidRecord, Position } from './problems';

/**
 * How deep a record's objects and lists may nest. JSON.parse reads any depth,
 * but what comes after it recurses (JSON.stringify of an attribute, flattening,
 * entity walks): a line nested 100,000 deep overflowed the stack, and the
 * RangeError ended the whole import even with --skip-invalid. Real records
 * nest a few levels; past this one, the record is refused on its own.
 */
export const MAX_NESTING = 100;

/**
 * Whether `value` nests objects and lists deeper than MAX_NESTING (the record
 * itself is level 1), and if so the top-level field the deep part is under
 * (null when the record is a list); walked with a stack of its own, so any
 * depth is safe to look at.
 */
export function tooDeep(value: unknown): { field: string | null } | null {
  if (typeof value !== 'object' || value === null) return null;
  const stack: [unknown, number, string | null][] = [[value, 1, null]];
  while (stack.length) {
    const [v, depth, field] = stack.pop()!;
    if (depth > MAX_NESTING) return { field };
    if (Array.isArray(v)) {
      for (const item of v) if (typeof item === 'object' && item !== null) stack.push([item, depth + 1, field]);
    } else {
      const o = v as Record<string, unknown>;
      for (const key in o) {
        const item = o[key];
        if (typeof item === 'object' && item !== null) stack.push([item, depth + 1, depth === 1 ? key : field]);
      }
    }
  }
  return null;
}

/** The invalid record for a value that nests too deep at `position`, or null when it does not. */
export function nestingProblem(value: unknown, position: Position): InvalidRecord | null {
  const deep = tooDeep(value);
  return deep && { position, field: deep.field, reason: `nested more than ${MAX_NESTING} levels deep` };
}
