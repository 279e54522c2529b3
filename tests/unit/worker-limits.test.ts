import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Engine as EngineType, EngineOptions } from '../../electron/core/engine';
import type { dispatch as Dispatch } from '../../shared/ipc/dispatch';
import type { unwrap as Unwrap } from '../../shared/ipc/errors';
import type { Input, MethodName, Result } from '../../shared/ipc/contract';
import { built } from './support/built';
import { useTempDirs, TEST_KDF } from './support/temp-dir';
import { makePlasoStorage, NO_PYTHON_SQLITE, PYTHON_SQLITE } from './support/plaso-storage-fixture';

/**
 * The compiled engine with its worker threads under heap limits far below
 * what some inputs need: the worker that runs out of memory is stopped, the
 * import fails naming its file and the limit, nothing of it stays in the case,
 * and the engine's next import runs on a fresh worker.
 */
const tempDir = useTempDirs();
const load = createRequire(__filename);
const PASS = 'worker limits test';

async function compiledEngine(dir: string, workerLimits: EngineOptions['workerLimits'], parallelImport?: EngineOptions['parallelImport']) {
  const { Engine } = load(built('electron/core/engine.js')) as { Engine: typeof EngineType };
  // The compiled dispatch: it knows the compiled engine's CasebookError, so error codes come through.
  const { dispatch } = load(built('shared/ipc/dispatch.js')) as { dispatch: typeof Dispatch };
  const { unwrap } = load(built('shared/ipc/errors.js')) as { unwrap: typeof Unwrap };
  const engine = new Engine({ vaultDir: dir, actor: 'tester', kdf: TEST_KDF, workerLimits, ...(parallelImport ? { parallelImport } : {}) });
  const call = async <M extends MethodName>(method: M, input: Input<M>): Promise<Result<M>> =>
    unwrap(await dispatch(engine.handlers, method, input)) as Result<M>;
  await call('vault.create', { passphrase: PASS });
  const caseId = (await call('cases.create', { title: 'Target' })).cases![0]!.id;
  return { engine, call, caseId };
}

/** A Timesketch CSV of `rows` events, each naming a digest of its own: the run worker tallies every one (up to 100,000). */
function distinctDigests(file: string, rows: number): void {
  const lines = ['message,datetime,timestamp_desc'];
  for (let i = 0; i < rows; i++) {
    const digest = createHash('sha256').update(String(i)).digest('hex');
    lines.push(`Process created with hash ${digest},2024-01-01T00:00:${String(i % 60).padStart(2, '0')}+00:00,Event Recorded`);
  }
  writeFileSync(file, lines.join('\n') + '\n');
}

function timelineFiles(dir: string, caseId: string): string[] {
  try {
    return readdirSync(path.join(dir, 'cases', caseId, 'timeline'));
  } catch {
    return [];
  }
}

describe('worker threads under heap limits', () => {
  it('a run worker out of memory fails that import alone, clearly; its runs are removed and the next import runs on a fresh worker', async () => {
    const dir = tempDir();
    // 16 MiB: the run worker starts and handles a small import, but not 100,000 distinct digests.
    const { engine, call, caseId } = await compiledEngine(dir, { run: { maxOldGenerationSizeMb: 16 } });
    try {
      const big = path.join(dir, 'digests.csv');
      distinctDigests(big, 200_000);
      const failed = call('import.start', { taskId: 'big', file: big, caseId });
      await expect(failed).rejects.toMatchObject({
        code: 'invalid-input',
        message: 'digests.csv: the import was stopped because the run worker ran out of memory (its limit is 16 MiB of JavaScript heap); nothing was imported',
      });
      expect(timelineFiles(dir, caseId)).toEqual([]);
      expect((await call('cases.summary', { id: caseId })).counts).toMatchObject({ events: 0, entities: 0 });

      const small = path.join(dir, 'small.csv');
      distinctDigests(small, 100);
      const { report } = await call('import.start', { taskId: 'small', file: small, caseId });
      expect(report.counts).toMatchObject({ events: 100, entities: 100 });
      expect((await call('cases.summary', { id: caseId })).counts).toMatchObject({ events: 100, entities: 100 });
    } finally {
      await engine.dispose();
    }
  }, 120_000);

  it.skipIf(!PYTHON_SQLITE)(
    PYTHON_SQLITE ? 'a parallel import whose second thread runs out of memory fails clearly, leaving no run file of either thread' : NO_PYTHON_SQLITE,
    async () => {
      const dir = tempDir();
      const parallelImport = { minRecords: 100 };
      // 4 MiB is too little for the tail thread to load its modules; the run worker keeps its default.
      const { engine, call, caseId } = await compiledEngine(dir, { tail: { maxOldGenerationSizeMb: 4 } }, parallelImport);
      const file = path.join(dir, 'dc01.plaso');
      writeFileSync(file, makePlasoStorage(2000));
      try {
        await expect(call('import.start', { taskId: 'two', file, caseId })).rejects.toMatchObject({
          code: 'invalid-input',
          message:
            'dc01.plaso: the import was stopped because the second import thread ran out of memory (its limit is 4 MiB of JavaScript heap); nothing was imported',
        });
        expect(timelineFiles(dir, caseId)).toEqual([]);
        parallelImport.minRecords = Infinity;
        const { report } = await call('import.start', { taskId: 'one', file, caseId });
        expect(report.counts.events).toBe(2000);
      } finally {
        await engine.dispose();
      }
    },
    60_000,
  );
});
