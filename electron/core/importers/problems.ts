import { CasebookError } from '../../../shared/ipc/errors';

/** Where in the input something is: what a user needs to find it. */
export interface Position {
  /** Physical line, 1-based (text formats). */
  line?: number;
  /** Byte offset, 0-based (binary or JSON documents). */
  offset?: number;
  /** Record number within a JSON document, 1-based. */
  record?: number;
  /** File inside an archive. */
  entry?: string;
}

export interface InvalidRecord {
  position: Position;
  field: string | null;
  reason: string;
}

export function describePosition(p: Position): string {
  const parts: string[] = [];
  if (p.entry) parts.push(p.entry);
  if (p.line !== undefined) parts.push(`line ${p.line}`);
  if (p.record !== undefined) parts.push(`record ${p.record}`);
  if (p.offset !== undefined) parts.push(`byte ${p.offset}`);
  return parts.join(', ') || 'file';
}

export function describeInvalid(file: string, r: InvalidRecord): string {
  return `${file}: ${describePosition(r.position)}${r.field ? `, field "${r.field}"` : ''}: ${r.reason}`;
}

/** The whole file cannot be imported (unknown schema, binary, broken JSON...). */
export class ImportProblem extends CasebookError {
  constructor(message: string) {
    super('invalid-input', message);
  }
}

/**
 * One record's text (a JSON Lines line, a Hayabusa object) as a JSON object,
 * or null once the reason is reported as an invalid record at its line: not
 * JSON, or JSON that is not an object. `parse` is JSON.parse unless numbers
 * must stay exact (exact-json.ts).
 */
export function jsonObjectAt(
  text: string,
  line: number,
  invalid: (record: InvalidRecord) => void,
  parse: (text: string) => unknown = JSON.parse,
): Record<string, unknown> | null {
  let value: unknown;
  try {
    value = parse(text);
  } catch (err) {
    invalid({ position: { line }, field: null, reason: `not valid JSON: ${(err as Error).message}` });
    return null;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    invalid({ position: { line }, field: null, reason: 'not a JSON object' });
    return null;
  }
  return value as Record<string, unknown>;
}
