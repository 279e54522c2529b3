import { describe, expect, it } from 'vitest';
import { EngineHost } from '../../electron/core/host/engine-host';
import { built } from './support/built';
import { useTempDirs, TEST_KDF } from './support/temp-dir';

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
});
