import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { describe, expect, it, vi } from 'vitest';
import { methodNames } from '../shared/ipc/contract';

/**
 * A sandboxed preload can require 'electron' and a handful of built-ins, never
 * a local file. So the built bundle must run with a require that knows only
 * 'electron'. Runs when `npm run build:preload` has produced it (npm test builds first).
 */
const bundlePath = path.join(__dirname, '..', 'dist', 'electron', 'preload.js');
const built = existsSync(bundlePath);

describe.skipIf(!built)('built preload bundle (dist/electron/preload.js)', () => {
  it("is self-contained: it runs with only 'electron' to require and exposes the contract", () => {
    const code = readFileSync(bundlePath, 'utf8');
    const exposeInMainWorld = vi.fn();
    const required: string[] = [];
    const electron = {
      contextBridge: { exposeInMainWorld },
      ipcRenderer: { invoke: vi.fn(), on: vi.fn(), removeListener: vi.fn() },
    };
    const sandboxRequire = (name: string) => {
      required.push(name);
      if (name === 'electron') return electron;
      throw new Error(
        `the sandboxed preload cannot require ${name}: dist/electron/preload.js is not the bundle ` +
          '(did `tsc -p electron/tsconfig.json` overwrite it after `npm run build:preload`?)',
      );
    };
    const module = { exports: {} };
    vm.runInNewContext(code, { require: sandboxRequire, module, exports: module.exports, console }, { filename: bundlePath });

    expect(required).toEqual(['electron']);
    expect(exposeInMainWorld).toHaveBeenCalledTimes(1);
    const [key, api] = exposeInMainWorld.mock.calls[0] as [string, Record<string, Record<string, unknown>>];
    expect(key).toBe('casebook');
    const exposed = Object.entries(api)
      .filter(([group]) => group !== 'on')
      .flatMap(([group, members]) => Object.keys(members).map((member) => `${group}.${member}`));
    expect(exposed.sort()).toEqual([...methodNames].sort());
  });
});
