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

type PackageMethods =
  | 'identity.show'
  | 'identity.export'
  | 'identity.trust'
  | 'packages.export'
  | 'packages.cancel'
  | 'packages.verify'
  | 'packages.import'
  | 'backup.create'
  | 'backup.restore';

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
      'backup.create': async ({ out, to }) => backupVault(deps.cases.unlocked().dir, out, ageTo(to)),
      'backup.restore': async ({ file, identity, passphrase }) => {
        if (deps.isUnlocked())
          throw new CasebookError('invalid-input', 'lock the vault first: a backup is restored into an empty folder, not over a vault in use');
        if (!identity && !passphrase) throw new CasebookError('invalid-input', 'give the identity file or the passphrase the backup was encrypted to');
        return restoreVault(file, identity ? { identities: parseIdentityFile(identity) } : { passphrase: passphrase! }, deps.vaultDir);
      },
    };
  }

  /** What opens a package: the identity file given, the passphrase given, else this vault's own age identity. */
  private async keys(vault: Vault, identity: string | undefined, passphrase: string | undefined): Promise<AgeKeys> {
    if (passphrase) return { passphrase };
    if (identity) {
      try {
        return { identities: parseIdentityFile(identity) };
      } catch (err) {
        throw new CasebookError('invalid-input', (err as Error).message);
      }
    }
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
      return await exportCase(
        this.deps.cases,
        { caseId, out, to: ageTo(to), signer, selection, redact, actor: this.deps.cases.actor() },
        { signal: controller.signal, progress },
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
