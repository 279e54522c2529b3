import { promises as fs } from 'node:fs';
import path from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';
import { CasebookError } from '../../../shared/ipc/errors';
import { open as openSealed, seal, tagOf, KEY_BYTES } from './aead';
import { chooseParamsAndDerive, deriveKey, OWASP_MIN_N } from './kdf';
import { fsyncDir, writeFileAtomic } from '../fs/atomic-write';
import { LOCK_FILE, JOURNAL_FILE } from './case-journal';
import { CaseLock } from './case-lock';
import { encodeRecord, MAGIC, HEADER_BYTES, type JournalRecord } from './journal-format';
import { newRecord } from '../cases/records/journal-record';
import { HEAD_FILE, writeHead } from './journal-head';
import { MANIFEST_FILE, sealManifest, withManifestLock, type Manifest, type ManifestEntry } from './vault-manifest';
import { VAULT_KEY_AAD, type VaultFile } from './vault-file';
import { IMPORT_COMMITTED } from '../cases/records/import-records';
import { KEYS_ROTATED } from '../cases/records/vault-records';
import { resealRunFile } from '../timeline/run-format';
import { TIMELINE_DIR } from '../timeline/run-files';
import type { VaultHandle } from './vault-handle';
import { CASE_KEY_FILE, caseKeyJson } from './case-key-file';
import { ifMissing } from '../fs/if-missing';

const PREFIX = '.rotation-';
const MARKER = 'rotation.json';

export interface RotateOptions {
  passphrase: string;
  /** A new passphrase to wrap the new vault key with; the current one when absent. */
  next?: string;
  actor: string;
  /** Test-only: stop as if the process died right after this step (locks released, nothing cleaned up). */
  crashAfter?: 'staging' | 'commit';
}

export interface RotationResult {
  keyId: string;
  cases: number;
  runs: number;
}

class SimulatedCrash extends Error {}

/**
 * Key rotation: a new vault key and a new data key for every case, every
 * journal sealed and chained again under its new key, every timeline run
 * sealed again. After a passphrase may have leaked, whoever holds the old
 * vault.json and the old passphrase has the old vault key and, through the
 * key.json files, every old case key; only keys they cannot unwrap keep what is
 * written afterwards from them. So nothing keeps an old key (rewrapping the old
 * case keys, or leaving old records under them, would not do).
 *
 * The record contents stay as they were, except the tags of the runs an
 * import record names (the runs are sealed anew, so their tags change); each
 * journal gets one more record, 'vault.keysRotated', naming the old chain's
 * length and last tag, so the history says where it was re-chained.
 *
 * All or nothing: everything new is written into `.rotation-<keyId>/` in the
 * vault folder (and synced); writing vault.json with the new wrapped key is the
 * commit; then the new files are renamed over the old ones. An unlock that
 * finds a rotation folder finishes it when vault.json already names its key
 * (the rename step is idempotent), or removes it when it does not.
 *
 * It runs holding the manifest lock (no case is published meanwhile) and every
 * case's writer lock (no case is written meanwhile), and refuses a vault that
 * does not verify: re-chaining a damaged or rolled-back case would launder it.
 */
export async function rotateKeys(vault: VaultHandle, options: RotateOptions): Promise<RotationResult> {
  return withManifestLock(vault.dir, async () => {
    const onDisk = await vault.assertKeyCurrent();
    const passKey = await deriveKey(options.passphrase, onDisk.kdf);
    const check = openSealed(passKey, onDisk.wrappedBytes, VAULT_KEY_AAD);
    passKey.fill(0);
    if (!check || !check.equals(vault.key())) throw new CasebookError('wrong-passphrase', 'the current passphrase is wrong');
    const manifest = await vault.usableManifest();
    const ids = await vault.listCaseIds();
    const locks: CaseLock[] = [];
    const keyId = randomUUID();
    const staging = path.join(vault.dir, `${PREFIX}${keyId}`);
    let committed = false;
    try {
      for (const id of ids) locks.push(await CaseLock.acquire(path.join(vault.caseDir(id), LOCK_FILE), id, vault.diagnostics));
      const missing = await vault.missingCases();
      if (missing.length) throw refusal(missing[0]!.caseId, missing[0]!.message);
      const newVaultKey = randomBytes(KEY_BYTES);
      const entries: Record<string, ManifestEntry> = {};
      let runs = 0;
      await fs.mkdir(path.join(staging, 'cases'), { recursive: true, mode: 0o700 });
      for (const id of ids) {
        const staged = await stageCase(vault, id, newVaultKey, path.join(staging, 'cases', id), options.actor, keyId);
        entries[id] = staged.entry;
        runs += staged.runs;
      }
      const nextManifest: Manifest = { ...manifest, generation: manifest.generation + 1, updatedAt: new Date().toISOString(), cases: entries };
      await writeFileAtomic(path.join(staging, MANIFEST_FILE), sealManifest(newVaultKey, nextManifest));
      await fsyncDir(path.join(staging, 'cases'));
      // Last: the folder is complete only once it says which key it belongs to.
      await writeFileAtomic(path.join(staging, MARKER), JSON.stringify({ keyId, cases: ids }) + '\n');
      await fsyncDir(vault.dir);
      if (options.crashAfter === 'staging') throw new SimulatedCrash();

      const { params, key: nextPassKey } = await chooseParamsAndDerive(options.next ?? options.passphrase, Math.min(onDisk.kdf.N, OWASP_MIN_N));
      const file: VaultFile = {
        ...onDisk,
        version: 2,
        keyId,
        rotatedAt: new Date().toISOString(),
        kdf: params,
        wrappedKey: seal(nextPassKey, newVaultKey, VAULT_KEY_AAD).toString('base64'),
      };
      nextPassKey.fill(0);
      await vault.replaceVaultFile(file, newVaultKey);
      committed = true;
      vault.adoptKeys(file, newVaultKey);
      if (options.crashAfter === 'commit') throw new SimulatedCrash();
      await rollForward(vault.dir, staging).catch((err: Error) => {
        throw new CasebookError(
          'internal',
          `the new keys are committed, but moving the re-encrypted files into place failed (${err.message}); lock the vault and unlock it again to finish`,
        );
      });
      return { keyId, cases: ids.length, runs };
    } catch (err) {
      if (!committed && !(err instanceof SimulatedCrash)) await fs.rm(staging, { recursive: true, force: true });
      throw err;
    } finally {
      await Promise.allSettled(locks.map((l) => l.release()));
    }
  });
}

const refusal = (caseId: string, why: string) =>
  new CasebookError('corrupt', `keys not rotated: case ${caseId} does not verify (${why}); re-sealing it would hide that. Nothing was changed.`);

/** Writes one case's new key, journal, head and runs into its staging folder. */
async function stageCase(vault: VaultHandle, id: string, newVaultKey: Buffer, dir: string, actor: string, keyId: string) {
  let journal;
  try {
    journal = await vault.openCase(id, 'read');
  } catch (err) {
    throw refusal(id, (err as Error).message);
  }
  await journal.close();
  const oldKey = journal.dataKey;
  const newKey = randomBytes(KEY_BYTES);
  await fs.mkdir(path.join(dir, TIMELINE_DIR), { recursive: true, mode: 0o700 });
  let runs = 0;
  const records: JournalRecord[] = [];
  for (const record of journal.records) {
    if (record.type !== IMPORT_COMMITTED) {
      records.push(record);
      continue;
    }
    const data = structuredClone(record.data);
    for (const run of data.runs) {
      run.colsTag = await resealRun(vault.caseDir(id), dir, id, `${run.name}.cols`, run.colsTag, oldKey, newKey);
      run.textTag = await resealRun(vault.caseDir(id), dir, id, `${run.name}.text`, run.textTag, oldKey, newKey);
      runs++;
    }
    for (const page of data.entityPages ?? []) page.tag = await resealRun(vault.caseDir(id), dir, id, page.name, page.tag, oldKey, newKey);
    records.push({ ...record, data });
  }
  records.push(
    newRecord(records.length + 1, {
      at: new Date().toISOString(),
      actor,
      type: KEYS_ROTATED,
      data: { previousRecords: journal.lastSeq, previousHead: journal.headTag!.toString('hex'), keyId },
    }),
  );
  const parts: Buffer[] = [MAGIC];
  let prev: Buffer | null = null;
  for (const record of records) {
    const bytes = encodeRecord(newKey, id, record, prev);
    prev = tagOf(bytes.subarray(HEADER_BYTES));
    parts.push(bytes);
  }
  await writeSynced(path.join(dir, JOURNAL_FILE), Buffer.concat(parts));
  const head = prev!.toString('hex');
  const at = new Date().toISOString();
  await writeHead(dir, id, newKey, { state: 'closed', seq: records.length, tag: head, at });
  await writeFileAtomic(path.join(dir, CASE_KEY_FILE), caseKeyJson(newVaultKey, id, newKey));
  newKey.fill(0);
  await fsyncDir(path.join(dir, TIMELINE_DIR));
  await fsyncDir(dir);
  return { entry: { records: records.length, head, at }, runs };
}

async function resealRun(caseDir: string, stagingDir: string, caseId: string, file: string, tag: string, from: Buffer, to: Buffer): Promise<string> {
  const sealed = await fs.readFile(path.join(caseDir, TIMELINE_DIR, file)).catch(() => null);
  if (!sealed || tagOf(sealed).toString('hex') !== tag) throw refusal(caseId, `timeline file ${file} is missing or not the one the journal recorded`);
  const next = resealRunFile(from, to, caseId, file, sealed);
  if (!next) throw refusal(caseId, `timeline file ${file} failed authentication`);
  await writeSynced(path.join(stagingDir, TIMELINE_DIR, file), next);
  return tagOf(next).toString('hex');
}

async function writeSynced(file: string, data: Buffer): Promise<void> {
  const handle = await fs.open(file, 'w', 0o600);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Moves a committed rotation's files over the old ones: runs first, the key
 * last, each a rename, so running it again after a crash moves what is left.
 */
async function rollForward(vaultDir: string, staging: string): Promise<void> {
  const stagedCases = path.join(staging, 'cases');
  for (const id of await fs.readdir(stagedCases).catch(ifMissing([] as string[]))) {
    const from = path.join(stagedCases, id);
    const to = path.join(vaultDir, 'cases', id);
    const timeline = path.join(to, TIMELINE_DIR);
    const stagedRuns = await fs.readdir(path.join(from, TIMELINE_DIR)).catch(ifMissing([] as string[]));
    if (stagedRuns.length) await fs.mkdir(timeline, { recursive: true, mode: 0o700 });
    for (const name of stagedRuns) await fs.rename(path.join(from, TIMELINE_DIR, name), path.join(timeline, name));
    if (stagedRuns.length) await fsyncDir(timeline);
    for (const name of [JOURNAL_FILE, HEAD_FILE, CASE_KEY_FILE]) {
      await fs.rename(path.join(from, name), path.join(to, name)).catch((err: NodeJS.ErrnoException) => {
        if (err.code !== 'ENOENT') throw err;
      });
    }
    await fsyncDir(to);
    await fs.rm(from, { recursive: true, force: true });
  }
  await fs.rename(path.join(staging, MANIFEST_FILE), path.join(vaultDir, MANIFEST_FILE)).catch((err: NodeJS.ErrnoException) => {
    if (err.code !== 'ENOENT') throw err;
  });
  await fsyncDir(vaultDir);
  await fs.rm(staging, { recursive: true, force: true });
  await fsyncDir(vaultDir);
}

/**
 * At unlock: a rotation folder whose key vault.json names was committed and is
 * finished; any other (no marker, or another key) died before its commit and is
 * removed, leaving the vault as it was.
 */
export async function recoverRotation(vault: VaultHandle): Promise<void> {
  const leftovers = (await fs.readdir(vault.dir)).filter((name) => name.startsWith(PREFIX));
  if (!leftovers.length) return;
  await withManifestLock(vault.dir, async () => {
    for (const name of leftovers) {
      const staging = path.join(vault.dir, name);
      // No marker (ENOENT): the rotation died before writing it. An unreadable one is undone all the same, and recorded.
      const marker = await fs
        .readFile(path.join(staging, MARKER), 'utf8')
        .then((t) => JSON.parse(t) as { keyId?: string })
        .catch(vault.diagnostics.swallow('vault.rotation-marker', {}, { fallback: null, expected: ['ENOENT'] }));
      if (marker?.keyId && marker.keyId === vault.vaultFile.keyId) {
        await rollForward(vault.dir, staging);
        vault.notices.push('A key rotation interrupted after its commit was finished: every case now uses its new key.');
      } else {
        await fs.rm(staging, { recursive: true, force: true });
        if (marker) vault.notices.push('A key rotation interrupted before its commit was undone: the vault keeps its previous keys.');
      }
    }
  });
}
