import { CasebookError } from '../../shared/ipc/errors';

/** The sentence to show a person for a failed call: the engine's message, which names the field or file. */
export function messageOf(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  // Engine messages are lower-case clauses ("wrong passphrase for this vault"); on screen they start a sentence.
  return message.charAt(0).toUpperCase() + message.slice(1);
}

export function codeOf(err: unknown): string | null {
  return err instanceof CasebookError ? err.code : null;
}
