import { describe, expect, it, vi } from 'vitest';
import { appendFileSync, promises as fsPromises, readdirSync, readlinkSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Engine } from '../engine';
import { dispatch } from '../../../shared/ipc/dispatch';
import { unwrap } from '../../../shared/ipc/errors';
import { OPENED_ENTITIES_LIMIT, type Input, type MethodName, type Result } from '../../../shared/ipc/contract';
import { useTempDirs, TEST_KDF } from '../../../tests/unit/support/temp-dir';
import { makePlasoStorage, PYTHON_SQLITE } from '../../../tests/unit/support/plaso-storage-fixture';
import { RUN_ID_STRIDE } from '../timeline/run-builder';
import type { EventPage, StoredEvent } from '../../../shared/domain/timeline';

const readdirSyncOr = (folder: string) => {
  try {
    return readdirSync(folder);
  } catch {
    return [];
  }
};

const readlinkOr = (link: string) => {
  try {
    return readlinkSync(link);
  } catch {
    return null;
  }
};

const tempDir = useTempDirs();

/** minRecords: when a second import thread starts (parallel-tail.ts); a test may change it between imports. */
async function setup(parallelImport = { minRecords: 50_000 }) {
  const dir = tempDir();
  const events: unknown[] = [];
  const engine = new Engine({ vaultDir: dir, actor: 'tester', kdf: TEST_KDF, parallelImport }, (event, payload) => events.push({ event, payload }));
  const call = async <M extends MethodName>(method: M, input: Input<M>): Promise<Result<M>> =>
    unwrap(await dispatch(engine.handlers, method, input)) as Result<M>;
  await call('vault.create', { passphrase: 'import pipeline test' });
  const caseId = (await call('cases.create', { title: 'Target' })).cases![0]!.id;
  return { dir, engine, call, caseId, events, parallelImport };
}

function csv(dir: string, name: string, rows: string[]): string {
  const file = path.join(dir, name);
  writeFileSync(file, ['message,datetime,timestamp_desc,hostname,username', ...rows].join('\n') + '\n');
  return file;
}

const row = (i: number, datetime = `2024-05-01T10:00:${String(i % 60).padStart(2, '0')}+00:00`) =>
  `Logon ${i} from 10.0.0.${i % 250},${datetime},Event Recorded,WKS-${i % 3},alice`;

describe('import pipeline', () => {
  it('imports a file into a chosen case, logs it as evidence and makes its events queryable', async () => {
    const { dir, call, caseId, events } = await setup();
    const file = csv(
      dir,
      'logons.csv',
      Array.from({ length: 50 }, (_, i) => row(i)),
    );
    const { report, changes } = await call('import.start', { taskId: 't1', file, caseId });
    expect(report).toMatchObject({ format: 'timesketch-csv', caseIds: [caseId], counts: { events: 50 }, skippedTotal: 0 });
    expect(report.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(changes.evidence).toEqual([expect.objectContaining({ name: 'logons.csv', sha256: report.sha256, importer: 'timesketch-csv', addedBy: 'tester' })]);
    // Hosts are case-folded, IPs canonical: WKS-0 and wks-0 would be one entity. Hosts and users go to the read model;
    // addresses found in messages stay in the engine's entity store.
    expect(changes.entities!.map((e) => `${e.type}:${e.key}`)).toEqual(expect.arrayContaining(['device:wks-0', 'user:alice']));
    const stored = await call('entities.list', { caseId, types: ['ip'], limit: 1000 });
    expect(stored.rows.map((e) => e.key)).toContain('10.0.0.7');
    const summary = await call('cases.summary', { id: caseId });
    expect(summary.counts).toMatchObject({ events: 50, evidence: 1 });
    expect((await call('timeline.page', { caseId, filter: { text: 'logon 7 ' }, limit: 10 })).total).toBe(1);
    expect(events.some((e) => (e as { event: string }).event === 'task.progress')).toBe(true);
    expect((await call('audit.verify', { caseId })).ok).toBe(true);
  });

  it('makes one entity per thing the events name, with when it was first and last seen and how often', async () => {
    const { dir, call, caseId } = await setup();
    const sha1 = 'DA39A3EE5E6B4B0D3255BFEF95601890AFD80709';
    const file = path.join(dir, 'entities.csv');
    writeFileSync(
      file,
      [
        'message,datetime,timestamp_desc,hostname,username,source_ip',
        `wrote ${sha1} from 10.1.2.3,2024-05-01T10:00:03+00:00,Event Recorded,DC-01,alice,10.1.2.3`,
        `read ${sha1.toLowerCase()},2024-05-01T10:00:01+00:00,Event Recorded,dc-01,alice,`,
        `"quoted, from 10.1.2.3",2024-05-01T10:00:09+00:00,Event Recorded,DC-01,bob,10.9.9.9`,
      ].join('\n') + '\n',
    );
    await call('import.start', { taskId: 't', file, caseId });
    const figuresOf = async () =>
      Object.fromEntries((await call('entities.list', { caseId, limit: 1000 })).rows.map((e) => [`${e.type} ${e.key}`, [e.firstSeen, e.lastSeen, e.events]]));
    const figures = await figuresOf();
    expect(figures).toEqual({
      // Two spellings of one host, and of one digest: one entity each.
      'device dc-01': ['2024-05-01T10:00:01.000000Z', '2024-05-01T10:00:09.000000Z', 3],
      'hash da39a3ee5e6b4b0d3255bfef95601890afd80709': ['2024-05-01T10:00:01.000000Z', '2024-05-01T10:00:03.000000Z', 2],
      // Seen in messages and in the source_ip column (an attribute stored as a segment of a record, and as JSON for the quoted one).
      'ip 10.1.2.3': ['2024-05-01T10:00:03.000000Z', '2024-05-01T10:00:09.000000Z', 3],
      'ip 10.9.9.9': ['2024-05-01T10:00:09.000000Z', '2024-05-01T10:00:09.000000Z', 1],
      'user alice': ['2024-05-01T10:00:01.000000Z', '2024-05-01T10:00:03.000000Z', 2],
      'user bob': ['2024-05-01T10:00:09.000000Z', '2024-05-01T10:00:09.000000Z', 1],
    });

    // Read back from the encrypted journal and entity pages on disk, and merged with a second import of the file.
    await call('vault.lock', { reason: 'user' });
    await call('vault.unlock', { passphrase: 'import pipeline test' });
    await call('cases.open', { id: caseId });
    expect(await figuresOf()).toEqual(figures);
    expect(readdirSync(path.join(dir, 'cases', caseId, 'timeline')).filter((f) => f.endsWith('.ents'))).toHaveLength(1);
    await call('import.start', { taskId: 't2', file, caseId, duplicate: 'again' });
    const twice = await call('entities.list', { caseId, text: '10.1.2.3' });
    expect(twice.all).toBe(6);
    expect(twice.rows).toEqual([expect.objectContaining({ display: '10.1.2.3', sources: ['entities.csv'], events: 6 })]);
  });

  it('keeps the entities only events name in the entity store, out of the read model, however many', async () => {
    const { dir, call, caseId } = await setup();
    const addresses = OPENED_ENTITIES_LIMIT + 500;
    const rows = Array.from({ length: addresses }, (_, i) => `connect to 10.7.${i >> 8}.${i & 255},2024-05-01T10:00:00+00:00,Event Recorded,WKS-1,alice`);
    await call('import.start', { taskId: 't1', file: csv(dir, 'connections.csv', rows), caseId });
    // An alert's evidence names one of them, as an attacker.
    const evidence = path.join(dir, 'evidence.json');
    writeFileSync(evidence, JSON.stringify({ value: [{ '@odata.type': '#microsoft.graph.security.ipEvidence', ipAddress: '10.7.0.9', roles: ['attacker'] }] }));
    const { changes } = await call('import.start', { taskId: 't2', file: evidence, caseId, format: 'graph-security' });
    // The read model gets the journal's entities (the host, the user, the alert's address), never the addresses only the events name.
    expect(changes.entities!.map((e) => e.key).sort()).toEqual(['10.7.0.9', 'alice', 'wks-1']);
    const opened = await call('cases.open', { id: caseId });
    expect(opened.entities.map((e) => e.key).sort()).toEqual(['10.7.0.9', 'alice', 'wks-1']);
    // The store has every address, the host and the user, the alert's address merged with its sightings.
    const all = await call('entities.list', { caseId, namedByAlert: false, limit: 1 });
    expect(all.all).toBe(addresses + 2);
    const named = await call('entities.list', { caseId, text: '10.7.0.9', sort: 'display', order: 'asc', limit: 1 });
    expect(named.rows.map((e) => [e.type, e.key, e.roles, e.events])).toEqual([['ip', '10.7.0.9', ['attacker'], 1]]);
  });

  it('refuses a file with bad records in strict mode, naming each line and field, and changes nothing', async () => {
    const { dir, call, caseId } = await setup();
    const file = csv(dir, 'bad.csv', [row(1), row(2, 'not a time'), row(3), 'only,three,fields']);
    const before = await call('audit.list', { caseId });
    const result = await dispatch((await setupHandlers(call)).handlers, 'import.start', { taskId: 't', file, caseId });
    expect(result.ok).toBe(false);
    const message = !result.ok ? result.error.message : '';
    expect(message).toContain('bad.csv: line 3, field "datetime"');
    expect(message).toContain('bad.csv: line 5: has 3 fields, the header has 5');
    expect(await call('audit.list', { caseId })).toEqual(before);
    expect((await call('cases.summary', { id: caseId })).counts.events).toBe(0);
    const caseDir = path.join(dir, 'cases', caseId);
    expect(readdirSync(caseDir).includes('timeline') ? readdirSync(path.join(caseDir, 'timeline')) : []).toEqual([]);
  });

  it('with skip-invalid imports the good records and records the skipped ones with their positions', async () => {
    const { dir, call, caseId } = await setup();
    const file = csv(dir, 'bad.csv', [row(1), row(2, 'not a time'), row(3)]);
    const { report } = await call('import.start', { taskId: 't', file, caseId, skipInvalid: true });
    expect(report.counts.events).toBe(2);
    expect(report.skipped).toEqual([{ position: 'line 3', field: 'datetime', reason: expect.stringContaining('not a time') }]);
  });

  it('reads times without a zone in the zone chosen for the import, and records it', async () => {
    const { dir, call, caseId } = await setup();
    const file = csv(dir, 'local.csv', [row(1, '2024-07-01 12:00:00')]);
    const { report } = await call('import.start', { taskId: 't', file, caseId, timezone: 'Europe/Berlin' });
    expect(report).toMatchObject({ timezone: 'Europe/Berlin', zonelessTimes: 1 });
    const page = await call('timeline.page', { caseId, filter: {}, limit: 1 });
    // 12:00 in Berlin in July (UTC+2) is 10:00 UTC.
    expect(page.events[0]!.time).toBe(Date.UTC(2024, 6, 1, 10) * 1000);
    await expect(call('import.start', { taskId: 't2', file, caseId, timezone: 'Mars/Olympus' })).rejects.toThrow(/not an IANA zone/);
  });

  it('without a chosen case, a timeline file becomes a case of its own', async () => {
    const { dir, call } = await setup();
    const file = csv(dir, 'standalone.csv', [row(1), row(2)]);
    const { report } = await call('import.start', { taskId: 't', file });
    expect(report.caseIds).toHaveLength(1);
    const { cases } = await call('cases.list', {});
    expect(cases.map((c) => c.title)).toContain('Import of standalone.csv');
    expect((await call('cases.summary', { id: report.caseIds[0]! })).counts.events).toBe(2);
    expect(readdirSync(path.join(dir, 'cases')).filter((n) => n.startsWith('.'))).toEqual([]);
  });

  it('refuses binary, empty and unknown files with a clear error', async () => {
    const { dir, call, caseId } = await setup();
    const binary = path.join(dir, 'image.bin');
    writeFileSync(binary, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 13, 1, 2, 3]));
    await expect(call('import.start', { taskId: 'a', file: binary, caseId })).rejects.toThrow(/image\.bin: byte 4 is a NUL byte/);
    const empty = path.join(dir, 'empty.csv');
    writeFileSync(empty, '');
    await expect(call('import.start', { taskId: 'b', file: empty, caseId })).rejects.toThrow(/empty\.csv: the file is empty/);
    await expect(call('import.start', { taskId: 'c', file: path.join(dir, 'missing.csv'), caseId })).rejects.toThrow(/missing\.csv: cannot read it \(ENOENT\)/);
  });

  it('cancels a running import: nothing is committed and no file is left behind', async () => {
    const { dir, call, caseId, engine } = await setup();
    const file = csv(
      dir,
      'big.csv',
      Array.from({ length: 200_000 }, (_, i) => row(i)),
    );
    const running = dispatch(engine.handlers, 'import.start', { taskId: 'big', file, caseId });
    await new Promise((r) => setTimeout(r, 150));
    expect(await call('import.cancel', { taskId: 'big' })).toEqual({ cancelled: true });
    const result = await running;
    expect(result).toMatchObject({ ok: false, error: { code: 'cancelled' } });
    expect((await call('cases.summary', { id: caseId })).counts).toMatchObject({ events: 0, evidence: 0 });
    const timelineDir = path.join(dir, 'cases', caseId, 'timeline');
    expect(readdirSync(path.join(dir, 'cases', caseId)).includes('timeline') ? readdirSync(timelineDir) : []).toEqual([]);
  });

  it('refuses a file that changes while it is imported (its events and its SHA-256 could disagree), and changes nothing', async () => {
    const dir = tempDir();
    const file = csv(
      dir,
      'growing.csv',
      Array.from({ length: 50 }, (_, i) => row(i)),
    );
    let appended = false;
    // Another program writes to the file as soon as the import reports progress.
    const engine = new Engine({ vaultDir: dir, actor: 'tester', kdf: TEST_KDF }, (event) => {
      if (event !== 'task.progress' || appended) return;
      appended = true;
      appendFileSync(file, `${row(99)}\n`);
    });
    const call = async <M extends MethodName>(method: M, input: Input<M>): Promise<Result<M>> =>
      unwrap(await dispatch(engine.handlers, method, input)) as Result<M>;
    await call('vault.create', { passphrase: 'import pipeline test' });
    const caseId = (await call('cases.create', { title: 'Target' })).cases![0]!.id;
    const before = await call('audit.list', { caseId });
    await expect(call('import.start', { taskId: 't', file, caseId })).rejects.toThrow(
      /growing\.csv: the file changed while it was being imported \(its size went from \d+ to \d+ bytes\); nothing was imported/,
    );
    expect(appended).toBe(true);
    expect(await call('audit.list', { caseId })).toEqual(before);
    expect((await call('cases.summary', { id: caseId })).counts).toMatchObject({ events: 0, evidence: 0 });
    // Once nothing writes to it, it imports.
    expect((await call('import.start', { taskId: 't2', file, caseId })).report.counts.events).toBe(51);
  });

  it.skipIf(!PYTHON_SQLITE)('reads a Plaso storage file through one handle, which it closes when done', async () => {
    const { dir, call, caseId } = await setup();
    const file = path.join(dir, 'dc01.plaso');
    writeFileSync(file, makePlasoStorage(200));
    const handlesOn = () => readdirSync('/proc/self/fd').filter((fd) => readlinkOr(`/proc/self/fd/${fd}`) === file).length;
    const opened = vi.spyOn(fsPromises, 'open');
    const { report } = await call('import.start', { taskId: 't', file, caseId });
    expect(report).toMatchObject({ format: 'plaso-storage', counts: { events: 200 } });
    // The file is read at hundreds of offsets; one handle serves them all (the other opens read the sample that chose the importer, and hash the file).
    expect(opened.mock.calls.filter(([f]) => f === file)).toHaveLength(3);
    opened.mockRestore();
    expect(handlesOn()).toBe(0);
  });

  describe.skipIf(!PYTHON_SQLITE)('a Plaso storage file imported by two threads', () => {
    // Files this small are read by one thread unless told otherwise.
    const twoThreads = () => setup({ minRecords: 100 });

    /** Every event of a case in time order, as the timeline gives them. */
    async function allEvents(call: Awaited<ReturnType<typeof setup>>['call'], caseId: string) {
      const events: StoredEvent[] = [];
      for (let cursor: string | null = null; ;) {
        const page: EventPage = await call('timeline.page', { caseId, limit: 1000, cursor });
        events.push(...page.events);
        if (!(cursor = page.nextCursor)) return events;
      }
    }

    it('gives the same events, entities and counts as one thread, in the same order', async () => {
      const { dir, call, events, parallelImport } = await twoThreads();
      const file = path.join(dir, 'dc01.plaso');
      writeFileSync(file, makePlasoStorage(1500));
      const two = (await call('cases.create', { title: 'Two threads' })).cases![0]!.id;
      const { report } = await call('import.start', { taskId: 't2', file, caseId: two });
      // Progress counts both threads' bytes and records, never goes back, and ends at the whole file.
      const progress = events
        .map((e) => e as { event: string; payload: { taskId: string; done: number; total: number; records: number } })
        .filter((e) => e.event === 'task.progress' && e.payload.taskId === 't2')
        .map((e) => e.payload);
      expect(progress.every((p, i) => i === 0 || (p.done >= progress[i - 1]!.done && p.records >= progress[i - 1]!.records))).toBe(true);
      expect(progress.at(-1)).toMatchObject({ done: statSync(file).size, total: statSync(file).size, records: 1500 });
      parallelImport.minRecords = Infinity;
      const one = (await call('cases.create', { title: 'One thread' })).cases![0]!.id;
      const { report: alone } = await call('import.start', { taskId: 't1', file, caseId: one });
      const same = ({ durationMs: _d, caseIds: _c, ...rest }: typeof report) => rest;
      expect(same(report)).toEqual(same(alone));
      expect(report.counts.events).toBe(1500);
      // The second thread's runs come after the first's: event ids and their order are those of one thread.
      const byTwo = await allEvents(call, two);
      const byOne = await allEvents(call, one);
      expect(byTwo.map(({ id: _id, ...event }) => event)).toEqual(byOne.map(({ id: _id, ...event }) => event));
      // Ids name the run (its ordinal) and the place in it: the second thread's runs come after the first's.
      expect(byTwo.every((e, i) => i === 0 || e.id > byTwo[i - 1]!.id)).toBe(true);
      expect(new Set(byTwo.map((e) => Math.floor(e.id / RUN_ID_STRIDE))).size).toBe(2);
      const entities = async (id: string) =>
        (await call('cases.open', { id })).entities.map(({ caseId: _c, ...e }) => e).sort((a, b) => a.id.localeCompare(b.id));
      expect(await entities(two)).toEqual(await entities(one));
      expect((await call('audit.verify', { caseId: two })).ok).toBe(true);
    });

    it('refuses the file for bad records in either part, naming each, and leaves no run file behind', async () => {
      const { dir, call, caseId } = await twoThreads();
      const file = path.join(dir, 'bad.plaso');
      writeFileSync(file, makePlasoStorage(1500, [10, 1400, 1450]));
      const before = await call('audit.list', { caseId });
      const result = await dispatch((await setupHandlers(call)).handlers, 'import.start', { taskId: 't', file, caseId });
      expect(result.ok).toBe(false);
      const message = !result.ok ? result.error.message : '';
      expect(message).toContain('bad.plaso: 3 invalid record(s)');
      for (const record of [10, 1400, 1450]) expect(message).toContain(`record ${record}, field "date_time"`);
      expect(await call('audit.list', { caseId })).toEqual(before);
      // The second thread wrote its runs before the refusal; they are gone with the first's.
      expect(readdirSyncOr(path.join(dir, 'cases', caseId, 'timeline'))).toEqual([]);
      // With skip-invalid, the good ones of both parts are imported.
      const { report } = await call('import.start', { taskId: 't2', file, caseId, skipInvalid: true });
      expect(report.counts.events).toBe(1497);
      expect(report.skipped.map((s) => s.position)).toEqual(['record 10', 'record 1400', 'record 1450']);
    });

    it('is cancelled as a whole: nothing committed, no run file of either thread left', async () => {
      const { dir, call, caseId, events } = await twoThreads();
      const file = path.join(dir, 'dc01.plaso');
      writeFileSync(file, makePlasoStorage(3000));
      const started = call('import.start', { taskId: 'c', file, caseId });
      // Cancelled once the second thread is under way.
      while (!events.some((e) => (e as { payload: { taskId?: string } }).payload?.taskId === 'c')) await new Promise((r) => setTimeout(r, 1));
      await call('import.cancel', { taskId: 'c' });
      await expect(started).rejects.toThrow(/cancelled/);
      expect((await call('cases.summary', { id: caseId })).counts).toMatchObject({ events: 0, evidence: 0 });
      expect(readdirSyncOr(path.join(dir, 'cases', caseId, 'timeline'))).toEqual([]);
    });
  });

  it('previews the first rows, the format, an estimate and the problems, committing nothing', async () => {
    const { dir, call, caseId } = await setup();
    const file = csv(dir, 'preview.csv', [row(1), row(2, 'bad'), ...Array.from({ length: 100 }, (_, i) => row(i + 3))]);
    const preview = await call('import.preview', { file });
    expect(preview).toMatchObject({ format: 'timesketch-csv', columns: ['message', 'datetime', 'timestamp_desc', 'hostname', 'username'] });
    expect(preview.rows[0]).toMatchObject({ time: '2024-05-01T10:00:01.000000Z', host: 'WKS-1', user: 'alice' });
    expect(preview.problems).toEqual([expect.stringContaining('line 3, field "datetime"')]);
    expect(preview.estimatedRecords).toBeGreaterThan(50);
    expect((await call('cases.summary', { id: caseId })).counts.events).toBe(0);
  });
});

async function setupHandlers(call: <M extends MethodName>(m: M, i: Input<M>) => Promise<Result<M>>) {
  // The engine under test answers through the same handlers; this only rebinds them for dispatch().
  return { handlers: new Proxy({}, { get: (_t, method: string) => (input: unknown) => call(method as MethodName, input as never) }) as Engine['handlers'] };
}
