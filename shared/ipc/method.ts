import { z } from 'zod';

/**
 * The building blocks of the contract's entries, shared by contract.ts and the
 * per-area method tables in shared/ipc/methods/*.ts (each area of the engine
 * declares its methods in its own file; contract.ts spreads them in).
 */

export const none = z.object({}).strict();
export const caseId = z.string().uuid('not a case id');
export const passphrase = z.string().min(1, 'the passphrase is empty').max(1024, 'the passphrase is longer than 1024 characters');
export const NEW_PASSPHRASE_MIN = 10;
export const newPassphrase = z
  .string()
  .min(NEW_PASSPHRASE_MIN, `the passphrase must have at least ${NEW_PASSPHRASE_MIN} characters`)
  .max(1024, 'the passphrase is longer than 1024 characters');

/** A phantom value that carries a result type through the contract. */
export function returns<T>(): T {
  return undefined as T;
}

/** One contract entry: the input schema the shell validates, and the result type. */
export function method<I extends z.ZodType, R>(input: I, result: R) {
  return { input, result };
}
