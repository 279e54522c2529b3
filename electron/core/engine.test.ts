import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { Engine } from './engine';
import { dispatch } from '../../shared/ipc/dispatch';
import { unwrap } from '../../shared/ipc/errors';
import type { MethodName, Input, Result } from '../../shared/ipc/contract';
import { useTempDirs, TEST_KDF } from '../../tests/unit/support/temp-dir';

const tempDir = useTempDirs();
const PASS = 'correct horse battery staple';

function client(engine: Engine) {
  return async <M extends MethodName>(method: M, input: Input<M>): Promise<Result<M>> => unwrap(await dispatch(engine.handlers, method, input)) as Result<M>;
}

async function newVault(actor = 'alice') {
  const dir = tempDir();
  const engine = new Engine({ vaultDir: dir, actor, kdf: TEST_KDF });
  const call = client(engine);
  await call('vault.create', { passphrase: PASS });
  return { dir, engine, call };
}

function allFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? allFiles(full) : [full];
  });
}

describe('engine: vault, cases and audit', () => {
  it('reports a missing vault, then creates one unlocked', async () => {
    const dir = tempDir();
    const call = client(new Engine({ vaultDir: dir, kdf: TEST_KDF }));
    expect((await call('vault.status', {})).state).toBe('missing');
    expect((await call('vault.create', { passphrase: PASS })).state).toBe('unlocked');
  });

  it('refuses a short passphrase for a new vault, naming the field', async () => {
    const engine = new Engine({ vaultDir: tempDir(), kdf: TEST_KDF });
    const result = await dispatch(engine.handlers, 'vault.create', { passphrase: 'short' });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(!result.ok && result.error.message).toMatch(/^vault\.create: passphrase: /);
  });

  it('creates a case, edits its triage fields and keeps old → new in the audit trail', async () => {
    const { call } = await newVault();
    const created = await call('cases.create', { title: 'Phishing wave', severity: 'low' });
    const id = created.cases![0]!.id;
    const updated = await call('cases.update', {
      id,
      patch: { severity: 'high', status: 'active', classification: 'truePositive', determination: 'phishing', tags: ['mail', 'Mail'] },
      expectedVersion: 1,
    });
    const record = updated.cases![0]!;
    expect(record).toMatchObject({ severity: 'high', status: 'active', determination: 'phishing', tags: ['mail'], version: 2 });
    expect(updated.audit![0]!.changes).toContainEqual({ field: 'severity', from: 'low', to: 'high' });
    expect(updated.audit![0]!.actor).toBe('alice');

    const audit = await call('audit.list', { caseId: id });
    expect(audit.map((a) => a.type)).toEqual(['case.created', 'case.updated']);
    const verification = await call('audit.verify', { caseId: id });
    expect(verification).toMatchObject({ ok: true, records: 2, problems: [] });
    expect(verification.head).toBe(audit[1]!.tag);
  });

  it('sets resolvedAt when a case is resolved and clears it when reopened', async () => {
    const { call } = await newVault();
    const id = (await call('cases.create', { title: 'T' })).cases![0]!.id;
    const resolved = (await call('cases.update', { id, patch: { status: 'resolved' } })).cases![0]!;
    expect(resolved.resolvedAt).toBe(resolved.updatedAt);
    const reopened = (await call('cases.update', { id, patch: { status: 'active' } })).cases![0]!;
    expect(reopened.resolvedAt).toBeNull();
  });

  it('refuses a determination that does not fit the classification and writes nothing', async () => {
    const { call } = await newVault();
    const id = (await call('cases.create', { title: 'T' })).cases![0]!.id;
    await expect(call('cases.update', { id, patch: { classification: 'falsePositive', determination: 'malware' } })).rejects.toMatchObject({
      code: 'invalid-input',
    });
    expect(await call('audit.list', { caseId: id })).toHaveLength(1);
  });

  it('resets a determination that a new classification no longer allows, as a recorded change', async () => {
    const { call } = await newVault();
    const id = (await call('cases.create', { title: 'T', classification: 'truePositive', determination: 'malware' })).cases![0]!.id;
    const result = await call('cases.update', { id, patch: { classification: 'falsePositive' } });
    expect(result.audit![0]!.changes).toContainEqual({ field: 'determination', from: 'malware', to: 'unknown' });
  });

  it('refuses an edit made on an old version instead of overwriting it', async () => {
    const { call } = await newVault();
    const id = (await call('cases.create', { title: 'T' })).cases![0]!.id;
    await call('cases.update', { id, patch: { owner: 'bob' }, expectedVersion: 1 });
    await expect(call('cases.update', { id, patch: { owner: 'carol' }, expectedVersion: 1 })).rejects.toMatchObject({ code: 'conflict' });
  });

  it('writes no journal entry for a patch that changes nothing', async () => {
    const { call } = await newVault();
    const id = (await call('cases.create', { title: 'T', severity: 'low' })).cases![0]!.id;
    const result = await call('cases.update', { id, patch: { severity: 'low' } });
    expect(result.audit).toEqual([]);
    expect(await call('audit.list', { caseId: id })).toHaveLength(1);
  });

  it('keeps every case after lock and unlock, and refuses a wrong passphrase', async () => {
    const { call } = await newVault();
    const id = (await call('cases.create', { title: 'Persisted' })).cases![0]!.id;
    await call('cases.update', { id, patch: { status: 'inProgress' } });
    await call('vault.lock', {});
    await expect(call('cases.list', {})).rejects.toMatchObject({ code: 'vault-locked' });
    await expect(call('vault.unlock', { passphrase: 'not the passphrase' })).rejects.toMatchObject({ code: 'wrong-passphrase' });
    await call('vault.unlock', { passphrase: PASS });
    const { cases } = await call('cases.list', {});
    expect(cases).toMatchObject([{ id, title: 'Persisted', status: 'inProgress' }]);
  });

  it('changes the passphrase by rewrapping only the vault key; every case still opens', async () => {
    const { dir, call } = await newVault();
    const id = (await call('cases.create', { title: 'Keep me' })).cases![0]!.id;
    const journal = path.join(dir, 'cases', id, 'journal.cbj');
    const before = readFileSync(journal);
    await expect(call('vault.changePassphrase', { current: 'wrong wrong wrong', next: 'a brand new passphrase' })).rejects.toMatchObject({
      code: 'wrong-passphrase',
    });
    await call('vault.changePassphrase', { current: PASS, next: 'a brand new passphrase' });
    expect(readFileSync(journal).equals(before)).toBe(true);
    await call('vault.lock', {});
    await expect(call('vault.unlock', { passphrase: PASS })).rejects.toMatchObject({ code: 'wrong-passphrase' });
    await call('vault.unlock', { passphrase: 'a brand new passphrase' });
    expect((await call('cases.list', {})).cases.map((c) => c.title)).toEqual(['Keep me']);
  });

  it('holds a case open for writing until it is closed', async () => {
    const { dir, call } = await newVault();
    const id = (await call('cases.create', { title: 'T' })).cases![0]!.id;
    const opened = await call('cases.open', { id });
    expect(opened.verification.ok).toBe(true);
    const other = client(new Engine({ vaultDir: dir, kdf: TEST_KDF }));
    await other('vault.unlock', { passphrase: PASS });
    // Same process, so the lock names this process; another process is tested in the crash tests.
    await expect(other('cases.update', { id, patch: { owner: 'x' } })).rejects.toMatchObject({ code: 'case-locked' });
    await call('cases.close', { id });
    await other('cases.update', { id, patch: { owner: 'x' } });
  });

  it('never writes case plaintext into the vault folder', async () => {
    const { dir, call } = await newVault('marker-actor-7f3a');
    const marker = 'MARKER-b9e1c2-plaintext';
    const id = (await call('cases.create', { title: marker, description: marker, tags: [marker] })).cases![0]!.id;
    await call('cases.update', { id, patch: { owner: marker } });
    await call('vault.settings', { actor: marker });
    for (const file of allFiles(dir)) {
      const bytes = readFileSync(file);
      expect(bytes.includes(Buffer.from(marker)), file).toBe(false);
      expect(bytes.includes(Buffer.from('marker-actor-7f3a')), file).toBe(false);
    }
  });

  it('stores settings and reports them in the status', async () => {
    const { call } = await newVault();
    const status = await call('vault.settings', { autoLockMinutes: 5, actor: 'Dana (IR)' });
    expect(status).toMatchObject({ autoLockMinutes: 5 });
  });
});

describe('engine: methods the shell answers', () => {
  it('refuses files.choose: only the app shell can show the open-file dialog', async () => {
    const engine = new Engine({ vaultDir: tempDir(), kdf: TEST_KDF });
    expect(await dispatch(engine.handlers, 'files.choose', { multiple: true })).toEqual({
      ok: false,
      error: { code: 'forbidden', message: 'files.choose is answered by the app shell' },
    });
  });
});

describe('engine: concurrent commands on one case', () => {
  it('an edit sent while the case is still opening waits for it instead of failing on the lock', async () => {
    const { call } = await newVault();
    const id = (await call('cases.create', { title: 'Race' })).cases![0]!.id;
    const [opened, updated] = await Promise.all([call('cases.open', { id }), call('cases.update', { id, patch: { owner: 'dana' } })]);
    expect(opened.case.id).toBe(id);
    expect(updated.cases![0]!.owner).toBe('dana');
    const [, closed] = await Promise.all([call('cases.update', { id, patch: { owner: 'eli' } }), call('cases.close', { id })]);
    expect(closed.closed).toBe(true);
    expect((await call('audit.list', { caseId: id })).map((a) => a.type)).toEqual(['case.created', 'case.updated', 'case.updated']);
  });
});
