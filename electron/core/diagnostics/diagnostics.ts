/**
 * Diagnostics: what went wrong where an error is deliberately not passed on (best-effort
 * cleanup, a fallback), recorded so a fault that keeps recurring can be found. The record
 * holds codes, ids and stack frames, never case content: an error's message can quote its
 * input (JSON.parse quotes the text it choked on, an importer names a field's value, a file
 * error names the path), so only the error's class, its code and where it was thrown are kept.
 *
 * Injected, never global: the engine, the vault and the stores take a `Diagnostics`; tests
 * that do not look at it get NO_DIAGNOSTICS.
 */

/** Identifiers of what was being done (a case id, a task id, a worker's name); anything else is dropped. */
export type DiagnosticIds = Record<string, string | number | undefined>;

export interface DiagnosticEntry {
  /** ISO time of the entry. */
  time: string;
  /** Where it happened and what was being done: dotted, fixed at the call site ('vault.stage-cleanup'). */
  code: string;
  ids: Record<string, string | number>;
  /** The error's class and code ('Error ENOENT rm', 'CasebookError corrupt'), never its message text. */
  message: string;
  /** Stack frames ('at fn (file:line:col)') without the message line. */
  stack: string[];
}

export interface Diagnostics {
  /** Records an error that is not passed on. Never throws. */
  record(code: string, error: unknown, ids?: DiagnosticIds): void;
  /**
   * A handler for `.catch(...)` that records the error and resolves to `fallback` (undefined if
   * not given): the best-effort behaviour stays, the failure is written down. Error codes named in
   * `expected` (such as ENOENT for a folder that may not exist) are the normal case and not recorded.
   */
  swallow<T = undefined>(code: string, ids?: DiagnosticIds, options?: { fallback?: T; expected?: readonly string[] }): (error: unknown) => T;
}

/** Where entries go: a DiagnosticLog, or a list in a test. */
export interface DiagnosticSink {
  append(entry: DiagnosticEntry): void;
}

const MAX_FRAMES = 24;
const MAX_FRAME_CHARS = 300;
const ID_VALUE = /^[A-Za-z0-9._:@-]{1,100}$/;
const CODE = /^[a-z0-9][a-z0-9.-]{0,79}$/;

/** The content-free summary of an error: its class, its code (an errno or CasebookError code) and the system call. */
export function errorSummary(error: unknown): string {
  if (!(error instanceof Error)) return typeof error;
  const { code, syscall } = error as { code?: unknown; syscall?: unknown };
  const parts = [error.constructor?.name || error.name || 'Error'];
  if (typeof code === 'string' && ID_VALUE.test(code)) parts.push(code);
  if (typeof syscall === 'string' && ID_VALUE.test(syscall)) parts.push(syscall);
  return parts.join(' ');
}

/** The stack's frames only: the first lines of `stack` repeat the message. */
export function stackFrames(error: unknown): string[] {
  if (!(error instanceof Error) || typeof error.stack !== 'string') return [];
  return error.stack
    .split('\n')
    .filter((line) => /^\s+at /.test(line))
    .slice(0, MAX_FRAMES)
    .map((line) => line.trim().slice(0, MAX_FRAME_CHARS));
}

function cleanIds(ids: DiagnosticIds | undefined): Record<string, string | number> {
  const clean: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(ids ?? {})) {
    if (!ID_VALUE.test(key)) continue;
    if (typeof value === 'number' && Number.isFinite(value)) clean[key] = value;
    // An id that is not id-shaped (a path, a name) could be case data: it is dropped, its presence noted.
    else if (typeof value === 'string') clean[key] = ID_VALUE.test(value) ? value : '(not an id: dropped)';
  }
  return clean;
}

export function diagnosticEntry(code: string, error: unknown, ids?: DiagnosticIds, now = new Date()): DiagnosticEntry {
  return {
    time: now.toISOString(),
    code: CODE.test(code) ? code : 'invalid-code',
    ids: cleanIds(ids),
    message: errorSummary(error),
    stack: stackFrames(error),
  };
}

/** Diagnostics that write to a sink; a sink that throws is ignored (diagnostics never break what they watch). */
export function diagnosticsTo(sink: DiagnosticSink): Diagnostics {
  const record = (code: string, error: unknown, ids?: DiagnosticIds) => {
    try {
      sink.append(diagnosticEntry(code, error, ids));
    } catch {
      // Nowhere left to record it: the log's own failure must not become the caller's.
    }
  };
  return {
    record,
    swallow: (code, ids, options) => (error) => {
      const errno = (error as { code?: unknown } | null)?.code;
      if (!(typeof errno === 'string' && options?.expected?.includes(errno))) record(code, error, ids);
      return options?.fallback as never;
    },
  };
}

/** Records nothing: for tests and tools that have no log. */
export const NO_DIAGNOSTICS: Diagnostics = diagnosticsTo({ append: () => undefined });

/**
 * A `.catch` handler for a promise whose failure another path deals with (named in a comment at
 * the call): its owner awaits it later, the caller gets the same rejection through another promise,
 * it is the echo of a failure already being reported, or what it leaves behind is swept later.
 * It only keeps Node from calling the rejection unhandled. Anything else: Diagnostics.swallow.
 */
export function settledElsewhere(): undefined {
  return undefined;
}
