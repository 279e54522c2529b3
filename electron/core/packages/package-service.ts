import { randomUUID } from 'node:crypto';
import type { Handlers } from '../../../shared/ipc/dispatch';
import type { PackageManifest } from '../../../shared/domain/packages';
import { CasebookError } from '../../../shared/ipc/errors';
import type { EmitEvent } from '../engine-events';
import type { CaseAccess } from '../cases/case-access';
import type { CaseChanges } from '../cases/case-changes';
import { committedRuns } from '../cases/case-state';
import { PACKAGE_IMPORTED } from '../cases/records/package-records';
import type { RunPool } from '../import/run-pool';
import type { Vault } from '../vault/vault';
import type { AgeKeys, AgeRecipients } from './age/age';
import { parseIdentityFile, parseRecipient } from './age/age-keys';
import { importVerifiedPackage } from './case-import';
import { exportCase } from './case-export';
import { examinerOf, parsePublicKeys, publicIdentity, publicKeysText, trustExaminer } from './examiner';
import { verifyPackage } from './package-verify';
import { backupVault, restoreVault } from './vault-backup';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../fs/atomic-write';
import { forgetExaminer } from './examiner';

/** A public-keys file is a few lines; anything larger is not one. */
const MAX_PUBLIC_KEYS_FILE = 100_000;

type PackageMethods =
  | 'identity.show'
  | 'identity.export'
  | 'identity.trust'
  | 'identity.trustFile'
  | 'identity.untrust'
  | 'identity.save'
  | 'packages.export'
  | 'packages.cancel'
  | 'packages.verify'
  | 'packages.import'
  | 'backup.create'
  | 'backup.cancel'
  | 'backup.restore'
  | 'vault.openFolder';

export interface PackageServiceDeps {
  cases: CaseAccess;
  changes: CaseChanges;
  runs: RunPool;
  emit: EmitEvent;
  vaultDir: string;
  /** Whether a vault is unlocked (restore needs none). */
  isUnlocked(): boolean;
}

function ageTo(to: { recipients: string[] } | { passphrase: string }): AgeRecipients {
  return 'recipients' in to ? { recipients: to.recipients.map(parseRecipient) } : { passphrase: to.passphrase };
}

/** The keys of an age identity file's text; a clear error when it is not one. */
function identityKeys(text: string): AgeKeys {
  try {
    return { identities: parseIdentityFile(text) };
  } catch (err) {
    throw new CasebookError('invalid-input', (err as Error).message);
  }
}

/**
 * Case packages (docs/architecture.md, "Case packages"): the examiner
 * identity, export, verification and import of packages, vault backup and
 * restore. Exports run as tasks (progress, cancel) by the caller's task id.
 */
export class PackageService {
  readonly handlers: Pick<Handlers, PackageMethods>;
  private readonly tasks = new Map<string, AbortController>();

  constructor(private readonly deps: PackageServiceDeps) {
    this.handlers = {
      // The save dialog is the shell's (electron/ipc.ts answers it); listed so the handler table stays complete.
      'identity.show': async () => {
        const vault = deps.cases.unlocked();
        return { identity: publicIdentity(await examinerOf(vault), deps.cases.actor()), known: vault.settings.examiner?.known ?? [] };
      },
      'identity.export': async () => {
        const identity = publicIdentity(await examinerOf(deps.cases.unlocked()), deps.cases.actor());
        return { identity, text: publicKeysText(identity) };
      },
      'identity.trust': async ({ text, name }) => {
        const keys = parsePublicKeys(text);
        return trustExaminer(deps.cases.unlocked(), keys, name ?? keys.name ?? 'unnamed examiner');
      },
      'identity.trustFile': async ({ file, name }) => {
        const vault = deps.cases.unlocked();
        if ((await stat(file)).size > MAX_PUBLIC_KEYS_FILE)
          throw new CasebookError('invalid-input', `${path.basename(file)} is larger than a public keys file (${MAX_PUBLIC_KEYS_FILE} bytes at most)`);
        let keys: ReturnType<typeof parsePublicKeys>;
        try {
          keys = parsePublicKeys(await readFile(file, 'utf8'));
        } catch (err) {
          throw new CasebookError('invalid-input', `${path.basename(file)}: ${(err as Error).message}`);
        }
        return trustExaminer(vault, keys, name ?? keys.name ?? 'unnamed examiner');
      },
      'identity.untrust': async ({ signingFingerprint }) => forgetExaminer(deps.cases.unlocked(), signingFingerprint),
      'identity.save': async ({ out }) => {
        const text = publicKeysText(publicIdentity(await examinerOf(deps.cases.unlocked()), deps.cases.actor()));
        await writeFileAtomic(out, text, 0o644);
        return { name: path.basename(out), bytes: Buffer.byteLength(text) };
      },
      'packages.export': (input) => this.export(input),
      'packages.cancel': async ({ taskId }) => {
        const task = this.tasks.get(taskId);
        task?.abort();
        return { cancelled: task !== undefined };
      },
      'packages.verify': async ({ file, identity, passphrase }) => {
        const vault = deps.cases.unlocked();
        return (await verifyPackage(file, await this.keys(vault, identity, passphrase), await this.signers(vault))).verification;
      },
      'packages.import': (input) => this.import(input),
      'backup.create': (input) => this.backup(input),
      'backup.cancel': async ({ taskId }) => {
        const task = this.tasks.get(taskId);
        task?.abort();
        return { cancelled: task !== undefined };
      },
      'backup.restore': (input) => this.restore(input),
      // Only the shell can start an engine on another folder (electron/export-shell.ts answers it).
      'vault.openFolder': async () => {
        throw new CasebookError('forbidden', 'vault.openFolder is answered by the app shell');
      },
    };
  }

  private async backup({ out, to, taskId }: Parameters<Handlers['backup.create']>[0]) {
    const vault = this.deps.cases.unlocked();
    if (taskId && this.tasks.has(taskId)) throw new CasebookError('invalid-input', `backup.create: taskId: task ${taskId} is already running`);
    const controller = new AbortController();
    if (taskId) this.tasks.set(taskId, controller);
    const progress = taskId
      ? (p: { bytes: number; totalBytes: number; files: number }) =>
          this.deps.emit('task.progress', { taskId, label: 'Backing up the vault', done: p.bytes, total: p.totalBytes, unit: 'bytes', records: p.files })
      : undefined;
    try {
      return await backupVault(vault.dir, out, ageTo(to), { signal: controller.signal, progress });
    } catch (err) {
      if (controller.signal.aborted) throw new CasebookError('cancelled', 'the backup was cancelled; no file was written');
      throw err;
    } finally {
      if (taskId) this.tasks.delete(taskId);
    }
  }

  /** Into `out` (any empty folder), or into the engine's own vault folder when no vault is unlocked. */
  private async restore({ file, out, identity, passphrase }: Parameters<Handlers['backup.restore']>[0]) {
    const into = out ?? this.deps.vaultDir;
    if (path.resolve(into) === path.resolve(this.deps.vaultDir) && this.deps.isUnlocked())
      throw new CasebookError('invalid-input', 'lock the vault first: a backup is restored into an empty folder, not over a vault in use');
    let keys: AgeKeys;
    if (passphrase) keys = { passphrase };
    else if (identity) keys = identityKeys(identity);
    else if (this.deps.isUnlocked()) keys = { identities: [(await examinerOf(this.deps.cases.unlocked())).age] };
    else throw new CasebookError('invalid-input', 'give the identity file or the passphrase the backup was encrypted to');
    return restoreVault(file, keys, into);
  }

  /** What opens a package: the identity file given, the passphrase given, else this vault's own age identity. */
  private async keys(vault: Vault, identity: string | undefined, passphrase: string | undefined): Promise<AgeKeys> {
    if (passphrase) return { passphrase };
    if (identity) return identityKeys(identity);
    return { identities: [(await examinerOf(vault)).age] };
  }

  private async signers(vault: Vault) {
    return { self: (await examinerOf(vault)).signingPublic, known: vault.settings.examiner?.known ?? [] };
  }

  private async export(input: Parameters<Handlers['packages.export']>[0]) {
    const { taskId, caseId, out, to, sign, selection, redact } = input;
    if (this.tasks.has(taskId)) throw new CasebookError('invalid-input', `packages.export: taskId: task ${taskId} is already running`);
    const controller = new AbortController();
    this.tasks.set(taskId, controller);
    try {
      const vault = this.deps.cases.unlocked();
      const signer = sign ? await examinerOf(vault) : null;
      const progress = (done: number, total: number) => this.deps.emit('task.progress', { taskId, label: 'Exporting events', done, total, unit: 'records' });
      const evidenceProgress = (done: number, total: number) =>
        this.deps.emit('task.progress', { taskId, label: 'Exporting evidence files', done, total, unit: 'bytes' });
      return await exportCase(
        this.deps.cases,
        { caseId, out, to: ageTo(to), signer, selection, redact, actor: this.deps.cases.actor() },
        { signal: controller.signal, progress, evidenceProgress },
      );
    } finally {
      this.tasks.delete(taskId);
    }
  }

  private async import(input: Parameters<Handlers['packages.import']>[0]) {
    const vault = this.deps.cases.unlocked();
    const keys = await this.keys(vault, input.identity, input.passphrase);
    const { verification, contents, sha256 } = await verifyPackage(input.file, keys, await this.signers(vault));
    if (!verification.ok || !verification.manifest || !sha256) {
      throw new CasebookError('corrupt', `the package does not verify, nothing was imported: ${verification.firstFailure ?? 'no manifest'}`);
    }
    const pkg = { file: input.file, keys, contents, manifest: verification.manifest, signer: verification.signer, sha256 };
    const deps = { vault, runs: this.deps.runs, actor: this.deps.cases.actor(), duplicateOf: (m: PackageManifest) => this.duplicateOf(vault, m) };
    const result = await importVerifiedPackage(deps, pkg, input.duplicate);
    if (result.outcome === 'imported' && result.caseId) await this.announce(result.caseId);
    return { result, verification };
  }

  /** The case of this vault the package's case would duplicate: the same case id, or a case imported from it. */
  private async duplicateOf(vault: Vault, m: PackageManifest): Promise<{ caseId: string; sameHead: boolean } | null> {
    for (const id of await vault.listCaseIds()) {
      const found = await this.deps.cases
        .withReadable(id, (j) => {
          const origin = j.records.find((r) => r.type === PACKAGE_IMPORTED);
          const fromIt = origin?.type === PACKAGE_IMPORTED && origin.data.sourceCaseId === m.case.id;
          if (id !== m.case.id && !fromIt) return null;
          const sameHead = fromIt ? origin.data.packageHead === m.journal.head : j.headTag?.toString('hex') === m.journal.caseHead;
          return { caseId: id, sameHead };
        })
        // A case that cannot be read is reported by the case list, not here.
        .catch(() => null);
      if (found) return found;
    }
    return null;
  }

  private async announce(caseId: string): Promise<void> {
    const { revision, runs } = await this.deps.cases.withReadable(caseId, (j) => ({
      revision: this.deps.changes.revisionOf(j),
      runs: committedRuns(j.records),
    }));
    await this.deps.changes.announce({ ...revision, changed: ['case', 'audit', 'records', 'timeline'], appended: [], runs });
  }

  /** A fresh task id for callers that do not follow progress (the CLI). */
  static taskId(): string {
    return randomUUID();
  }
}
