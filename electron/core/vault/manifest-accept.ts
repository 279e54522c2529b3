import { promises as fs } from 'node:fs';
import path from 'node:path';
import { CasebookError } from '../../../shared/ipc/errors';
import { CaseJournal, JOURNAL_FILE } from './case-journal';
import { emptyManifest, manifestProblem, withManifestLock, type Manifest, type ManifestEntry } from './vault-manifest';
import type { Vault } from './vault';
import { ROLLBACK_ACCEPTED } from '../cases/records/vault-records';

/**
 * The way out of a refusal, taken by hand and on the record. A case the
 * manifest calls rolled back or replaced stays refused until someone who has
 * examined it accepts its present state (or puts the right journal back); the
 * acceptance is a record in the case's own journal (what the manifest expected,
 * what was found, who accepted it and when) and a line in the manifest's
 * `accepted` list. A deleted case's entry is removed the same way. With no case,
 * a manifest that is missing or fails authentication is begun again from the
 * cases as they are, and that too is listed.
 * A journal whose own chain or head fails is never accepted: there is no
 * consistent state to accept.
 */
export async function acceptState(vault: Vault, caseId: string | null, actor: string): Promise<string> {
  return withManifestLock(vault.dir, async () => {
    await vault.assertKeyCurrent();
    const at = new Date().toISOString();
    if (caseId === null) return rebuild(vault, actor, at);
    const manifest = await vault.usableManifest();
    const expected = manifest.cases[caseId];
    const present = await fs.stat(path.join(vault.caseDir(caseId), JOURNAL_FILE)).then(
      () => true,
      () => false,
    );
    if (!present) {
      if (!expected) throw new CasebookError('case-not-found', `no case ${caseId} in this vault or its manifest`);
      const { [caseId]: _gone, ...cases } = manifest.cases;
      const what = `deletion accepted: the case had ${expected.records} records (${expected.at})`;
      await vault.manifest.write(withAccepted({ ...manifest, cases }, { caseId, at, actor, what }));
      return what;
    }
    // Checked by its own chain and head (the manifest's verdict is what is being accepted).
    const key = await vault.caseKey(caseId);
    const reader = await CaseJournal.open(vault.caseDir(caseId), caseId, key, 'read');
    await reader.close();
    const tagsOf = (j: CaseJournal) => Array.from({ length: j.lastSeq }, (_, i) => j.tagAt(i + 1));
    if (!manifestProblem(expected, tagsOf(reader))) {
      throw new CasebookError('invalid-input', `case ${caseId} agrees with the vault manifest; there is nothing to accept`);
    }
    const journal = await CaseJournal.open(vault.caseDir(caseId), caseId, key, 'write');
    try {
      // Again under the writer lock: what is accepted is what is there now.
      const problem = manifestProblem(expected, tagsOf(journal));
      // A case the manifest does not list has no problem with it (manifestProblem), so `expected` is there past this.
      if (!problem || !expected) throw new CasebookError('invalid-input', `case ${caseId} agrees with the vault manifest; there is nothing to accept`);
      const found = { records: journal.lastSeq, head: journal.headTag!.toString('hex') };
      await journal.append({ at, actor, type: ROLLBACK_ACCEPTED, data: { expected, found, problem } });
      const entry: ManifestEntry = { records: journal.lastSeq, head: journal.headTag!.toString('hex'), at };
      const what = `present state accepted (${found.records} records where the manifest expected ${expected.records}, ${expected.at})`;
      await vault.manifest.write(withAccepted({ ...manifest, cases: { ...manifest.cases, [caseId]: entry } }, { caseId, at, actor, what }));
      return what;
    } finally {
      await journal.close();
    }
  });
}

async function rebuild(vault: Vault, actor: string, at: string): Promise<string> {
  const current = await vault.manifest.read();
  if (typeof current !== 'string') throw new CasebookError('invalid-input', 'the vault manifest is readable; name the case whose state to accept');
  const cases: Record<string, ManifestEntry> = {};
  const skipped: string[] = [];
  for (const id of await vault.listCaseIds()) {
    try {
      const journal = await CaseJournal.open(vault.caseDir(id), id, await vault.caseKey(id), 'read');
      await journal.close();
      if (journal.headTag) cases[id] = { records: journal.lastSeq, head: journal.headTag.toString('hex'), at };
    } catch {
      skipped.push(id);
    }
  }
  const what = `manifest ${current} and begun again from ${Object.keys(cases).length} case(s) as they are${skipped.length ? `; not readable, left out: ${skipped.join(', ')}` : ''}`;
  await vault.manifest.write(withAccepted({ ...emptyManifest(vault.vaultFile.vaultId, true), cases }, { caseId: null, at, actor, what }));
  return what;
}

function withAccepted(manifest: Manifest, line: NonNullable<Manifest['accepted']>[number]): Manifest {
  return { ...manifest, accepted: [...(manifest.accepted ?? []), line] };
}
