import { api } from './api';
import { codeOf } from './errors';

/**
 * A `.catch` handler for a call the renderer gets past on purpose (a close on leaving a case, a
 * cancel of a task that may have ended): the failure goes to the diagnostic log beside the vault
 * as its class, code and stack frames (never its message, which could quote case data).
 */
export function recordSwallowed(code: string, ids?: Record<string, string | number>): (error: unknown) => void {
  return (error) => {
    const stack = error instanceof Error && typeof error.stack === 'string' ? error.stack.split('\n').filter((line) => /^\s+at /.test(line)) : [];
    const name = error instanceof Error ? error.name : typeof error;
    void api.diagnostics
      .record({ code, ids, error: { name, code: codeOf(error) ?? undefined, stack: stack.slice(0, 24).map((line) => line.trim().slice(0, 300)) } })
      // The log itself out of reach (the engine stopped): the console is the last place left.
      .catch((lost: unknown) => console.warn(`diagnostics: ${code} not recorded`, lost));
  };
}
