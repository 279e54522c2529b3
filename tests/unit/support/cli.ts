import { spawnSync } from 'node:child_process';
import { expect } from 'vitest';
import { built } from './built';

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export type Casebook = (vault: string, args: string[], extraEnv?: NodeJS.ProcessEnv) => CliRun;

/**
 * The compiled `casebook` command, run in a child process as a user's shell runs it: against
 * `--vault <vault>`, the passphrase in CASEBOOK_PASSPHRASE, no CASEBOOK_VAULT from the
 * environment, nothing on stdin.
 */
export function casebookWith(passphrase: string): Casebook {
  return (vault, args, extraEnv = {}) => {
    const env: NodeJS.ProcessEnv = { ...process.env, CASEBOOK_PASSPHRASE: passphrase, ...extraEnv };
    delete env.CASEBOOK_VAULT;
    const run = spawnSync(process.execPath, [built('electron/cli/casebook.js'), '--vault', vault, ...args], { env, input: '', encoding: 'utf8' });
    return { code: run.status, stdout: run.stdout, stderr: run.stderr };
  };
}

/** A command's `--json` answer, once it is known to have succeeded (its stderr shown when it did not). */
export function json<T>(run: CliRun): T {
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as T;
}

/** `vault` made a new vault by `casebook vault init`. */
export function initVault(casebook: Casebook, vault: string): string {
  const run = casebook(vault, ['vault', 'init']);
  expect(run.code, run.stderr).toBe(0);
  return vault;
}
