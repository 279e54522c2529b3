import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Python's sqlite3 module writes the fixtures: SQLite itself, not a copy of our reader's assumptions. */
export const PYTHON_SQLITE = spawnSync('python3', ['-c', 'import sqlite3, zlib'], { encoding: 'utf8' }).status === 0;
export const NO_PYTHON_SQLITE = 'python3 with its sqlite3 module is not installed: the SQLite fixtures cannot be written';

const SCRIPT = path.resolve(__dirname, '../../support/make-plaso-storage.py');

/** A small Plaso storage file of `events` Windows event log records (see make-plaso-storage.py); the `bad` ones (1-based) have no usable time. */
export function makePlasoStorage(events: number, bad: number[] = []): Buffer {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'casebook-plaso-'));
  const file = path.join(dir, 'fixture.plaso');
  try {
    execFileSync('python3', [SCRIPT, file, String(events), bad.join(',')], { encoding: 'utf8' });
    return readFileSync(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const HOSTILE = path.resolve(__dirname, '../../support/make-hostile-plaso.py');

/**
 * A hostile Plaso storage file (see make-hostile-plaso.py): zlib-bomb rows, one large row shared by every event, a page DAG,
 * duplicate rowids, a row nested too deep, or two rows sharing one overflow chain.
 */
export function makeHostilePlaso(mode: 'bomb' | 'shared' | 'dag' | 'duprow' | 'deep' | 'overflow', events: number, padBytes = 0): Buffer {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'casebook-hostile-'));
  const file = path.join(dir, `${mode}.plaso`);
  try {
    execFileSync('python3', [HOSTILE, file, mode, String(events), String(padBytes)], { encoding: 'utf8' });
    return readFileSync(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
