// Shared helpers for the benchmark sections: the compiled engine, temporary
// vaults, and the statistics every section reports the same way.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const PASS = 'correct horse battery staple';
/** The cheap scrypt cost the unit tests use; for sections that are not about key derivation. */
export const CHEAP_KDF = { N: 2 ** 14 };

/** Imports a compiled module from dist/ (CommonJS; its exports arrive as the default export). */
export async function dist(relative) {
  const file = path.join(ROOT, 'dist', relative);
  if (!existsSync(file)) throw new Error(`${path.relative(ROOT, file)} is missing: run \`npm run build:engine\` (npm run bench does)`);
  const mod = await import(pathToFileURL(file).href);
  return mod.default ?? mod;
}

const made = [];
/** A temporary folder on the same disk as the OS temp dir; removed by cleanup(). */
export function tempDir(label) {
  const dir = mkdtempSync(path.join(os.tmpdir(), `casebook-bench-${label}-`));
  made.push(dir);
  return dir;
}
export function cleanup() {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** An engine client over dist/, as the CLI calls it: errors are thrown. */
export async function engineClient(vaultDir, options = {}) {
  const { Engine } = await dist('electron/core/engine.js');
  const { dispatch } = await dist('shared/ipc/dispatch.js');
  const { unwrap } = await dist('shared/ipc/errors.js');
  const engine = new Engine({ vaultDir, actor: 'bench', kdf: CHEAP_KDF, ...options });
  const call = async (method, input) => unwrap(await dispatch(engine.handlers, method, input));
  return { engine, call };
}

/** A realistic triage edit, varied so records differ in size the way real ones do. */
export function triagePatch(i) {
  const statuses = ['active', 'inProgress', 'active', 'inProgress'];
  switch (i % 4) {
    case 0:
      return { status: statuses[(i >> 2) % 4], owner: `analyst-${i % 7}` };
    case 1:
      return { tags: ['phishing', 'mfa-fatigue', `host-${i % 13}`, `batch-${i}`] };
    case 2:
      return {
        description: `Edit ${i}: sign-ins from 185.220.101.${i % 255} after MFA push spam; mailbox rule created, token revoked at 14:${String(i % 60).padStart(2, '0')} UTC.`,
      };
    default:
      return { severity: i % 8 === 3 ? 'high' : 'medium', tlp: i % 8 === 3 ? 'amber+strict' : 'amber' };
  }
}

export async function timeIt(fn) {
  const started = performance.now();
  const value = await fn();
  return { ms: performance.now() - started, value };
}

/** Runs fn `runs` times (after `warmup` unmeasured runs) and returns the times in ms. */
export async function sample(runs, fn, warmup = 0) {
  for (let i = 0; i < warmup; i++) await fn(i);
  const times = [];
  for (let i = 0; i < runs; i++) times.push((await timeIt(() => fn(i))).ms);
  return times;
}

export function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  if (!sorted.length) return NaN;
  // Nearest rank.
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}
export const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/** One line of the report. value and p95 are numbers; runs says how many measurements the median is of. */
export function row(metric, value, unit, extra = {}) {
  return { metric, value, unit, ...extra };
}
