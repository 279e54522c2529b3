// (a) Key derivation: what a user waits for when creating and unlocking a vault,
// at the parameters the tuning loop picks on this machine (no test override).
import { dist, median, PASS, row, sample, tempDir, timeIt } from '../lib.mjs';

export const title = 'Key derivation (scrypt, tuned, production cost)';

export async function run({ runs }) {
  const { Vault } = await dist('electron/core/vault/vault.js');
  const creates = [];
  let dir;
  for (let i = 0; i < runs; i++) {
    dir = tempDir('kdf');
    const { ms, value: vault } = await timeIt(() => Vault.create(dir, PASS));
    creates.push({ ms, kdf: vault.kdf });
    vault.lock();
  }
  const last = creates.at(-1).kdf;
  const unlocks = await sample(runs, async () => (await Vault.unlock(dir, PASS)).lock());
  const tunedNs = [...new Set(creates.map((c) => c.kdf.N))];
  return {
    rows: [
      row(`tuned N (r=${last.r}, p=${last.p})`, null, '', { text: tunedNs.map((n) => `2^${Math.log2(n)}`).join(', ') }),
      row('one derivation at the tuned N (as measured by the tuning)', median(creates.map((c) => c.kdf.measuredMs)), 'ms', { runs }),
      row('create vault (tuning loop + key wrap + fsync)', median(creates.map((c) => c.ms)), 'ms', { runs }),
      row('unlock (derive + unwrap)', median(unlocks), 'ms', { runs }),
    ],
    data: {
      tunedN: tunedNs,
      derivationMs: creates.map((c) => c.kdf.measuredMs),
      createMs: creates.map((c) => c.ms),
      unlockMs: unlocks,
    },
  };
}
