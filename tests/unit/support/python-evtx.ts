import { execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';

/**
 * python-evtx (Debian's python3-evtx), the independent reader Casebook's EVTX
 * importer is checked against. It is found with whichever Python has it: the
 * first `python3` on PATH may be another installation (pyenv) without
 * Debian's packages.
 */

const SCRIPT = path.resolve(__dirname, '../../support/evtx-dump.py');

export const PYTHON_EVTX: string | null =
  ['python3', '/usr/bin/python3'].find((python) => spawnSync(python, ['-c', 'import Evtx.Evtx'], { encoding: 'utf8' }).status === 0) ?? null;

export const NO_PYTHON_EVTX = 'python-evtx is not installed (apt-get install python3-evtx): the differential test against it is skipped';

/** One line of evtx-dump.py: a record, or a chunk or record python-evtx could not read. */
export interface PythonRecord {
  offset?: number;
  chunk?: number;
  error?: string;
  record?: string;
  time?: string | null;
  computer?: string;
  eventId?: string;
  channel?: string;
  provider?: string | null;
  data?: [string, string][];
}

export function pythonEvtx(file: string): PythonRecord[] {
  if (!PYTHON_EVTX) throw new Error(NO_PYTHON_EVTX);
  const out = execFileSync(PYTHON_EVTX, [SCRIPT, file], { encoding: 'utf8', maxBuffer: 1 << 30 });
  return out
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as PythonRecord);
}
