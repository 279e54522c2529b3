import { z } from 'zod';

/**
 * Records the vault writes into a case's journal, outside any command on the case.
 */

/** A rollback the vault manifest found, accepted by hand (vault/manifest-accept.ts). */
export const ROLLBACK_ACCEPTED = 'vault.rollbackAccepted';
/** The case's journal and runs were sealed again under new keys (vault/key-rotation.ts). */
export const KEYS_ROTATED = 'vault.keysRotated';

const tagHex = z.string().regex(/^[0-9a-f]*$/, 'expected hex');

export const rollbackAcceptedSchema = z.object({
  /** The manifest's entry for the case: its record count, last tag and when it was written. */
  expected: z.object({ records: z.number().int().nonnegative(), head: tagHex, at: z.string() }),
  /** What the journal held when its state was accepted. */
  found: z.object({ records: z.number().int().nonnegative(), head: tagHex }),
  /** The manifest's verdict (ROLLED BACK, REPLACED...). */
  problem: z.string(),
});
export type RollbackAcceptedData = z.output<typeof rollbackAcceptedSchema>;

export const keysRotatedSchema = z.object({
  /** Length and last tag of the chain under the old key: the history this one continues. */
  previousRecords: z.number().int().nonnegative(),
  previousHead: tagHex,
  /** The vault key id the case's new key is sealed under. */
  keyId: z.string(),
});
export type KeysRotatedData = z.output<typeof keysRotatedSchema>;
