import { describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Engine as EngineType } from '../../electron/core/engine';
import { dispatch } from '../../shared/ipc/dispatch';
import { unwrap } from '../../shared/ipc/errors';
import type { Input, MethodName, Result } from '../../shared/ipc/contract';
import type { EventPage, StoredEvent } from '../../shared/domain/timeline';
import { built } from './support/built';
import { useTempDirs, TEST_KDF } from './support/temp-dir';
import { makePlasoStorage, NO_PYTHON_SQLITE, PYTHON_SQLITE } from './support/plaso-storage-fixture';

/**
 * The compiled engine, as the app runs it: the second half of a Plaso storage
 * file is imported by a real worker thread (import/tail-worker.js), which the
 * engine run from TypeScript sources replaces with the same code on its own
 * thread (import-service.test.ts checks that case in more detail).
 */
const tempDir = useTempDirs();
const load = createRequire(__filename);

describe.skipIf(!PYTHON_SQLITE)(PYTHON_SQLITE ? 'the compiled engine imports a Plaso storage file with a second thread' : NO_PYTHON_SQLITE, () => {
  it('with the same events, entities and counts as one thread', async () => {
    const { Engine } = load(built('electron/core/engine.js')) as { Engine: typeof EngineType };
    const dir = tempDir();
    const parallelImport = { minRecords: 100 };
    const engine = new Engine({ vaultDir: dir, actor: 'tester', kdf: TEST_KDF, parallelImport });
    const call = async <M extends MethodName>(method: M, input: Input<M>): Promise<Result<M>> =>
      unwrap(await dispatch(engine.handlers, method, input)) as Result<M>;
    await call('vault.create', { passphrase: 'parallel import test' });
    const file = path.join(dir, 'dc01.plaso');
    writeFileSync(file, makePlasoStorage(2000, [1900]));

    const importInto = async (title: string, minRecords: number) => {
      parallelImport.minRecords = minRecords;
      const caseId = (await call('cases.create', { title })).cases![0]!.id;
      const { report } = await call('import.start', { taskId: title, file, caseId, skipInvalid: true });
      const events: Omit<StoredEvent, 'id'>[] = [];
      for (let cursor: string | null = null; ;) {
        const page: EventPage = await call('timeline.page', { caseId, limit: 1000, cursor });
        events.push(...page.events.map(({ id: _id, ...event }) => event));
        if (!(cursor = page.nextCursor)) break;
      }
      const { entities, counts } = await call('cases.open', { id: caseId });
      return {
        report: { ...report, durationMs: 0, caseIds: [] },
        events,
        entities: entities.map(({ caseId: _c, ...e }) => e).sort((a, b) => a.id.localeCompare(b.id)),
        counts,
      };
    };
    try {
      const two = await importInto('two threads', 100);
      const one = await importInto('one thread', Infinity);
      expect(two.report.counts.events).toBe(1999);
      expect(two.report.skipped).toEqual([{ position: 'record 1900', field: 'date_time', reason: expect.any(String) }]);
      expect(two).toEqual(one);
    } finally {
      await engine.lock();
    }
  }, 60_000);
});
