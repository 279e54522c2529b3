import { describe, expect, it } from 'vitest';
import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { EngineHost } from '../../electron/core/host/engine-host';
import { DIAGNOSTICS_FILE, DiagnosticLog } from '../../electron/core/diagnostics/diagnostic-log';
import { built } from './support/built';
import { useTempDirs, TEST_KDF } from './support/temp-dir';

const HOSTILE_WORKER = path.join(__dirname, 'support', 'hostile-engine-worker.cjs');

/** A Timesketch CSV of `rows` events. */
function timesketch(file: string, rows: number): void {
  const lines = ['message,datetime,timestamp_desc'];
  for (let i = 0; i < rows; i++) lines.push(`Logon ${i},2024-01-01T00:00:${String(i % 60).padStart(2, '0')}+00:00,Event Recorded`);
  writeFileSync(file, lines.join('\n') + '\n');
}

const tempDir = useTempDirs();

function startHost() {
  return EngineHost.start({ vaultDir: tempDir(), kdf: TEST_KDF }, built('electron/core/host/engine-worker.js'));
}

describe('engine host: the engine in a worker thread', () => {
  it('runs contract methods in the worker and answers with envelopes', async () => {
    const host = startHost();
    try {
      expect(await host.call('vault.status', {})).toMatchObject({ ok: true, value: { state: 'missing' } });
      expect(await host.call('vault.create', { passphrase: 'worker passphrase' })).toMatchObject({ ok: true, value: { state: 'unlocked' } });
      const created = await host.call('cases.create', { title: 'From the worker' });
      expect(created).toMatchObject({ ok: true, value: { cases: [{ title: 'From the worker' }] } });
    } finally {
      await host.stop();
    }
  });

  it('validates input in the worker too, and never rejects', async () => {
    const host = startHost();
    try {
      expect(await host.call('vault.create', { passphrase: 1 })).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
      expect(await host.call('cases.list', {})).toMatchObject({ ok: false, error: { code: 'vault-locked' } });
    } finally {
      await host.stop();
    }
  });

  it('forwards engine events, and locks the vault when stopped', async () => {
    const host = startHost();
    const events: string[] = [];
    host.onEvent((event) => events.push(event));
    await host.call('vault.create', { passphrase: 'worker passphrase' });
    await host.call('vault.lock', { reason: 'idle' });
    expect(events).toEqual(['vault.locked']);
    await host.stop();
    expect(await host.call('vault.status', {})).toMatchObject({ ok: false, error: { code: 'internal' } });
  });

  it('reopens on another vault folder (a restored vault): the vault in use is locked, the next calls reach the other folder', async () => {
    const first = tempDir();
    const second = tempDir();
    const host = EngineHost.start({ vaultDir: first, kdf: TEST_KDF }, built('electron/core/host/engine-worker.js'));
    const events: string[] = [];
    host.onEvent((event) => events.push(event));
    try {
      await host.call('vault.create', { passphrase: 'worker passphrase' });
      await host.call('cases.create', { title: 'In the first vault' });
      await host.reopen(second);
      expect(events).toContain('vault.locked');
      expect(await host.call('vault.status', {})).toMatchObject({ ok: true, value: { state: 'missing', dir: second } });
      await host.reopen(first);
      expect(await host.call('vault.unlock', { passphrase: 'worker passphrase' })).toMatchObject({ ok: true, value: { state: 'unlocked', dir: first } });
      expect(await host.call('cases.list', {})).toMatchObject({ ok: true, value: { cases: [{ title: 'In the first vault' }] } });
    } finally {
      await host.stop();
    }
  });

  it('restarts an engine that ran out of memory: the pending import fails naming its file and the limit, the vault locks with reason engine-crashed, the next calls work', async () => {
    built('electron/core/host/engine-worker.js');
    const dir = tempDir();
    // The hostile worker blows up its heap once an import is 70,000 records in (support/hostile-engine-worker.cjs).
    const host = EngineHost.start({ vaultDir: dir, kdf: TEST_KDF, workerLimits: { engine: { maxOldGenerationSizeMb: 128 } } }, HOSTILE_WORKER);
    const locked: unknown[] = [];
    host.onEvent((event, payload) => event === 'vault.locked' && locked.push(payload));
    try {
      await host.call('vault.create', { passphrase: 'worker passphrase' });
      const created = await host.call('cases.create', { title: 'Target' });
      const caseId = (created as { ok: true; value: { cases: { id: string }[] } }).value.cases[0]!.id;
      const big = path.join(dir, 'rows.csv');
      timesketch(big, 150_000);

      expect(await host.call('import.start', { taskId: 'big', file: big, caseId })).toEqual({
        ok: false,
        error: {
          code: 'invalid-input',
          message:
            'rows.csv: the import was stopped because the engine ran out of memory (its limit is 128 MiB of JavaScript heap); ' +
            'it was restarted and the vault was locked; nothing was imported',
        },
      });
      expect(locked).toEqual([{ reason: 'engine-crashed' }]);

      // A fresh engine: locked; the case opens (the dead thread's lock on it is gone) as it was, the run files the dead import wrote swept.
      expect(await host.call('vault.status', {})).toMatchObject({ ok: true, value: { state: 'locked' } });
      await host.call('vault.unlock', { passphrase: 'worker passphrase' });
      const opened = await host.call('cases.open', { id: caseId });
      expect(opened, JSON.stringify(opened).slice(0, 400)).toMatchObject({ ok: true, value: { counts: { events: 0 } } });
      expect(readdirSync(path.join(dir, 'cases', caseId, 'timeline'))).toEqual([]);
      const small = path.join(dir, 'small.csv');
      timesketch(small, 100);
      expect(await host.call('import.start', { taskId: 'small', file: small, caseId })).toMatchObject({
        ok: true,
        value: { report: { counts: { events: 100 } } },
      });
    } finally {
      await host.stop();
    }
  }, 60_000);

  it('stops restarting an engine that dies three times in a row without answering, and says why', async () => {
    // 2 MiB of heap: the engine thread runs out of memory while it loads.
    const host = EngineHost.start(
      { vaultDir: tempDir(), kdf: TEST_KDF, workerLimits: { engine: { maxOldGenerationSizeMb: 2 } } },
      built('electron/core/host/engine-worker.js'),
    );
    const locked: unknown[] = [];
    host.onEvent((event, payload) => event === 'vault.locked' && locked.push(payload));
    const outOfMemory = 'the engine ran out of memory (its limit is 2 MiB of JavaScript heap)';
    expect(await host.call('vault.status', {})).toEqual({
      ok: false,
      error: { code: 'invalid-input', message: `${outOfMemory}; it was restarted and the vault was locked` },
    });
    expect(await host.call('vault.status', {})).toEqual({
      ok: false,
      error: { code: 'invalid-input', message: `${outOfMemory}; it was restarted and the vault was locked` },
    });
    const broken = `${outOfMemory}, 3 times in a row; it was not restarted again`;
    expect(await host.call('vault.status', {})).toEqual({ ok: false, error: { code: 'invalid-input', message: broken } });
    expect(await host.call('vault.status', {})).toEqual({ ok: false, error: { code: 'internal', message: broken } });
    expect(locked).toEqual([{ reason: 'engine-crashed' }, { reason: 'engine-crashed' }, { reason: 'engine-crashed' }]);
    await host.stop();
  });
});

describe('engine host: crashes are written down', () => {
  it('records each crashed engine in the diagnostic log beside the vault, as engine-crashed with its cause', async () => {
    const parent = tempDir();
    const log = path.join(parent, DIAGNOSTICS_FILE);
    const host = EngineHost.start(
      { vaultDir: path.join(parent, 'vault'), kdf: TEST_KDF, workerLimits: { engine: { maxOldGenerationSizeMb: 2 } }, diagnosticLog: log },
      built('electron/core/host/engine-worker.js'),
    );
    for (let i = 0; i < 3; i++) await host.call('vault.status', {});
    await host.stop();
    const entries = new DiagnosticLog(log).read();
    expect(entries.map((e) => e.code)).toEqual(['engine-crashed', 'engine-crashed', 'engine-crashed']);
    expect(entries.map((e) => e.ids.crashesInARow)).toEqual([1, 2, 3]);
    expect(entries[0]).toMatchObject({ ids: { reason: 'invalid-input' }, message: expect.stringMatching(/WorkerStopped|Error/) });
  });
});
