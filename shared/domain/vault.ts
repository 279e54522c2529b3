export type VaultState = 'missing' | 'locked' | 'unlocked';

export interface VaultStatus {
  state: VaultState;
  /** Folder of the vault. */
  dir: string;
  /** Minutes of inactivity before the app locks itself; 0 = never. */
  autoLockMinutes: number;
  /** Who the engine writes into the journal as the actor. */
  actor: string;
  /** Whoever proposed an action cannot approve it. */
  twoPersonRule: boolean;
  /** Said once, by the unlock that did it: the vault manifest adopted, an interrupted key rotation finished. */
  notices?: string[];
}

/** What a key rotation did (vault.rotateKeys). */
export interface KeyRotation {
  /** Id of the new vault key (vault.json's keyId). */
  keyId: string;
  /** Cases re-encrypted and re-chained. */
  cases: number;
  /** Timeline runs re-encrypted. */
  runs: number;
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
