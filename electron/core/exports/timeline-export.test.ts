import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import Papa from 'papaparse';
import { useTempDirs } from '../../../tests/unit/support/temp-dir';
import { buildExportCase, type Call } from '../../../tests/unit/support/export-case';
import { timesketchLine } from './timeline-export';
import { exportEngine } from '../../../tests/unit/support/export-engine';
import type { EventPage, StoredEvent } from '../../../shared/domain/timeline';
import type { EventPayload } from '../../../shared/ipc/contract';

const tempDir = useTempDirs();

async function allEvents(call: Call, caseId: string): Promise<StoredEvent[]> {
  const events: StoredEvent[] = [];
  let cursor: string | null = null;
  do {
    const page: EventPage = await call('timeline.page', { caseId, limit: 1000, cursor });
    events.push(...page.events);
    cursor = page.nextCursor;
  } while (cursor);
  return events;
}

describe('timeline export', () => {
  it("as Timesketch JSONL: Casebook's own Timesketch importer reads it back to the same events", async () => {
    const dir = tempDir();
    const { call } = await exportEngine(dir);
    const caseId = await buildExportCase(call, dir, 2500);
    const out = path.join(dir, 'export.jsonl');
    const result = await call('exports.timeline', { taskId: 'x1', caseId, format: 'timesketch-jsonl', out });
    const before = await allEvents(call, caseId);
    expect(result.items).toBe(before.length);

    const first = JSON.parse(readFileSync(out, 'utf8').split('\n')[0]!) as Record<string, unknown>;
    expect(first).toMatchObject({ datetime: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/), timestamp: before[0]!.time });
    expect(Object.keys(first).slice(0, 4)).toEqual(['message', 'datetime', 'timestamp', 'timestamp_desc']);

    const back = (await call('cases.create', { title: 'Read back' })).cases![0]!.id;
    const imported = await call('import.start', { taskId: 'x2', file: out, caseId: back, format: 'timesketch-jsonl' });
    expect(imported.report.skippedTotal).toBe(0);
    expect(imported.report.format).toBe('timesketch-jsonl');
    const after = await allEvents(call, back);
    const shape = (e: StoredEvent) => [e.time, e.message, e.host, e.user, e.timestampDesc, e.tags.join(',')];
    expect(after.length).toBe(before.length);
    expect(after.map(shape)).toEqual(before.map(shape));
    expect(after.find((e) => e.message === 'Process 10 started')!.attributes.event_id).toBe(
      before.find((e) => e.message === 'Process 10 started')!.attributes.event_id,
    );
  }, 60_000);

  it('as CSV through the shared writer: quoted, formula cells neutralised, one row per event', async () => {
    const dir = tempDir();
    const { call } = await exportEngine(dir);
    const caseId = await buildExportCase(call, dir, 40);
    const out = path.join(dir, 'export.csv');
    const result = await call('exports.timeline', { taskId: 'c1', caseId, format: 'csv', out });
    const rows = Papa.parse<string[]>(readFileSync(out, 'utf8'), { newline: '\r\n', skipEmptyLines: true }).data;
    expect(rows[0]).toEqual(['datetime', 'timestamp', 'timestamp_desc', 'message', 'hostname', 'username', 'source_short', 'tag', 'attributes']);
    expect(rows.length - 1).toBe(result.items);
    const messages = rows.map((r) => r[3]);
    expect(messages).toContain("'=cmd|' /C calc'!A0");
    expect(messages).toContain('two\nlines, "quoted"');
  }, 60_000);

  it('reports progress, and a cancel leaves no file, not even a partial one', async () => {
    const dir = tempDir();
    const progress: EventPayload<'task.progress'>[] = [];
    let cancel: () => void = () => undefined;
    const { call } = await exportEngine(dir, (event, payload) => {
      if (event !== 'task.progress') return;
      progress.push(payload as EventPayload<'task.progress'>);
      cancel();
    });
    const caseId = await buildExportCase(call, dir, 5000);
    progress.length = 0;
    const total = (await call('cases.summary', { id: caseId })).counts.events;
    expect(total).toBeGreaterThanOrEqual(5000);
    const out = path.join(dir, 'cancelled.jsonl');
    cancel = () => void call('exports.cancel', { taskId: 'big' });
    await expect(call('exports.timeline', { taskId: 'big', caseId, format: 'timesketch-jsonl', out })).rejects.toThrow(
      new RegExp(`timeline export cancelled after \\d+ of ${total} events; nothing was written`),
    );
    expect(progress[0]).toMatchObject({ taskId: 'big', done: 0, total, unit: 'records' });
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(dir).filter((f) => f.includes('cancelled'))).toEqual([]);
    // Not running any more: the same task id may start again, and runs to the end.
    cancel = () => undefined;
    const whole = await call('exports.timeline', { taskId: 'big', caseId, format: 'timesketch-jsonl', out });
    expect(whole.items).toBe(total);
    expect(progress.at(-1)).toMatchObject({ done: total, total });
  }, 60_000);
});

describe('a Timesketch line', () => {
  const event = {
    id: 1,
    time: 1_709_283_600_000_007,
    timestampDesc: 'Event Recorded',
    message: 'say "hi"\n',
    source: 'sysmon.evtx',
    host: 'WS-1',
    user: '',
    tags: ['a'],
    // Parsed, so __proto__ is a key of its own (as the importers keep it), not the object's prototype.
    attributes: JSON.parse('{"event_id":"1","hostname":"WS-1","message":"other text","timestamp":"5","tag":"x","__proto__":"data"}') as Record<string, string>,
  };

  it('is one JSON object per line, its own fields first, attributes after, a clashing attribute kept under another name', () => {
    const line = timesketchLine(event);
    expect(line.endsWith('}\n')).toBe(true);
    const parsed = JSON.parse(line) as Record<string, unknown>;
    expect(Object.keys(parsed)).toEqual([
      'message',
      'datetime',
      'timestamp',
      'timestamp_desc',
      'hostname',
      'source_short',
      'tag',
      'event_id',
      'message_attribute',
      'timestamp_attribute',
      'tag_attribute',
      '__proto__',
    ]);
    expect(parsed).toMatchObject({
      message: 'say "hi"\n',
      datetime: '2024-03-01T09:00:00.000007Z',
      timestamp: 1_709_283_600_000_007,
      hostname: 'WS-1',
      tag: ['a'],
      message_attribute: 'other text',
    });
  });
});
