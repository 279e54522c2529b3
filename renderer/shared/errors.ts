import { CasebookError } from '../../shared/ipc/errors';

/** The sentence to show a person for a failed call: the engine's message, which names the field or file. */
export function messageOf(err: unknown): string {
  if (err instanceof CasebookError) return err.message;
  if (err instanceof Error) return err.message;
  return String(err);
}

export function codeOf(err: unknown): string | null {
  return err instanceof CasebookError ? err.code : null;
}
