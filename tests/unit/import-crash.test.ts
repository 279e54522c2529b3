import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { readdirSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { Engine } from '../../electron/core/engine';
import { dispatch } from '../../shared/ipc/dispatch';
import { unwrap } from '../../shared/ipc/errors';
import type { Input, MethodName, Result } from '../../shared/ipc/contract';
import { built } from './support/built';
import { useTempDirs } from './support/temp-dir';
import { seededRandom } from './support/seeded-random';
import { makePlasoStorage, PYTHON_SQLITE } from './support/plaso-storage-fixture';

const tempDir = useTempDirs();
const PASS = 'import crash test passphrase';
const ROWS = 60_000;
/** Over parallelImport.minRecords: the second half goes to another thread. */
const PLASO_EVENTS = 60_000;

function client(vaultDir: string) {
  const engine = new Engine({ vaultDir });
  return async <M extends MethodName>(method: M, input: Input<M>): Promise<Result<M>> => unwrap(await dispatch(engine.handlers, method, input)) as Result<M>;
}

/** Runs `casebook import` in a child process and SIGKILLs it after `delayMs`; resolves with whether it finished first. */
function importAndKill(vault: string, args: string[], delayMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [built('electron/cli/casebook.js'), '--vault', vault, 'import', ...args], {
      env: { ...process.env, CASEBOOK_PASSPHRASE: PASS },
      stdio: 'ignore',
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), delayMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve(code === 0);
    });
  });
}

/** A locked vault holding one case to import into, and the seeded randomness of the kill times (CRASH_SEED replays it). */
async function lockedVaultWithCase() {
  const seed = Number(process.env.CRASH_SEED ?? Date.now() % 100000);
  const vault = tempDir();
  const call = client(vault);
  await call('vault.create', { passphrase: PASS });
  const caseId = (await call('cases.create', { title: 'Crash target' })).cases![0]!.id;
  await call('vault.lock', {});
  return { seed, random: seededRandom(seed).next, vault, caseId };
}

describe('an import killed at any moment leaves the case exactly as before', () => {
  it('into a chosen case and into new cases, killed with SIGKILL at random moments', async () => {
    const { seed, random, vault, caseId } = await lockedVaultWithCase();
    const file = path.join(tempDir(), 'events.csv');
    const lines = ['message,datetime,timestamp_desc,hostname'];
    for (let i = 0; i < ROWS; i++)
      lines.push(`event ${i} from 10.1.${i % 200}.${i % 250},2024-03-01T00:${String(Math.floor(i / 1000) % 60).padStart(2, '0')}:00Z,Written,HOST-${i % 7}`);
    writeFileSync(file, lines.join('\n') + '\n');

    let completedIntoCase = 0;
    let newCasesFinished = 0;
    for (let round = 0; round < 12; round++) {
      const intoCase = round % 2 === 0;
      const finished = await importAndKill(vault, intoCase ? ['--case', caseId, file] : [file], 150 + Math.floor(random() * 2500));
      const check = client(vault);
      await check('vault.unlock', { passphrase: PASS });
      // Cases are whole or absent: the target has 0 or N complete imports; new cases have all their events.
      const { cases, unreadable } = await check('cases.list', {});
      expect(unreadable, `seed ${seed} round ${round}`).toEqual([]);
      const summary = await check('cases.summary', { id: caseId });
      if (intoCase && finished) completedIntoCase++;
      expect(summary.counts.events % ROWS, `seed ${seed} round ${round}`).toBe(0);
      expect(summary.counts.evidence, `seed ${seed} round ${round}`).toBe(summary.counts.events / ROWS);
      expect(summary.counts.evidence).toBeGreaterThanOrEqual(completedIntoCase);
      for (const c of cases.filter((c) => c.id !== caseId)) {
        expect((await check('cases.summary', { id: c.id })).counts.events, `seed ${seed} round ${round}`).toBe(ROWS);
      }
      if (!intoCase && finished) newCasesFinished++;
      expect(cases.length - 1).toBeGreaterThanOrEqual(newCasesFinished);
      expect((await check('audit.verify', { caseId })).ok).toBe(true);
      // Opening the case for writing sweeps run files of an import that never committed.
      await check('cases.open', { id: caseId });
      const timeline = path.join(vault, 'cases', caseId, 'timeline');
      // A run is two files (.cols, .text); entity pages (.ents) go with their import's runs.
      const files = (existsSync(timeline) ? readdirSync(timeline) : []).filter((f) => !f.endsWith('.ents'));
      expect(files.length, `seed ${seed} round ${round}`).toBe(2 * Math.ceil(ROWS / 2 ** 18) * summary.counts.evidence);
      await check('cases.close', { id: caseId });
      // Unlocking swept the staged cases of a killed import; only a folder caught between its mkdir
      // and its lock (no lock file yet) waits for the sweep's grace period.
      const staged = readdirSync(path.join(vault, 'cases')).filter((n) => n.startsWith('.'));
      for (const name of staged) expect(existsSync(path.join(vault, 'cases', name, 'writer.lock')), name).toBe(false);
      await check('vault.lock', {});
    }
  }, 180_000);

  it.skipIf(!PYTHON_SQLITE)(
    'a Plaso storage file imported by two threads, killed with SIGKILL at random moments',
    async () => {
      const { seed, random, vault, caseId } = await lockedVaultWithCase();
      // Enough events for a second thread (parallel-tail.ts): each import writes two runs, one per thread.
      const file = path.join(tempDir(), 'dc01.plaso');
      writeFileSync(file, makePlasoStorage(PLASO_EVENTS));

      let killed = 0;
      for (let round = 0; round < 8; round++) {
        const intoCase = round % 2 === 0;
        if (!(await importAndKill(vault, intoCase ? ['--case', caseId, file] : [file], 200 + Math.floor(random() * 2000)))) killed++;
        const check = client(vault);
        await check('vault.unlock', { passphrase: PASS });
        const { cases, unreadable } = await check('cases.list', {});
        expect(unreadable, `seed ${seed} round ${round}`).toEqual([]);
        const summary = await check('cases.summary', { id: caseId });
        expect(summary.counts.events, `seed ${seed} round ${round}`).toBe(PLASO_EVENTS * summary.counts.evidence);
        for (const c of cases.filter((c) => c.id !== caseId)) {
          expect((await check('cases.summary', { id: c.id })).counts.events, `seed ${seed} round ${round}`).toBe(PLASO_EVENTS);
        }
        expect((await check('audit.verify', { caseId })).ok).toBe(true);
        // Run files of both threads of a killed import are swept when the case is opened for writing.
        await check('cases.open', { id: caseId });
        const timeline = path.join(vault, 'cases', caseId, 'timeline');
        expect((existsSync(timeline) ? readdirSync(timeline) : []).length, `seed ${seed} round ${round}`).toBe(4 * summary.counts.evidence);
        await check('cases.close', { id: caseId });
        await check('vault.lock', {});
      }
      expect(killed, `seed ${seed}: imports killed before they finished`).toBeGreaterThan(0);
    },
    180_000,
  );
});
