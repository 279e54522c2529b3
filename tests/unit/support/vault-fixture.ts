import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { Engine } from '../../../electron/core/engine';
import { dispatch } from '../../../shared/ipc/dispatch';
import { unwrap } from '../../../shared/ipc/errors';
import type { Input, MethodName, Result } from '../../../shared/ipc/contract';
import { HEADER_BYTES, MAGIC } from '../../../electron/core/vault/journal-format';
import { TEST_KDF } from './temp-dir';

export const PASS = 'correct horse battery staple';

export type Call = <M extends MethodName>(method: M, input: Input<M>) => Promise<Result<M>>;

/** Calls the engine the way the renderer and the CLI do: validated input, errors as CasebookError. */
export function client(engine: Engine): Call {
  return async (method, input) => unwrap(await dispatch(engine.handlers, method, input)) as never;
}

/** A fresh engine on a folder (cheap KDF); the vault is neither created nor unlocked. */
export function engineFor(dir: string, actor = 'tester'): { engine: Engine; call: Call } {
  const engine = new Engine({ vaultDir: dir, actor, kdf: TEST_KDF });
  return { engine, call: client(engine) };
}

export async function createVault(dir: string, actor = 'tester'): Promise<{ engine: Engine; call: Call }> {
  const opened = engineFor(dir, actor);
  await opened.call('vault.create', { passphrase: PASS });
  return opened;
}

export async function unlockVault(dir: string, actor = 'tester'): Promise<{ engine: Engine; call: Call }> {
  const opened = engineFor(dir, actor);
  await opened.call('vault.unlock', { passphrase: PASS });
  return opened;
}

export const journalPath = (vaultDir: string, caseId: string) => path.join(vaultDir, 'cases', caseId, 'journal.cbj');
export const lockPath = (vaultDir: string, caseId: string) => path.join(vaultDir, 'cases', caseId, 'writer.lock');

/** Every file under a folder, dot-files and dot-folders included. */
export function allFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? allFiles(full) : [full];
  });
}

/** Bytes and modification time of every file and folder under dir, to prove that nothing changed. */
export function snapshotTree(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (at: string) => {
    const stat = statSync(at);
    if (stat.isDirectory()) {
      out.set(at, `dir mtime=${stat.mtimeMs}`);
      for (const name of readdirSync(at)) walk(path.join(at, name));
    } else {
      out.set(at, `file mtime=${stat.mtimeMs} size=${stat.size} sha=${readFileSync(at).toString('base64')}`);
    }
  };
  walk(dir);
  return out;
}

export interface RecordSpan {
  /** Record number (seq), from 1. */
  seq: number;
  /** Byte offset of the record's header. */
  offset: number;
  /** Header plus sealed body. */
  bytes: number;
}

/** Where each record of an intact journal starts and ends, read from the length fields alone. */
export function recordSpans(journal: Buffer): RecordSpan[] {
  const spans: RecordSpan[] = [];
  let offset = MAGIC.length;
  while (offset < journal.length) {
    const bytes = HEADER_BYTES + journal.readUInt32BE(offset);
    spans.push({ seq: spans.length + 1, offset, bytes });
    offset += bytes;
  }
  if (offset !== journal.length) throw new Error('recordSpans: the journal is not intact');
  return spans;
}

/** A case edited the way an analyst would: created, then a handful of triage updates. */
export async function makeEditedCase(call: Call, title = 'Suspicious sign-ins', updates = 6): Promise<string> {
  const id = (await call('cases.create', { title, description: 'Impossible travel for two accounts', severity: 'medium', tags: ['aad'] })).cases![0]!.id;
  const patches = [
    { status: 'active' as const },
    { severity: 'high' as const, owner: 'dana' },
    { classification: 'truePositive' as const, determination: 'compromisedAccount' as const },
    { tags: ['aad', 'mfa-fatigue'] },
    { description: 'Impossible travel; MFA fatigue confirmed on one account' },
    { status: 'resolved' as const },
    { owner: 'erin' },
    { tlp: 'red' as const },
  ];
  for (let i = 0; i < updates; i++) await call('cases.update', { id, patch: patches[i % patches.length]! });
  return id;
}
