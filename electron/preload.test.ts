import { beforeAll, describe, expect, it, vi } from 'vitest';
import { channelOf, eventNames, methodNames } from '../shared/ipc/contract';

/** Records what the preload hands to the page and what it asks of ipcRenderer. */
const electron = vi.hoisted(() => {
  const listeners = new Map<string, Set<(event: unknown, payload: unknown) => void>>();
  return {
    listeners,
    contextBridge: {
      exposeInMainWorld: vi.fn(),
    },
    ipcRenderer: {
      invoke: vi.fn(async (channel: string, input: unknown) => ({ ok: true, value: { channel, input } })),
      on: vi.fn((channel: string, listener: (event: unknown, payload: unknown) => void) => {
        let set = listeners.get(channel);
        if (!set) listeners.set(channel, (set = new Set()));
        set.add(listener);
      }),
      removeListener: vi.fn((channel: string, listener: (event: unknown, payload: unknown) => void) => {
        listeners.get(channel)?.delete(listener);
      }),
    },
  };
});

vi.mock('electron', () => ({ contextBridge: electron.contextBridge, ipcRenderer: electron.ipcRenderer }));

type Api = Record<string, unknown> & {
  on: (event: string, listener: (payload: unknown) => void) => () => void;
};
let api: Api;

beforeAll(async () => {
  await import('./preload');
  expect(electron.contextBridge.exposeInMainWorld).toHaveBeenCalledTimes(1);
  const [key, value] = electron.contextBridge.exposeInMainWorld.mock.calls[0] as [string, Api];
  expect(key).toBe('casebook');
  api = value;
});

function member(name: string): (input?: unknown) => Promise<unknown> {
  const [group, method] = name.split('.') as [string, string];
  return (api[group] as Record<string, (input?: unknown) => Promise<unknown>>)[method]!;
}

describe('preload bridge', () => {
  it("exposes exactly the contract's methods, grouped, plus on", () => {
    const exposed: string[] = [];
    for (const [group, value] of Object.entries(api)) {
      if (group === 'on') continue;
      for (const [name, fn] of Object.entries(value as Record<string, unknown>)) {
        expect(typeof fn).toBe('function');
        exposed.push(`${group}.${name}`);
      }
    }
    expect(exposed.sort()).toEqual([...methodNames].sort());
    expect(typeof api.on).toBe('function');
  });

  it('exposes nothing that reaches ipcRenderer or Node directly', () => {
    expect(Object.keys(api).sort()).toEqual([...new Set(methodNames.map((m) => m.split('.')[0]!)), 'on'].sort());
    const text = JSON.stringify(Object.keys(api));
    expect(text).not.toMatch(/ipcRenderer|invoke|send|require|process/);
  });

  it("invokes each method on the method's own channel", async () => {
    for (const name of methodNames) {
      electron.ipcRenderer.invoke.mockClear();
      const answer = await member(name)({ probe: name });
      expect(electron.ipcRenderer.invoke).toHaveBeenCalledWith(channelOf(name), { probe: name });
      expect(answer).toEqual({ ok: true, value: { channel: channelOf(name), input: { probe: name } } });
    }
  });

  it('sends {} when called without input', async () => {
    electron.ipcRenderer.invoke.mockClear();
    await member('vault.status')();
    expect(electron.ipcRenderer.invoke).toHaveBeenCalledWith(channelOf('vault.status'), {});
  });

  it('rejects unknown events', () => {
    expect(() => api.on('shell.exec', () => undefined)).toThrow(/unknown Casebook event/);
    expect(() => api.on('__proto__', () => undefined)).toThrow(/unknown Casebook event/);
    expect(() => api.on('casebook:vault.locked', () => undefined)).toThrow(/unknown Casebook event/);
    expect(electron.ipcRenderer.on).not.toHaveBeenCalled();
  });

  it('subscribes to a contract event, hands the listener only the payload, and unsubscribes', () => {
    for (const event of eventNames) {
      const listener = vi.fn();
      const unsubscribe = api.on(event, listener);
      const channel = channelOf(event);
      const relays = [...(electron.listeners.get(channel) ?? [])];
      expect(relays).toHaveLength(1);
      const ipcEvent = { sender: { send: () => undefined }, ports: [] };
      relays[0]!(ipcEvent, { reason: 'idle' });
      expect(listener).toHaveBeenCalledWith({ reason: 'idle' });
      expect(listener.mock.calls[0]).toHaveLength(1);
      unsubscribe();
      expect(electron.listeners.get(channel)?.size).toBe(0);
    }
  });
});
