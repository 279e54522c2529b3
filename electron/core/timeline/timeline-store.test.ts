import { describe, expect, it, vi } from 'vitest';
import { randomBytes } from 'node:crypto';
import { promises as fsPromises, writeFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { TimelineEvent } from '../../../shared/domain/timeline';
import { AttributesJsonWriter, eventToRow } from './event-row';
import { TimelineWriter } from '../import/timeline-writer';
import { TIMELINE_DIR, type RunRef } from './run-files';
import { TimelineStore } from './timeline-store';
import { RunPool } from '../import/run-pool';
import { useTempDirs } from '../../../tests/unit/support/temp-dir';

const tempDir = useTempDirs();
const CASE = '11111111-2222-3333-4444-555555555555';
const HOUR = 3_600_000_000;
const T0 = Date.UTC(2024, 0, 1) * 1000;

function event(i: number, overrides: Partial<TimelineEvent> = {}): TimelineEvent {
  return {
    time: T0 + i * HOUR,
    timestampDesc: 'Event Recorded',
    message: `event number ${i} on host-${i % 3}`,
    source: i % 2 ? 'evtx' : 'syslog',
    host: `HOST-${i % 3}`,
    user: i % 5 === 0 ? 'alice' : 'bob',
    tags: i % 10 === 0 ? ['Suspicious'] : [],
    attributes: { index: String(i) },
    ...overrides,
  };
}

async function write(dir: string, key: Buffer, events: TimelineEvent[], importId: string, firstOrdinal: number, capacity = 4): Promise<RunRef[]> {
  const writer = new TimelineWriter({ caseDir: dir, caseId: CASE, key, firstOrdinal }, importId, new RunPool({ workerFile: null }), capacity);
  for (const e of events) if (writer.add(eventToRow(e))) await writer.flush();
  await writer.flush();
  return writer.runs;
}

describe('timeline store', () => {
  it('merges runs from several imports into one time order, with stable ids', async () => {
    const dir = tempDir();
    const key = randomBytes(32);
    // Two imports whose times interleave, each split into runs of 4, given out of order.
    const a = await write(
      dir,
      key,
      [5, 1, 3, 7, 9, 11, 13].map((i) => event(i)),
      'imp-a',
      0,
    );
    const b = await write(
      dir,
      key,
      [0, 2, 4, 6, 8, 10, 12].map((i) => event(i)),
      'imp-b',
      a.length,
    );
    const store = await TimelineStore.open(dir, CASE, key, [...a, ...b]);
    expect(store.count).toBe(14);
    const page = await store.page({}, 100);
    expect(page.events.map((e) => Number(e.attributes.index))).toEqual([...Array(14).keys()]);
    expect(new Set(page.events.map((e) => e.id)).size).toBe(14);
    // Every column moved with its event through the merge.
    expect(page.events.map((e) => [e.host, e.user, e.source, e.tags])).toEqual(
      [...Array(14).keys()].map((i) => [event(i).host, event(i).user, event(i).source, event(i).tags]),
    );
    const desc = await store.page({}, 3, 'desc');
    expect(desc.events.map((e) => e.attributes.index)).toEqual(['13', '12', '11']);
  });

  it('takes the runs of a later import in place: the same events, order and search as a store opened with all of them', async () => {
    const dir = tempDir();
    const key = randomBytes(32);
    const a = await write(
      dir,
      key,
      [5, 1, 3, 7, 9, 11, 13].map((i) => event(i)),
      'imp-a',
      0,
    );
    const b = await write(
      dir,
      key,
      [0, 2, 4, 6, 8, 10, 12].map((i) => event(i)),
      'imp-b',
      a.length,
    );
    const store = await TimelineStore.open(dir, CASE, key, a);
    // Searched once before, so the text of the first import is in the cache when the second comes.
    expect((await store.page({ text: 'event number 1 ' }, 10)).total).toBe(1);
    await store.addRuns(b);
    // A run it already holds (a store opened while the import committed) is not added twice.
    await store.addRuns([...a, ...b]);
    const whole = await TimelineStore.open(dir, CASE, key, [...a, ...b]);
    expect(store.count).toBe(14);
    expect(await store.page({}, 100)).toEqual(await whole.page({}, 100));
    expect(await store.page({ text: 'event number 1' }, 100)).toEqual(await whole.page({ text: 'event number 1' }, 100));
    expect(await store.facets({}, ['host', 'user'])).toEqual(await whole.facets({}, ['host', 'user']));
    store.close();
    whole.close();
  });

  it("merges a later import into the index it holds, reading only the new runs' columns", async () => {
    const dir = tempDir();
    const key = randomBytes(32);
    const a = await write(
      dir,
      key,
      [1, 3, 5].map((i) => event(i)),
      'imp-a',
      0,
    );
    const b = await write(
      dir,
      key,
      [0, 2, 4].map((i) => event(i)),
      'imp-b',
      a.length,
    );
    const store = await TimelineStore.open(dir, CASE, key, a);
    // The first import's columns are gone from disk: re-merging every run would have to read them.
    for (const ref of a) await fsPromises.rm(path.join(dir, TIMELINE_DIR, `${ref.name}.cols`));
    await store.addRuns(b);
    expect((await store.page({}, 100)).events.map((e) => e.attributes.index)).toEqual(['0', '1', '2', '3', '4', '5']);
    store.close();
  });

  it('gives back the attributes of CSV rows stored as segments of their text, beside rows stored as JSON', async () => {
    const dir = tempDir();
    const key = randomBytes(32);
    const writer = new AttributesJsonWriter([
      ['data_type', 1],
      ['source_ip', 2],
    ]);
    const timeline = new TimelineWriter({ caseDir: dir, caseId: CASE, key, firstOrdinal: 0 }, 'imp', new RunPool({ workerFile: null }), 4);
    const rows = [
      ['m0', 'fs:stat', '10.0.0.1'],
      ['m1', '', 'Zoë 😀'],
      ['m2', 'a\\b', ''],
      ['m3', 'x', 'y'],
      ['m4', 'tab\there', '10.0.0.2'],
    ];
    for (const [i, fields] of rows.entries()) {
      // Row 3 came from a record with a quote: no line, so it is written as JSON.
      const line = i === 3 ? undefined : fields.join(',');
      timeline.add({ ...eventToRow(event(i)), attributesJson: { writer, fields, line } });
    }
    await timeline.flush();
    const store = await TimelineStore.open(dir, CASE, key, timeline.runs);
    const page = await store.page({}, 10);
    expect(page.events.map((e) => e.attributes)).toEqual(rows.map((fields) => JSON.parse(writer.write(fields) || '{}')));
  });

  it('pages with a cursor until the end', async () => {
    const dir = tempDir();
    const key = randomBytes(32);
    const runs = await write(
      dir,
      key,
      [...Array(10).keys()].map((i) => event(i)),
      'imp',
      0,
    );
    const store = await TimelineStore.open(dir, CASE, key, runs);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof store.page>> = await store.page({ hosts: ['HOST-1'] }, 2, 'asc', cursor);
      expect(page.total).toBe(3);
      seen.push(...page.events.map((e) => e.attributes.index!));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(['1', '4', '7']);
  });

  it('counts a histogram over a time range, whole and split by source', async () => {
    const dir = tempDir();
    const key = randomBytes(32);
    const runs = await write(
      dir,
      key,
      [...Array(12).keys()].map((i) => event(i)),
      'imp',
      0,
    );
    const store = await TimelineStore.open(dir, CASE, key, runs);
    const h = await store.histogram({ from: T0, to: T0 + 12 * HOUR }, 4);
    expect(h.counts).toEqual([3, 3, 3, 3]);
    const split = await store.histogram({ from: T0, to: T0 + 12 * HOUR }, 2, 'source');
    expect(split.series).toEqual(
      expect.arrayContaining([
        { value: 'evtx', counts: [3, 3] },
        { value: 'syslog', counts: [3, 3] },
      ]),
    );
    const filtered = await store.histogram({ from: T0, to: T0 + 12 * HOUR, users: ['alice'] }, 2);
    expect(filtered.counts).toEqual([2, 1]);
  });

  it('stacks by a field: the values with the most events, the rest as (other); by tag, an event under each of its tags', async () => {
    const dir = tempDir();
    const key = randomBytes(32);
    // HOST-0, HOST-1 and HOST-2 have 4 events each (ties ranked by name), LAPTOP-9 one.
    const events = [...Array(12).keys()].map((i) => event(i, { tags: i < 3 ? ['logon', 'remote'] : i < 5 ? ['logon'] : [] }));
    events.push(event(12, { host: 'LAPTOP-9' }));
    const store = await TimelineStore.open(dir, CASE, key, await write(dir, key, events, 'imp', 0));
    const span = { from: T0, to: T0 + 13 * HOUR };
    const byHost = await store.histogram(span, 1, 'host', 2);
    expect(byHost.series).toEqual([
      { value: 'HOST-0', counts: [4] },
      { value: 'HOST-1', counts: [4] },
      { value: '(other)', counts: [5] },
    ]);
    const byTag = await store.histogram(span, 1, 'tag', 5);
    expect(byTag.series).toEqual([
      { value: '', counts: [8] },
      { value: 'logon', counts: [5] },
      { value: 'remote', counts: [3] },
    ]);
    // The series of a filtered stacking add up to the filtered total.
    const filtered = await store.histogram({ ...span, users: ['bob'] }, 3, 'source');
    expect(filtered.series!.reduce((n, s) => n + s.counts.reduce((a, b) => a + b, 0), 0)).toBe(filtered.total);
  });

  it('searches messages case-insensitively, including non-ASCII text', async () => {
    const dir = tempDir();
    const key = randomBytes(32);
    const runs = await write(
      dir,
      key,
      [event(0, { message: 'Logon by ÄDMIN from 10.0.0.5' }), event(1, { message: 'powershell -enc AAAA' }), event(2, { message: 'POWERSHELL.exe started' })],
      'imp',
      0,
    );
    const store = await TimelineStore.open(dir, CASE, key, runs);
    expect((await store.page({ text: 'PowerShell' }, 10)).events.map((e) => e.attributes.index)).toEqual(['1', '2']);
    expect((await store.page({ text: 'ädmin' }, 10)).total).toBe(1);
    expect((await store.page({ text: 'nothing-like-this' }, 10)).total).toBe(0);
  });

  it('skips, once their text has been read, the runs that cannot hold a phrase, with the same results', async () => {
    const dir = tempDir();
    const key = randomBytes(32);
    // Three runs of four events; the rare phrase is in the middle one.
    const events = Array.from({ length: 12 }, (_, i) => event(i, { message: i === 5 ? 'Rare beacon to evil.example' : `routine logon ${i}` }));
    const runs = await write(dir, key, events, 'imp', 0);
    expect(runs).toHaveLength(3);
    const reads = vi.spyOn(fsPromises, 'readFile');
    /** How many events match, and how many run texts the search read (a histogram reads no event details). */
    const search = async (text: string) => {
      reads.mockClear();
      const { total } = await store.histogram({ text }, 1);
      return { total, textReads: reads.mock.calls.filter(([file]) => String(file).endsWith('.text')).length };
    };
    // A text budget of one byte: only the run read last stays in memory, so a search must decrypt the others again.
    const store = await TimelineStore.open(dir, CASE, key, runs, { textBudgetBytes: 1 });
    // The first run's text was read when the case opened (the cache is warmed in the background); the search reads the other two.
    expect(await search('BEACON')).toEqual({ total: 1, textReads: 2 });
    // The first run cannot hold "evil.example" and is skipped; the middle one is read again; the last is still in memory.
    expect(await search('Evil.Example')).toEqual({ total: 1, textReads: 1 });
    expect(await search('no such phrase')).toEqual({ total: 0, textReads: 0 });
    // A phrase under three bytes cannot be judged by the filter: every run is read (each evicting the one before).
    expect(await search('1')).toEqual({ total: 3, textReads: 3 });
    expect((await store.page({ text: 'evil.EXAMPLE' }, 10)).events.map((e) => e.attributes.index)).toEqual(['5']);
    reads.mockRestore();
    store.close();
  });

  it('counts facets with filters, tags expanded', async () => {
    const dir = tempDir();
    const key = randomBytes(32);
    const runs = await write(
      dir,
      key,
      [...Array(20).keys()].map((i) => event(i)),
      'imp',
      0,
    );
    const store = await TimelineStore.open(dir, CASE, key, runs);
    const [hosts, tags] = await store.facets({ sources: ['evtx'] }, ['host', 'tag']);
    expect(hosts!.values.reduce((s, v) => s + v.count, 0)).toBe(10);
    expect(tags!.values).toEqual([]);
    const [allTags] = await store.facets({}, ['tag']);
    expect(allTags!.values).toEqual([{ value: 'Suspicious', count: 2 }]);
    expect((await store.page({ tags: ['suspicious'] }, 10)).total).toBe(2);
    expect((await store.page({ entity: 'host-2' }, 10)).total).toBe(6);
  });

  it('refuses a run file that was swapped or damaged', async () => {
    const dir = tempDir();
    const key = randomBytes(32);
    const runs = await write(
      dir,
      key,
      [...Array(8).keys()].map((i) => event(i)),
      'imp',
      0,
    );
    const [first, second] = runs;
    const tdir = path.join(dir, TIMELINE_DIR);
    writeFileSync(path.join(tdir, `${first!.name}.cols`), readFileSync(path.join(tdir, `${second!.name}.cols`)));
    await expect(TimelineStore.open(dir, CASE, key, runs)).rejects.toMatchObject({ code: 'corrupt' });
  });
});
