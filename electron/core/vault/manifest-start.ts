import { CaseJournal } from './case-journal';
import { emptyManifest, withManifestLock, type Manifest } from './vault-manifest';
import { recoverRotation } from './key-rotation';
import type { VaultHandle } from './vault-handle';

/**
 * What an unlock does with the manifest before any case is read:
 * - finishes or undoes a key rotation a crash interrupted;
 * - a vault from before manifests (vault.json version 1) gets one holding the
 *   current state of its cases, then moves to version 2; the user is told once;
 * - a case folder the manifest does not list (a crash between a case's
 *   creation and its manifest entry) is added, and the user is told.
 * A version-2 vault whose manifest is missing or damaged is left as it is:
 * every check then reports it, rather than adopting what may be a rolled-back state.
 */
export async function startManifest(vault: VaultHandle): Promise<void> {
  await recoverRotation(vault);
  const version = vault.vaultFile.version;
  const read = await vault.manifest.read();
  if (version === 2 && typeof read === 'string') return;
  const listed = typeof read === 'string' ? {} : read.cases;
  const unlisted = (await vault.listCaseIds()).filter((id) => !(id in listed));
  if (version === 2 && unlisted.length === 0) return;

  await withManifestLock(vault.dir, async () => {
    const current = await vault.manifest.read();
    const adopting = typeof current === 'string';
    const manifest: Manifest = adopting ? emptyManifest(vault.vaultFile.vaultId, true) : current;
    const cases = { ...manifest.cases };
    const added: string[] = [];
    const unreadable: string[] = [];
    for (const id of await vault.listCaseIds()) {
      if (id in cases) continue;
      try {
        // Checked by its chain and head alone: there is nothing else to check it against yet.
        const journal = await CaseJournal.open(vault.caseDir(id), id, await vault.caseKey(id), 'read');
        await journal.close();
        if (!journal.headTag) continue;
        cases[id] = { records: journal.lastSeq, head: journal.headTag.toString('hex'), at: new Date().toISOString() };
        added.push(`${id} (${journal.lastSeq} records)`);
      } catch (err) {
        unreadable.push(`${id}: ${(err as Error).message}`);
      }
    }
    if (adopting || added.length) await vault.manifest.write({ ...manifest, cases });
    if (adopting) {
      vault.notices.push(
        `This vault had no manifest (it was made by an earlier Casebook). The current state of its ${added.length} case(s) ` +
          `is now the reference: from now on a case put back to an older copy, cut short or deleted is reported. ` +
          `What happened to the cases before today cannot be checked this way.`,
      );
    } else if (added.length) {
      vault.notices.push(
        `Not yet in the vault manifest, now added with their current state (a crash between a case's creation and its manifest entry): ${added.join(', ')}`,
      );
    }
    if (unreadable.length) vault.notices.push(`Not added to the vault manifest because they could not be read: ${unreadable.join('; ')}`);
    if (version === 1) await vault.upgradeToVersion2();
  });
}
