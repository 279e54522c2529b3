import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';

/**
 * Import files generated inside the tests: Timesketch CSV with known hosts,
 * users, times and a few distinctive messages, so every number on screen can
 * be checked against what the file holds.
 */

export const HOSTS = ['WS-FIN-01', 'WS-FIN-02', 'DC-01'] as const;
export const START = Date.UTC(2026, 2, 1, 0, 0, 0);
export const SPAN_MS = 48 * 3600 * 1000;

/** Positions (0-based data rows) of the three events whose message mentions mimikatz, all on DC-01. */
export const MIMIKATZ_ROWS = [1234, 2345, 3456];

export type GeneratedRow = {
  datetime: string;
  timestamp_desc: string;
  message: string;
  hostname: string;
  username: string;
  tag: string;
  event_identifier: string;
  data_type: string;
  record_number: string;
};

/** 2/4 of events on WS-FIN-01, 1/4 on WS-FIN-02, 1/4 on DC-01 (of every 4 in a row), spread evenly over 48 hours. */
export function hostOf(i: number): string {
  return i % 4 < 2 ? HOSTS[0] : i % 4 === 2 ? HOSTS[1] : HOSTS[2];
}

export function generatedRow(i: number, count: number): GeneratedRow {
  const ms = START + Math.floor((i * SPAN_MS) / count);
  const host = MIMIKATZ_ROWS.includes(i) ? 'DC-01' : hostOf(i);
  const user = ['alice', 'bob', 'SYSTEM'][i % 3]!;
  const distinctive = MIMIKATZ_ROWS.includes(i);
  return {
    datetime: new Date(ms).toISOString(),
    timestamp_desc: i % 2 ? 'Event Recorded' : 'Content Modification Time',
    message: distinctive
      ? `Process created: C:\\Temp\\mimikatz.exe "sekurlsa::logonpasswords" by ${user}`
      : i % 3 === 0
        ? `An account was successfully logged on. Logon type 3 from 10.0.0.${i % 20} (record ${i})`
        : `Service Control Manager: the Windows Update service entered the running state (record ${i})`,
    hostname: host,
    username: user,
    tag: distinctive ? '["suspicious","credential-access"]' : i % 3 === 0 ? '["logon"]' : '',
    event_identifier: distinctive ? '4688' : i % 3 === 0 ? '4624' : '7036',
    data_type: 'windows:evtx:record',
    record_number: String(100000 + i),
  };
}

const COLUMNS: (keyof GeneratedRow)[] = [
  'datetime',
  'timestamp_desc',
  'message',
  'hostname',
  'username',
  'tag',
  'event_identifier',
  'data_type',
  'record_number',
];

function csvField(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function csvLine(row: Record<string, string>, columns: readonly string[] = COLUMNS): string {
  return columns.map((c) => csvField(row[c] ?? '')).join(',');
}

/**
 * Writes a Timesketch CSV of `count` generated events. `edit` may change a
 * row (by 0-based data row; the file line is row + 2, after the header).
 */
export async function writeTimesketchCsv(file: string, count: number, edit?: (row: GeneratedRow, i: number) => GeneratedRow): Promise<void> {
  const handle = await fs.open(file, 'w');
  try {
    let chunk = COLUMNS.join(',') + '\n';
    for (let i = 0; i < count; i++) {
      const row = generatedRow(i, count);
      chunk += csvLine(edit ? edit(row, i) : row) + '\n';
      if (chunk.length > 1 << 20) {
        await handle.write(chunk);
        chunk = '';
      }
    }
    await handle.write(chunk);
  } finally {
    await handle.close();
  }
}

export async function sha256File(file: string): Promise<string> {
  return createHash('sha256')
    .update(await fs.readFile(file))
    .digest('hex');
}

export const SAMPLES_DIR = path.resolve(__dirname, '../../../shared/samples');

/** A file of the shared samples corpus, or null (with the reason to skip) when the corpus is not on this machine. */
export async function sampleFile(...parts: string[]): Promise<{ file: string; missing: string | null }> {
  const file = path.join(SAMPLES_DIR, ...parts);
  const present = await fs.access(file).then(
    () => true,
    () => false,
  );
  return { file, missing: present ? null : `${file} is not on this machine (the shared samples folder is missing)` };
}
