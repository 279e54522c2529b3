import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TEST_KDF, useTempDirs } from '../../../tests/unit/support/temp-dir';
import { Engine } from '../engine';
import { dispatch } from '../../../shared/ipc/dispatch';
import { unwrap } from '../../../shared/ipc/errors';
import type { JournalRecord } from '../cases/records/journal-record';
import { RUN_ID_STRIDE } from '../timeline/run-builder';
import { richCase, vaultAt, type Call } from './package-test-kit';
import { curate, journalOf } from './evidence-test-kit';
import { evidencePartName } from './evidence-names';

const tempDir = useTempDirs();
const engines: Engine[] = [];
afterEach(async () => {
  for (const e of engines.splice(0)) await e.dispose();
});

async function twoVaults() {
  const a = await vaultAt(tempDir(), 'alice');
  const b = await vaultAt(tempDir(), 'bob');
  engines.push(a.engine, b.engine);
  return { a, b };
}

/** Every event of a case by its id, as the analyst sees it (without the id). */
async function eventsById(call: Call, caseId: string): Promise<Map<number, string>> {
  const { events } = await call('timeline.page', { caseId, limit: 1000 });
  return new Map(events.map(({ id, ...e }) => [id, JSON.stringify(e)]));
}

/**
 * A record as it must come through a package: kind, actor, time and payload, with what an import must change
 * replaced by what it stands for: an event id by the event it names, an import's run files by their counts,
 * evidence blob keys left out (the new vault seals the files under keys of its own).
 */
function comparable(r: JournalRecord, events: Map<number, string>): unknown {
  const walk = (v: unknown, key: string): unknown => {
    if (Array.isArray(v)) return v.map((x) => walk(x, key));
    if (typeof v === 'number' && key === 'eventId') return events.get(v) ?? `unknown event ${v}`;
    if (v === null || typeof v !== 'object') return v;
    const o = v as Record<string, unknown>;
    if (o.kind === 'event' && typeof o.id === 'number') return { kind: 'event', event: events.get(o.id) ?? `unknown event ${o.id}` };
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(o)) {
      if (k === 'blobKey') out[k] = x === null ? null : 'a key';
      else if (k === 'runs') out[k] = (x as { count: number }[]).map((run) => run.count);
      else if (k === 'entityPages') out[k] = (x as unknown[]).length;
      else out[k] = walk(x, k);
    }
    return out;
  };
  return { seq: r.seq, type: r.type, actor: r.actor, at: r.at, data: walk(r.data, '') };
}

describe('evidence carried in a case package', () => {
  it('round trip: events, entities, actions, evidence with custody, story and notes arrive with the same records and audit history; the evidence re-verifies', async () => {
    const { a, b } = await twoVaults();
    const caseId = await richCase(a.call, a.dir);
    const curated = await curate(a.call, a.dir, caseId);
    const bob = (await b.call('identity.show', {})).identity.ageRecipient;
    const file = path.join(a.dir, 'case.cbpkg');
    const exported = await a.call('packages.export', { taskId: 'x', caseId, out: file, to: { recipients: [bob] }, sign: true });
    expect(exported.evidence).toEqual({ items: 3, files: 6, bytes: curated.file.length + [...curated.folder.values()].reduce((n, f) => n + f.length, 0) });
    // Blob keys never leave the vault: the package carries the files instead.
    expect(readFileSync(file).includes(Buffer.from('blobKey'))).toBe(false);

    const verification = await b.call('packages.verify', { file });
    expect(verification.firstFailure).toBeNull();
    expect(verification.checks.find((c) => c.name === 'evidence')?.detail).toMatch(
      /^3 item\(s\); 6 file\(s\), \d+ bytes, each hashing to the SHA-256 it was ingested with/,
    );

    const { result } = await b.call('packages.import', { file });
    expect(result).toMatchObject({ outcome: 'imported', caseId, evidence: exported.evidence });

    const [before, after] = [await journalOf(a.engine, caseId), await journalOf(b.engine, caseId)];
    const [eventsA, eventsB] = [await eventsById(a.call, caseId), await eventsById(b.call, caseId)];
    expect(after.slice(0, -1).map((r) => comparable(r, eventsB))).toEqual(before.map((r) => comparable(r, eventsA)));
    expect(after.at(-1)).toMatchObject({ type: 'package.imported', actor: 'bob' });
    const audit = async (call: Call) => (await call('audit.list', { caseId })).map(({ seq, at, actor, type, changes }) => ({ seq, at, actor, type, changes }));
    expect((await audit(b.call)).slice(0, -1)).toEqual(await audit(a.call));

    // Matches, stars and notes point at the imported events, not at ids of the old vault.
    const matches = await b.call('matches.list', { caseId });
    const eventMatches = matches.matches.filter((m) => m.place === 'event');
    expect(eventMatches.length).toBeGreaterThan(0);
    for (const m of eventMatches) expect(eventsB.get(m.eventId!)).toContain('198.51.100.3');
    const [storyA, storyB] = [await a.call('story.get', { caseId }), await b.call('story.get', { caseId })];
    expect(storyB.annotations.map((n) => eventsB.get(n.eventId))).toEqual(storyA.annotations.map((n) => eventsA.get(n.eventId)));
    expect(storyB.notes.length).toBe(storyA.notes.length);
    expect((await b.call('actions.list', { caseId })).actions).toEqual((await a.call('actions.list', { caseId })).actions);

    // The evidence is in the new vault's blob store, sealed anew, and re-verifies there.
    const listed = await b.call('evidence.list', { caseId });
    expect(listed.map((r) => [r.id, r.sha256])).toEqual((await a.call('evidence.list', { caseId })).map((r) => [r.id, r.sha256]));
    for (const itemId of [curated.items.file, curated.items.folder]) {
      expect((await b.call('evidence.verify', { caseId, itemId })).result).toMatchObject({ result: 'match', problems: [] });
    }
    const out = path.join(b.dir, 'memory.raw');
    await b.call('evidence.export', { caseId, itemId: curated.items.file, out });
    expect(readFileSync(out).equals(curated.file)).toBe(true);
    expect((await b.call('audit.verify', { caseId })).ok).toBe(true);
  });

  it('keeps both under a new case id: the blobs are bound to the new case, and re-verify', async () => {
    const { a, b } = await twoVaults();
    const caseId = await richCase(a.call, a.dir);
    const curated = await curate(a.call, a.dir, caseId);
    const file = path.join(a.dir, 'case.cbpkg');
    await a.call('packages.export', { taskId: 'x', caseId, out: file, to: { recipients: [(await b.call('identity.show', {})).identity.ageRecipient] } });
    await b.call('packages.import', { file });
    const copy = (await b.call('packages.import', { file, duplicate: 'keep-both' })).result.caseId!;
    expect(copy).not.toBe(caseId);
    const item = (await b.call('evidence.get', { caseId: copy, itemId: curated.items.folder })).item;
    expect(item.caseId).toBe(copy);
    expect((await b.call('evidence.verify', { caseId: copy, itemId: curated.items.folder })).result.result).toBe('match');
    // Event ids of the copy name its own runs.
    const { matches } = await b.call('matches.list', { caseId: copy });
    const ordinals = new Set(matches.filter((m) => m.eventId !== null).map((m) => Math.floor(m.eventId! / RUN_ID_STRIDE)));
    const events = await eventsById(b.call, copy);
    for (const m of matches.filter((x) => x.eventId !== null)) expect(events.has(m.eventId!)).toBe(true);
    expect(ordinals.size).toBeGreaterThan(0);
  });

  it('a selection of evidence carries only those items: a by-reference item brings its records and custody, no file', async () => {
    const { a, b } = await twoVaults();
    const caseId = await richCase(a.call, a.dir);
    const curated = await curate(a.call, a.dir, caseId);
    const file = path.join(a.dir, 'part.cbpkg');
    const recipient = (await b.call('identity.show', {})).identity.ageRecipient;
    const selection = { evidence: [curated.items.reference, curated.items.file] };
    const exported = await a.call('packages.export', { taskId: 'x', caseId, out: file, to: { recipients: [recipient] }, selection });
    expect(exported.evidence).toEqual({ items: 2, files: 1, bytes: curated.file.length });
    expect(exported.manifest.parts.filter((p) => p.kind === 'evidence').map((p) => p.itemId)).toEqual([curated.items.file]);
    expect(exported.manifest.parts.filter((p) => p.kind === 'custody').map((p) => p.itemId)).toEqual([curated.items.file, curated.items.reference]);
    const { result } = await b.call('packages.import', { file });
    const ids = (await b.call('evidence.list', { caseId: result.caseId! })).filter((r) => r.origin === 'item');
    expect(ids.map((r) => r.id).sort()).toEqual([curated.items.file, curated.items.reference].sort());
    const custody = (await b.call('evidence.get', { caseId: result.caseId!, itemId: curated.items.reference })).custody;
    expect(custody).toMatchObject([{ event: 'stored', where: 'Safe 3', hashVerified: 'match' }]);
  });
});

describe('an export carrying evidence', () => {
  it('reports the evidence bytes written as task progress', async () => {
    const dir = tempDir();
    const progress: unknown[] = [];
    const engine = new Engine({ vaultDir: path.join(dir, 'vault'), actor: 'alice', kdf: TEST_KDF }, (event, payload) => {
      if (event === 'task.progress') progress.push(payload);
    });
    engines.push(engine);
    const call: Call = async (method, input) => unwrap(await dispatch(engine.handlers, method, input)) as never;
    await call('vault.create', { passphrase: 'progress test passphrase' });
    const caseId = (await call('cases.create', { title: 'Progress' })).cases![0]!.id;
    const file = path.join(dir, 'image.raw');
    writeFileSync(file, Buffer.alloc(3 * 1024 * 1024 + 5, 7));
    await call('evidence.add', { caseId, taskId: 'e', file, fields: { title: 'Image' } });
    const recipient = (await call('identity.show', {})).identity.ageRecipient;
    await call('packages.export', { taskId: 'pkg', caseId, out: path.join(dir, 'p.cbpkg'), to: { recipients: [recipient] } });
    const size = 3 * 1024 * 1024 + 5;
    expect(progress).toContainEqual({ taskId: 'pkg', label: 'Exporting evidence files', done: size, total: size, unit: 'bytes' });
  });
});

describe('records about events, carried in a selective package', () => {
  it('point at the same events in the new case, whose ids differ; those about events left out stay behind', async () => {
    const { a, b } = await twoVaults();
    const caseId = await richCase(a.call, a.dir);
    await a.call('matches.run', { caseId });
    const eventsA = await eventsById(a.call, caseId);
    const idOf = (prefix: string) => [...eventsA].find(([, e]) => e.includes(`"message":"${prefix}`))![0];
    await a.call('story.annotate', { caseId, eventId: idOf('Connection 4'), star: true });
    await a.call('story.annotate', { caseId, eventId: idOf('Connection 0'), star: true });
    await a.call('story.writeNote', { caseId, target: { kind: 'event', id: idOf('Connection 3') }, text: 'the C2 address' });
    // Only the CSV's events (the alerts' import left out), seconds 2 to 4: the new case's only run holds them from index 0.
    const csv = (await a.call('evidence.list', { caseId })).find((r) => r.title === 'proxy.csv')!;
    const selection = { evidence: [csv.id], events: { from: '2024-05-01T10:00:02Z', to: '2024-05-01T10:00:05Z' } };
    const file = path.join(a.dir, 'part.cbpkg');
    const recipient = (await b.call('identity.show', {})).identity.ageRecipient;
    await a.call('packages.export', { taskId: 'x', caseId, out: file, to: { recipients: [recipient] }, selection });
    const copy = (await b.call('packages.import', { file })).result.caseId!;
    const eventsB = await eventsById(b.call, copy);
    const matched = (await b.call('matches.list', { caseId: copy })).matches.filter((m) => m.place === 'event');
    expect(matched).toHaveLength(1);
    expect(matched[0]!.eventId).not.toBe(idOf('Connection 3'));
    expect(eventsB.get(matched[0]!.eventId!)).toBe(eventsA.get(idOf('Connection 3')));
    const story = await b.call('story.get', { caseId: copy });
    expect(story.annotations.map((n) => eventsB.get(n.eventId))).toEqual([eventsA.get(idOf('Connection 4'))]);
    expect(story.notes.map((n) => n.target.kind === 'event' && eventsB.get(n.target.id))).toEqual([eventsA.get(idOf('Connection 3'))]);
  });
});

const tools = existsSync('/usr/bin/age') && existsSync('/usr/bin/age-keygen');
describe.skipIf(!tools)("evidence files opened without Casebook (Debian's age, tar, sha256sum)", () => {
  it('unpack as the files that were ingested, listed in SHA256SUMS (sha256sum -c passes) with a custody file per item', async () => {
    const { a } = await twoVaults();
    const caseId = await richCase(a.call, a.dir);
    const curated = await curate(a.call, a.dir, caseId);
    const key = path.join(a.dir, 'key.txt');
    execFileSync('/usr/bin/age-keygen', ['-o', key], { stdio: 'ignore' });
    const recipient = /public key: (age1[0-9a-z]+)/.exec(readFileSync(key, 'utf8'))![1]!;
    const file = path.join(a.dir, 'case.cbpkg');
    await a.call('packages.export', { taskId: 'x', caseId, out: file, to: { recipients: [recipient] } });
    const out = path.join(a.dir, 'unpacked');
    mkdirSync(out);
    execFileSync('/bin/sh', ['-c', `age -d -i "${key}" "${file}" | tar -x -C "${out}"`]);
    const checked = execFileSync('sha256sum', ['-c', '--strict', 'SHA256SUMS'], { cwd: out, encoding: 'utf8' });
    expect(checked).toContain(`${evidencePartName(curated.items.file, 'memory.raw')}: OK`);
    expect(checked).toContain(`evidence/${curated.items.folder}/résumé ü.txt: OK`);
    expect(checked.split('\n').filter((l) => l.startsWith('evidence/') && l.endsWith(': OK'))).toHaveLength(9);
    expect(readFileSync(path.join(out, 'evidence', curated.items.file, 'memory.raw')).equals(curated.file)).toBe(true);
    for (const [rel, bytes] of curated.folder)
      expect(readFileSync(path.join(out, 'evidence', curated.items.folder, ...rel.split('/'))).equals(bytes)).toBe(true);
    expect(readdirSync(path.join(out, 'evidence')).filter((n) => n.endsWith('.custody.json'))).toHaveLength(3);
    const custody = JSON.parse(readFileSync(path.join(out, 'evidence', `${curated.items.file}.custody.json`), 'utf8')) as {
      item: { title: string; hashes: { sha256: string } };
      custody: { event: string; notes: string | null }[];
    };
    expect(custody.item.title).toBe('WKS-0 memory');
    expect(custody.custody.map((c) => c.event)).toEqual(['transferred']);
    const sha = execFileSync('sha256sum', [path.join(out, 'evidence', curated.items.file, 'memory.raw')], { encoding: 'utf8' }).split(' ')[0];
    expect(custody.item.hashes.sha256).toBe(sha);
  });
});
