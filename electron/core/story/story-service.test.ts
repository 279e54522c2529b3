import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { Engine } from '../engine';
import { dispatch } from '../../../shared/ipc/dispatch';
import { unwrap } from '../../../shared/ipc/errors';
import type { Input, MethodName, Result } from '../../../shared/ipc/contract';
import { useTempDirs, TEST_KDF } from '../../../tests/unit/support/temp-dir';

const tempDir = useTempDirs();
const PASS = 'story service test';

function engineOn(dir: string) {
  const engine = new Engine({ vaultDir: dir, actor: 'tester', kdf: TEST_KDF });
  const raw = <M extends MethodName>(method: M, input: Input<M>) => dispatch(engine.handlers, method, input);
  const call = async <M extends MethodName>(method: M, input: Input<M>): Promise<Result<M>> => unwrap(await raw(method, input)) as Result<M>;
  return { engine, raw, call };
}

/** A case with a three-event timeline; its events as the timeline pages them. */
async function setup() {
  const dir = tempDir();
  const { engine, raw, call } = engineOn(dir);
  await call('vault.create', { passphrase: PASS });
  const caseId = (await call('cases.create', { title: 'Story' })).cases![0]!.id;
  const file = path.join(dir, 'events.csv');
  const rows = [
    'message,datetime,timestamp_desc,hostname,username',
    `"powershell -enc ${'A'.repeat(700)}",2026-03-04T10:00:00+00:00,Event Recorded,WKS-1,alice`,
    'lsass.exe read by procdump.exe,2026-03-04T10:05:00+00:00,Event Recorded,WKS-1,alice',
    'logon from 203.0.113.9,2026-03-04T10:07:00+00:00,Event Recorded,SRV-2,bob',
  ];
  writeFileSync(file, rows.join('\n') + '\n');
  await call('import.start', { taskId: 't', file, caseId });
  const { events } = await call('timeline.page', { caseId, limit: 10 });
  return { dir, engine, raw, call, caseId, events };
}

describe('event annotations', () => {
  it('stars, flags and tags an event in one audited record that keeps a snapshot of it', async () => {
    const { call, caseId, events } = await setup();
    const first = events[0]!;
    const { annotation, changes } = await call('story.annotate', { caseId, eventId: first.id, star: true, flag: true, addTags: ['execution'] });
    expect(annotation).toMatchObject({ eventId: first.id, starred: true, flagged: true, tags: ['execution'], updated: { actor: 'tester' } });
    // The snapshot: the time, host, user and source, the message cut to 500 characters.
    expect(annotation!.event).toEqual({ time: first.time, message: first.message.slice(0, 500), host: 'WKS-1', user: 'alice', source: first.source });
    expect(annotation!.event.message).toHaveLength(500);
    expect(changes.audit[0]).toMatchObject({ type: 'event.annotated', actor: 'tester' });
    expect(changes.audit[0]!.changes).toEqual([
      { field: `event ${first.id} starred`, from: null, to: true },
      { field: `event ${first.id} flagged for the report`, from: null, to: true },
      { field: `event ${first.id} tags`, from: null, to: '+execution' },
    ]);

    // A later record changes only what it names; an event with no mark left leaves the story.
    await call('story.annotate', { caseId, eventId: first.id, flag: false, removeTags: ['execution'] });
    expect((await call('story.get', { caseId })).annotations).toMatchObject([{ eventId: first.id, starred: true, flagged: false, tags: [] }]);
    await call('story.annotate', { caseId, eventId: first.id, star: false });
    expect((await call('story.get', { caseId })).annotations).toEqual([]);
    expect((await call('audit.list', { caseId })).filter((e) => e.type === 'event.annotated')).toHaveLength(3);
  });

  it('links an event to an entity of the case, and refuses an unknown event, entity or alert, changing nothing', async () => {
    const { raw, call, caseId, events } = await setup();
    const device = (await call('entities.list', { caseId, types: ['device'], text: 'WKS-1' })).rows[0]!;
    const { annotation } = await call('story.annotate', { caseId, eventId: events[1]!.id, linkEntities: [device.id] });
    expect(annotation!.entityIds).toEqual([device.id]);

    const revision = (await call('cases.summary', { id: caseId })).revision;
    const noEvent = await raw('story.annotate', { caseId, eventId: 999_999_999, star: true });
    expect(noEvent).toMatchObject({ ok: false, error: { code: 'not-found', message: expect.stringContaining('has no timeline event 999999999') } });
    const noEntity = await raw('story.annotate', { caseId, eventId: events[1]!.id, linkEntities: ['ent-nope'] });
    expect(noEntity).toMatchObject({ ok: false, error: { message: expect.stringContaining('has no entity ent-nope; nothing was changed') } });
    const noAlert = await raw('story.annotate', { caseId, eventId: events[1]!.id, linkAlerts: ['alr-nope'] });
    expect(noAlert).toMatchObject({ ok: false, error: { message: expect.stringContaining('has no alert alr-nope') } });
    const nothing = await raw('story.annotate', { caseId, eventId: events[1]!.id });
    expect(nothing).toMatchObject({ ok: false, error: { code: 'invalid-input', message: expect.stringContaining('say what to change') } });
    expect((await call('cases.summary', { id: caseId })).revision).toBe(revision);
  });
});

describe('notes', () => {
  it('writes notes on the case and on an event, keeps every earlier text of an edited note, and counts notes', async () => {
    const { call, caseId, events } = await setup();
    const { note } = await call('story.writeNote', { caseId, text: '# Scope\nTwo hosts so far.' });
    expect(note).toMatchObject({ target: { kind: 'case' }, text: '# Scope\nTwo hosts so far.', event: null, history: [] });
    const onEvent = await call('story.writeNote', { caseId, target: { kind: 'event', id: events[2]!.id }, text: 'First logon from the **VPN pool**.' });
    expect(onEvent.note.event).toMatchObject({ host: 'SRV-2', message: 'logon from 203.0.113.9' });

    const edited = await call('story.writeNote', { caseId, noteId: note.id, text: '# Scope\nThree hosts.' });
    expect(edited.note).toMatchObject({ id: note.id, text: '# Scope\nThree hosts.', target: { kind: 'case' } });
    expect(edited.note.history).toEqual([{ text: '# Scope\nTwo hosts so far.', by: note.created }]);
    expect(edited.changes.audit[0]).toMatchObject({ type: 'note.written', changes: [{ field: `note ${note.id} on the case`, to: '# Scope\nThree hosts.' }] });

    // An edit is not a new note.
    expect((await call('cases.summary', { id: caseId })).counts.notes).toBe(2);
    expect((await call('story.get', { caseId })).notes.map((n) => n.text)).toEqual(['# Scope\nThree hosts.', 'First logon from the **VPN pool**.']);
  });

  it('refuses an empty note, a note on an unknown alert and an edit of an unknown note, naming the field', async () => {
    const { raw, caseId } = await setup();
    expect(await raw('story.writeNote', { caseId, text: '   ' })).toMatchObject({ ok: false, error: { message: 'story.writeNote: text: the note is empty' } });
    expect(await raw('story.writeNote', { caseId, target: { kind: 'alert', id: 'alr-x' }, text: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'not-found', message: expect.stringContaining('has no alert alr-x') },
    });
    expect(await raw('story.writeNote', { caseId, noteId: 'note-x', text: 'x' })).toMatchObject({
      ok: false,
      error: { message: expect.stringContaining('noteId: case') },
    });
  });
});

describe('live-response sessions', () => {
  it('records a session with its commands, kept across a new engine (the journal is the record)', async () => {
    const { dir, engine, call, caseId } = await setup();
    const dump = (await call('evidence.addRef', { caseId, fields: { title: 'lsass.dmp' }, hashes: { sha256: 'e'.repeat(64) } })).result.id;
    const { session } = await call('story.recordLive', {
      caseId,
      host: 'WKS-1',
      tool: 'Defender Live Response',
      operator: 'carol',
      startedAt: '2026-03-04T11:00:00Z',
      endedAt: '2026-03-04T11:20:00Z',
      commands: [{ command: 'processes', output: 'lsass.exe 712' }],
      evidenceIds: [dump, dump],
    });
    expect(session).toMatchObject({ host: 'WKS-1', operator: 'carol', evidenceIds: [dump], recorded: { actor: 'tester' }, transcript: null });
    await engine.dispose();

    const again = engineOn(dir);
    await again.call('vault.unlock', { passphrase: PASS });
    const story = await again.call('story.get', { caseId });
    expect(story.sessions).toEqual([session]);
    await again.engine.dispose();
  });

  it('takes the analyst as the operator when none is named, and refuses a session that ends before it starts', async () => {
    const { raw, call, caseId } = await setup();
    expect((await call('story.recordLive', { caseId, host: 'SRV-2', tool: 'ssh', startedAt: '2026-03-04T11:00:00Z' })).session.operator).toBe('tester');
    const backwards = await raw('story.recordLive', { caseId, host: 'SRV-2', tool: 'ssh', startedAt: '2026-03-04T11:00:00Z', endedAt: '2026-03-04T10:00:00Z' });
    expect(backwards).toMatchObject({ ok: false, error: { message: 'story.recordLive: endedAt: the session ends before it starts' } });
  });
});

describe("the timeline filtered by the analyst's marks", () => {
  it('answers pages, histogram and facets with only the starred, flagged or story-tagged events, and follows new marks', async () => {
    const { call, caseId, events } = await setup();
    await call('story.annotate', { caseId, eventId: events[0]!.id, star: true });
    await call('story.annotate', { caseId, eventId: events[1]!.id, flag: true });
    await call('story.annotate', { caseId, eventId: events[2]!.id, addTags: ['lateral'] });
    const ids = async (marks: ('starred' | 'flagged' | 'tagged')[]) => (await call('timeline.page', { caseId, filter: { marks } })).events.map((e) => e.id);

    expect(await ids(['starred'])).toEqual([events[0]!.id]);
    expect(await ids(['flagged'])).toEqual([events[1]!.id]);
    expect(await ids(['tagged'])).toEqual([events[2]!.id]);
    // Any of the marks named passes; other filters still apply on top.
    expect(await ids(['starred', 'tagged'])).toEqual([events[0]!.id, events[2]!.id]);
    expect((await call('timeline.page', { caseId, filter: { marks: ['starred', 'tagged'], hosts: ['SRV-2'] } })).events.map((e) => e.id)).toEqual([
      events[2]!.id,
    ]);
    // The histogram and the facets count the same events as the table.
    const histogram = await call('timeline.histogram', { caseId, filter: { marks: ['starred', 'flagged'] }, bins: 4 });
    expect(histogram.total).toBe(2);
    const [hosts] = await call('timeline.facets', { caseId, filter: { marks: ['starred', 'flagged'] }, fields: ['host'] });
    expect(hosts!.values).toEqual([{ value: 'WKS-1', count: 2 }]);

    // A new star is in the next answer; an unstarred event leaves it.
    await call('story.annotate', { caseId, eventId: events[2]!.id, star: true });
    await call('story.annotate', { caseId, eventId: events[0]!.id, star: false });
    expect(await ids(['starred'])).toEqual([events[2]!.id]);
  });
});
