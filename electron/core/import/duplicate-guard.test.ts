import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { Engine } from '../engine';
import { dispatch } from '../../../shared/ipc/dispatch';
import { unwrap } from '../../../shared/ipc/errors';
import type { Input, MethodName, Result } from '../../../shared/ipc/contract';
import { useTempDirs, TEST_KDF } from '../../../tests/unit/support/temp-dir';
import { timesketchCsv } from '../importers/timesketch';

/**
 * A file the vault already holds is refused before it is parsed (as the app
 * asks before it imports): the CLI's `import` without --again gets the
 * refusal without its importer ever reading a record.
 */
const tempDir = useTempDirs();

async function setup() {
  const dir = tempDir();
  const engine = new Engine({ vaultDir: dir, actor: 'tester', kdf: TEST_KDF }, () => undefined);
  onTestFinished(() => engine.dispose());
  const call = async <M extends MethodName>(method: M, input: Input<M>): Promise<Result<M>> =>
    unwrap(await dispatch(engine.handlers, method, input)) as Result<M>;
  await call('vault.create', { passphrase: 'duplicate guard test' });
  return { dir, call };
}

function timelineCsv(file: string, host: string): string {
  const lines = ['message,datetime,timestamp_desc,hostname,username'];
  for (let i = 0; i < 2000; i++) lines.push(`Logon ${i},2024-05-01T10:${String(i % 60).padStart(2, '0')}:00+00:00,Event Recorded,${host},alice`);
  writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

const start = (file: string, caseId?: string) => ({
  taskId: `t-${Math.random()}`,
  file,
  timezone: 'UTC',
  duplicate: 'refuse' as const,
  ...(caseId ? { caseId } : {}),
});

describe('import.start: a duplicate refused before the file is parsed', () => {
  it('refuses the same file again, into new cases or into the case holding it, without calling its importer', async () => {
    const { dir, call } = await setup();
    const file = timelineCsv(path.join(dir, 'logons.csv'), 'WKS-1');
    const first = await call('import.start', start(file));
    const caseId = first.report.caseIds[0]!;
    const run = vi.spyOn(timesketchCsv, 'run');
    onTestFinished(() => run.mockRestore());

    for (const into of [undefined, caseId]) {
      const refused = call('import.start', start(file, into));
      await expect(refused).rejects.toMatchObject({
        code: 'conflict',
        message: expect.stringContaining('logons.csv repeats an earlier import; nothing was imported'),
      });
      await expect(refused).rejects.toThrow(`(${caseId})`);
    }
    expect(run).not.toHaveBeenCalled();
    expect((await call('cases.list', {})).cases).toHaveLength(1);
  });

  it('a different file of the same size is hashed, found new and imported; --again imports the same file without asking', async () => {
    const { dir, call } = await setup();
    const file = timelineCsv(path.join(dir, 'logons.csv'), 'WKS-1');
    await call('import.start', start(file));
    const run = vi.spyOn(timesketchCsv, 'run');
    onTestFinished(() => run.mockRestore());

    const other = timelineCsv(path.join(dir, 'other.csv'), 'WKS-2');
    expect((await call('import.start', start(other))).report.counts.events).toBe(2000);
    expect((await call('import.start', { ...start(file), duplicate: 'again' })).report.counts.events).toBe(2000);
    expect(run).toHaveBeenCalledTimes(2);
    expect((await call('cases.list', {})).cases).toHaveLength(3);
  });
});
