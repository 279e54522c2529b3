import { describe, expect, it, beforeAll } from 'vitest';
import { ESLint } from 'eslint';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The architecture rules of `npm run lint`, each fed a file that breaks it: the layer
 * rule of build/eslint.config.mjs (through ESLint with the project's own config, on
 * files that need not exist) and the cycle check build/check-cycles.mjs (on a temporary tree).
 */

const root = fileURLToPath(new URL('../..', import.meta.url));
let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({ cwd: root, overrideConfigFile: path.join(root, 'build/eslint.config.mjs') });
});

async function problems(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return result!.messages.map((m) => `${m.ruleId}: ${m.message}`);
}

describe('layer rules', () => {
  it('a feature may not import another feature, whatever its name (a folder made tomorrow is covered)', async () => {
    expect(await problems('renderer/features/timeline/Leak.tsx', "import { x } from '../cases/caseQuery';\nexport const y = x;\n")).toEqual([
      expect.stringMatching(/^layers\/imports: a feature does not import another feature.*renderer\/features\/cases\/caseQuery/),
    ]);
    expect(await problems('renderer/features/entities/Graph.tsx', "export { x } from '../../features/evidence';\n")).toEqual([
      expect.stringContaining('a feature does not import another feature'),
    ]);
  });

  it('a feature may import itself, renderer/shared and shared/, but not the app', async () => {
    const ok =
      "import { a } from './local';\nimport { b } from '../../shared/format';\nimport type { C } from '../../../shared/domain/case';\nexport const v: C | null = a ?? b;\n";
    expect(await problems('renderer/features/timeline/Ok.tsx', ok)).toEqual([]);
    expect(await problems('renderer/features/timeline/Bad.tsx', "import { App } from '../../app/App';\nexport default App;\n")).toEqual([
      expect.stringContaining('a feature does not import the app'),
    ]);
  });

  it('renderer/shared imports no feature; renderer/app may', async () => {
    expect(await problems('renderer/shared/ui/Thing.tsx', "import { OverviewTab } from '../../features/overview';\nexport default OverviewTab;\n")).toEqual([
      expect.stringContaining('renderer/shared imports no feature'),
    ]);
    expect(await problems('renderer/app/Workspace.tsx', "import { OverviewTab } from '../features/overview';\nexport default OverviewTab;\n")).toEqual([]);
  });

  it('the engine never imports the shell, the CLI or electron', async () => {
    expect(await problems('electron/core/vault/leak.ts', "import { createWindow } from '../../window';\nexport default createWindow;\n")).toEqual([
      expect.stringContaining('the engine (electron/core) never imports the shell'),
    ]);
    expect(await problems('electron/core/engine-extra.ts', "import { commands } from '../cli/commands';\nexport default commands;\n")).toEqual([
      expect.stringContaining('never imports the shell or the CLI'),
    ]);
    expect(await problems('electron/core/x.ts', "import { app } from 'electron';\nexport default app;\n")).toEqual([
      expect.stringContaining("'electron' import is restricted"),
    ]);
    // The shell using the engine is the intended direction.
    expect(await problems('electron/new-shell-file.ts', "import { Engine } from './core/engine';\nexport default Engine;\n")).toEqual([]);
  });

  it('shared/ imports nothing from electron/ or renderer/', async () => {
    expect(await problems('shared/domain/leak.ts', "import type { Vault } from '../../electron/core/vault/vault';\nexport type V = Vault;\n")).toEqual([
      expect.stringContaining('shared/ imports nothing from electron/ or renderer/'),
    ]);
    expect(await problems('shared/ipc/leak.ts', "export * from '../../renderer/shared/api';\n")).toEqual([
      expect.stringContaining('shared/ imports nothing from electron/ or renderer/'),
    ]);
  });

  it('the renderer never imports electron/', async () => {
    expect(await problems('renderer/shared/leak.ts', "const m = import('../../electron/core/engine');\nexport default m;\n")).toEqual([
      expect.stringContaining('the renderer talks only to window.casebook'),
    ]);
  });
});

describe('size rules', () => {
  const longFunction = (lines: number) => `export function long(): number {\n  let n = 0;\n${'  n++;\n'.repeat(lines - 4)}  return n;\n}\n`;

  it('a function of more than 80 lines is refused outside test files', async () => {
    expect(await problems('electron/core/long.ts', longFunction(80))).toEqual([]);
    expect(await problems('electron/core/long.ts', longFunction(81))).toEqual([
      expect.stringMatching(/^max-lines-per-function: Function 'long' has too many lines \(81\)/),
    ]);
    expect(await problems('electron/core/long.test.ts', longFunction(120))).toEqual([]);
  });

  it('a file of more than 400 lines is refused, test files too', async () => {
    const file = (lines: number) => Array.from({ length: lines }, (_, i) => `export const v${i} = ${i};`).join('\n') + '\n';
    expect(await problems('renderer/shared/big.ts', file(400))).toEqual([]);
    expect(await problems('renderer/shared/big.ts', file(401))).toEqual([expect.stringMatching(/^max-lines: File has too many lines \(401\)/)]);
    expect(await problems('shared/domain/big.test.ts', file(401))).toEqual([expect.stringContaining('max-lines')]);
  });
});

describe('errors are not dropped unseen', () => {
  it('refuses an empty catch block, but not one whose comment says why', async () => {
    expect(await problems('electron/core/a.ts', 'export function f(): void {\n  try {\n    JSON.parse("x");\n  } catch {}\n}\n')).toEqual([
      expect.stringMatching(/^no-empty: Empty block statement/),
    ]);
    const explained = 'export function f(): void {\n  try {\n    JSON.parse("x");\n  } catch {\n    // not JSON: the caller tries CSV next\n  }\n}\n';
    expect(await problems('electron/core/a.ts', explained)).toEqual([]);
  });

  it('refuses a .catch that turns every failure into nothing, in the engine, the renderer and the tests', async () => {
    for (const handler of ['() => undefined', '() => {}', '(_err) => undefined', '() => void 0'])
      for (const file of ['electron/core/a.ts', 'renderer/features/x/a.ts', 'tests/e2e/a.ts'])
        expect(await problems(file, `export const p = Promise.reject(new Error('x')).catch(${handler});\n`)).toEqual([
          expect.stringMatching(/^no-restricted-syntax: this drops the error unseen/),
        ]);
  });

  it('lets a .catch record the error, give a value that means absent, or name where else it is seen', async () => {
    const code = [
      "import { NO_DIAGNOSTICS, settledElsewhere } from './diagnostics/diagnostics';",
      "export const a = Promise.reject(new Error('x')).catch(NO_DIAGNOSTICS.swallow('x.y'));",
      "export const b = Promise.reject(new Error('x')).catch(() => null);",
      "export const c = Promise.reject(new Error('x')).catch(settledElsewhere);",
      '',
    ].join('\n');
    expect(await problems('electron/core/a.ts', code)).toEqual([]);
  });
});

describe('import cycle check', () => {
  const script = path.join(root, 'build/check-cycles.mjs');

  async function tree(files: Record<string, string>): Promise<string> {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'casebook-cycles-'));
    for (const [name, text] of Object.entries(files)) {
      await fs.mkdir(path.dirname(path.join(dir, name)), { recursive: true });
      await fs.writeFile(path.join(dir, name), text);
    }
    return dir;
  }

  async function run(dir: string): Promise<{ code: number; out: string }> {
    try {
      const { stdout, stderr } = await promisify(execFile)(process.execPath, [script, dir]);
      return { code: 0, out: stdout + stderr };
    } catch (err) {
      const e = err as { code: number; stdout: string; stderr: string };
      return { code: e.code, out: e.stdout + e.stderr };
    }
  }

  it('prints the cycle it finds, file by file, and fails', async () => {
    const dir = await tree({
      'src/a.ts': "import { b } from './b';\nexport const a = b;\n",
      'src/b.ts': "import { c } from './deep/c.js';\nexport const b = c;\n",
      'src/deep/c.ts': "export { a as c } from '../a';\n",
      'src/free.ts': "import { a } from './a';\nexport const free = a;\n",
    });
    const { code, out } = await run(dir);
    expect(code).toBe(1);
    expect(out).toContain('import cycle: src/a.ts → src/b.ts → src/deep/c.ts → src/a.ts');
    expect(out).not.toContain('free.ts');
  });

  it('counts a cycle closed by a type-only import, and a folder index', async () => {
    const dir = await tree({
      'lib/index.ts': "import type { Options } from '../use';\nexport function run(_o: Options) {}\n",
      'use.ts': "import { run } from './lib';\nexport interface Options { n: number }\nrun({ n: 1 });\n",
    });
    const { code, out } = await run(dir);
    expect(code).toBe(1);
    expect(out).toContain('import cycle: lib/index.ts → use.ts → lib/index.ts');
  });

  it('passes a tree without cycles', async () => {
    const dir = await tree({ 'a.ts': "import { b } from './b';\nexport const a = b;\n", 'b.ts': 'export const b = 1;\n' });
    expect(await run(dir)).toEqual({
      code: 0,
      out: 'check-cycles: no import cycle among 2 modules; electron/core/workers < electron/core/timeline < electron/core/import import downwards only\n',
    });
  });

  it('counts a cycle closed by a dynamic import() or a require()', async () => {
    const dir = await tree({
      'a.ts': "export const load = () => import('./b');\n",
      'b.ts': "const { load } = require('./a');\nexport const b = load;\n",
    });
    const { code, out } = await run(dir);
    expect(code).toBe(1);
    expect(out).toContain('import cycle: a.ts → b.ts → a.ts');
  });

  it('refuses an engine folder importing one above it, even a type, but lets tests join them', async () => {
    const dir = await tree({
      'electron/core/import/group.ts': 'export interface Group { key: string }\n',
      'electron/core/timeline/store.ts': "import type { Group } from '../import/group';\nexport type G = Group;\n",
      'electron/core/timeline/store.test.ts': "import type { Group } from '../import/group';\nexport type G = Group;\n",
    });
    const { code, out } = await run(dir);
    expect(code).toBe(1);
    expect(out).toContain('electron/core/timeline/store.ts imports electron/core/import/group.ts: electron/core/timeline is below electron/core/import');
    expect(out).not.toContain('store.test.ts imports');
  });
});
