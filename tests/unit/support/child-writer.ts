import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PASS } from './vault-fixture';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const SCRIPT = fileURLToPath(new URL('./burst-writer.cjs', import.meta.url));
export const BUILT_ENGINE = path.join(ROOT, 'dist/electron/core/engine.js');

/**
 * The child writers run the compiled engine, so a missing or stale dist/ would
 * test old code (or nothing). Fails with the command that fixes it.
 */
export function requireBuiltEngine(): void {
  if (!existsSync(BUILT_ENGINE)) {
    throw new Error(`${path.relative(ROOT, BUILT_ENGINE)} is missing: the crash tests run the compiled engine; run \`npm run build:engine\` first`);
  }
  // Follow the built engine's own require() graph, so sources it does not load do not count.
  const stale: string[] = [];
  const seen = new Set<string>();
  const visit = (built: string) => {
    if (seen.has(built) || !existsSync(built)) return;
    seen.add(built);
    const source = path.join(ROOT, path.relative(path.join(ROOT, 'dist'), built)).replace(/\.js$/, '.ts');
    if (existsSync(source) && statSync(source).mtimeMs > statSync(built).mtimeMs) stale.push(path.relative(ROOT, source));
    for (const [, spec] of readFileSync(built, 'utf8').matchAll(/require\("(\.{1,2}\/[^"]+)"\)/g)) {
      const next = path.resolve(path.dirname(built), spec!);
      visit(existsSync(next + '.js') ? next + '.js' : path.join(next, 'index.js'));
    }
  };
  // What burst-writer.cjs requires.
  for (const entry of ['electron/core/engine.js', 'shared/ipc/dispatch.js', 'shared/ipc/errors.js']) visit(path.join(ROOT, 'dist', entry));
  const list = (files: string[]) => `${files.slice(0, 3).join(', ')}${files.length > 3 ? ' …' : ''}`;
  // Stale storage code would test the wrong thing: fail. Elsewhere (other work in progress
  // in a shared tree) a warning is enough; `npm test` builds before it tests anyway.
  const storage = stale.filter((file) => /^electron\/core\/(vault|fs)\//.test(file));
  if (storage.length) throw new Error(`dist/ is older than ${list(storage)}: run \`npm run build:engine\` first`);
  if (stale.length) console.warn(`[child-writer] dist/ is older than ${list(stale)}; the child writers run the last build`);
}

export type WriterMode = 'update' | 'update-held' | 'create' | 'hold' | 'rotate';

export interface Ack {
  n: number;
  caseId?: string;
}

const running = new Set<ChildWriter>();

/** Kills every child writer still running (for afterEach: a failed test must not leave a writer spinning). */
export async function killAllWriters(): Promise<void> {
  await Promise.all([...running].map((writer) => writer.kill()));
}

/** A burst-writer child process and what it has said so far. */
export class ChildWriter {
  readonly child: ChildProcess;
  readonly acks: Ack[] = [];
  readonly lines: string[] = [];
  stderr = '';
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private waiters: { test: (line: string) => boolean; resolve: () => void }[] = [];

  constructor(mode: WriterMode, vaultDir: string, options: { caseId?: string; marker?: string } = {}) {
    const args = [SCRIPT, mode, vaultDir, ...(options.caseId ? [options.caseId] : [])];
    this.child = spawn(process.execPath, args, {
      env: { ...process.env, CASEBOOK_TEST_PASSPHRASE: PASS, CASEBOOK_TEST_MARKER: options.marker ?? '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let pending = '';
    this.child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop()!;
      for (const line of lines) this.onLine(line);
    });
    this.child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (this.stderr += chunk));
    this.exited = new Promise((resolve) => this.child.on('close', (code, signal) => resolve({ code, signal })));
    running.add(this);
    void this.exited.then(() => running.delete(this));
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** The highest n the child acknowledged (0 if none). Acks arrive in order. */
  get lastAck(): number {
    return this.acks.at(-1)?.n ?? 0;
  }

  private onLine(line: string) {
    this.lines.push(line);
    const ack = /^ack (\d+)(?: (\S+))?$/.exec(line);
    if (ack) this.acks.push({ n: Number(ack[1]), ...(ack[2] ? { caseId: ack[2] } : {}) });
    for (const waiter of this.waiters.filter((w) => w.test(line))) {
      this.waiters.splice(this.waiters.indexOf(waiter), 1);
      waiter.resolve();
    }
  }

  /** Resolves at the first line matching `test`; rejects if the child exits first or the time runs out. */
  waitForLine(test: (line: string) => boolean, timeoutMs = 10_000): Promise<void> {
    if (this.lines.some(test)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`child ${this.pid}: no matching line within ${timeoutMs} ms; stderr: ${this.stderr}`)), timeoutMs);
      const waiter = {
        test,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      };
      this.waiters.push(waiter);
      void this.exited.then(({ code, signal }) => {
        clearTimeout(timer);
        reject(new Error(`child ${this.pid} exited (code ${code}, signal ${signal}) before the expected line; stderr: ${this.stderr}`));
      });
    });
  }

  /** SIGKILL: no exit handlers, no lock release, no flush; then waits until its pipes are drained. */
  async kill(): Promise<void> {
    this.child.kill('SIGKILL');
    await this.exited;
  }
}

/** The pid of a process that has run and exited: a pid certain to be dead (barring reuse). */
export async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
  await new Promise((resolve) => child.on('exit', resolve));
  return child.pid!;
}
