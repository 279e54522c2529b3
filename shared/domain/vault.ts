export type VaultState = 'missing' | 'locked' | 'unlocked';

export interface VaultStatus {
  state: VaultState;
  /** Folder of the vault. */
  dir: string;
  /** Minutes of inactivity before the app locks itself; 0 = never. */
  autoLockMinutes: number;
  /** Who the engine writes into the journal as the actor. */
  actor: string;
}

export interface KdfParams {
  name: 'scrypt';
  /** CPU/memory cost (power of two). */
  N: number;
  r: number;
  p: number;
  /** base64 */
  salt: string;
  /** Milliseconds the derivation took when the vault was created. */
  measuredMs: number;
}
