import type { ChainVerification, VaultVerification } from '../../../shared/domain/audit';
import { unusableManifest } from './vault-manifest';
import type { Vault } from './vault';

/**
 * Checks every case: its chain and head, and against the vault manifest. The
 * cases are those in the folder and those the manifest lists (a deleted case
 * is one of the second only). Nothing is changed; nothing is thrown for a bad case.
 */
export async function verifyVault(vault: Vault): Promise<VaultVerification> {
  const manifest = await vault.manifest.read();
  const usable = typeof manifest === 'string' ? null : manifest;
  const present = await vault.listCaseIds();
  const ids = [...new Set([...present, ...Object.keys(usable?.cases ?? {})])].sort();
  const cases: ChainVerification[] = [];
  for (const id of ids) {
    try {
      cases.push(await vault.verifyCase(id));
    } catch (err) {
      cases.push({
        caseId: id,
        ok: false,
        records: 0,
        head: null,
        tornTail: null,
        problems: [{ offset: 0, seq: 0, reason: (err as Error).message }],
        checkedAt: new Date().toISOString(),
      });
    }
  }
  const manifestOk = usable !== null;
  return {
    ok: manifestOk && cases.every((c) => c.ok),
    manifest: {
      state: typeof manifest === 'string' ? manifest : 'ok',
      generation: usable?.generation ?? null,
      startedAt: usable?.startedAt ?? null,
      adopted: usable?.adopted ?? false,
      updatedAt: usable?.updatedAt ?? null,
      accepted: usable?.accepted ?? [],
      ...(typeof manifest === 'string' ? { message: unusableManifest(manifest) } : {}),
    },
    cases,
    unlisted: usable ? present.filter((id) => !(id in usable.cases)) : [],
    checkedAt: new Date().toISOString(),
  };
}
