import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { useTempDirs } from '../../../tests/unit/support/temp-dir';
import type { Engine } from '../engine';
import { vaultAt, type Call } from './package-test-kit';
import { Redactor } from './redaction';
import { PackageFilter } from './package-filter';
import { entityId } from '../import/entity-keys';
import { decodeEventEntities, encodeEventEntities, entityRecordsOf, type EventEntityTable } from '../cases/event-entity-table';
import { entityColumns } from './entity-lines';
import type { JournalRecord } from '../cases/records/journal-record';

const tempDir = useTempDirs();
const engines: Engine[] = [];
afterEach(async () => {
  for (const e of engines.splice(0)) await e.dispose();
});

describe('redaction of entity ids', () => {
  it('gives an entity of a redacted type the id of its placeholder everywhere it is named (its id is a hash of a guessable name)', () => {
    const r = new Redactor(['user']);
    const id = entityId('user', 'jdoe');
    const alert = { id: 'a1', entityIds: [id], entities: [{ id, type: 'user', key: 'jdoe', display: 'JDoe' }], links: { entities: [id] } };
    // Learned first (an export reads everything once before writing), so a reference before the entity is replaced too.
    r.deep(alert);
    const out = r.deep(alert) as typeof alert;
    expect(out.entities[0]).toEqual({ id: entityId('user', 'USER-1'), type: 'user', key: 'USER-1', display: 'USER-1' });
    expect(out.entityIds).toEqual([entityId('user', 'USER-1')]);
    expect(out.links.entities).toEqual([entityId('user', 'USER-1')]);
  });

  it('redacts the packed entity tables of older imports entity by entity, keeping them readable', () => {
    const lines = [
      { type: 'user', value: 'JDoe', key: 'jdoe', id: entityId('user', 'jdoe'), firstSeen: 1, lastSeen: 2, events: 3 },
      { type: 'filePath', value: 'C:\\Users\\jdoe\\x.exe', key: 'c:\\users\\jdoe\\x.exe', id: 'ent-path', firstSeen: 1, lastSeen: 2, events: 1 },
    ];
    const [table] = encodeEventEntities(
      'jdoe-laptop.csv',
      entityColumns(
        lines.map((l) => JSON.stringify(l)),
        'test',
      ),
    );
    const record = {
      seq: 2,
      at: '2024-05-01T00:00:00Z',
      actor: 'a',
      type: 'import.records',
      data: { importId: 'i1', eventEntities: table },
    } as unknown as JournalRecord;
    const filter = new PackageFilter(null, ['user']);
    filter.learnRecord(record);
    const redacted = (filter.record(record) as unknown as { data: { eventEntities: EventEntityTable } }).data.eventEntities;
    const entities = entityRecordsOf(decodeEventEntities(redacted), redacted.source, 'case');
    expect(entities.map((e) => [e.type, e.display, e.key, e.id])).toEqual([
      ['user', 'USER-1', 'USER-1', entityId('user', 'USER-1')],
      ['filePath', 'C:\\Users\\USER-1\\x.exe', 'c:\\users\\USER-1\\x.exe', 'ent-path'],
    ]);
    expect(redacted.source).toBe('USER-1-laptop.csv');
  });
});

describe('redaction of free text', () => {
  it('replaces a value where it stands as a word, whatever its case, with the placeholder of its field', () => {
    const r = new Redactor(['user']);
    expect(r.field('user', 'jdoe')).toBe('USER-1');
    expect(r.field('user', 'JDoe')).toBe('USER-1');
    expect(r.text('CORP\\JDOE logged on; jdoe@corp.example; C:\\Users\\jdoe\\x; jdoes and bjdoe stay')).toBe(
      'CORP\\USER-1 logged on; USER-1@corp.example; C:\\Users\\USER-1\\x; jdoes and bjdoe stay',
    );
    // Structure (ids, hashes, kinds) is never searched; free text in any other field is.
    expect(r.deep({ id: 'jdoe', type: 'note', text: 'ask jdoe', nested: [{ notes: 'jdoe again' }] })).toEqual({
      id: 'jdoe',
      type: 'note',
      text: 'ask USER-1',
      nested: [{ notes: 'USER-1 again' }],
    });
  });
});

/** A case where one user name is everywhere: events (user, message, attribute), entities, a note, live-response output, custody notes, an evidence path. */
async function caseNamingEveryone(call: Call, dir: string, name: string): Promise<string> {
  const caseId = (await call('cases.create', { title: 'Carried case' })).cases![0]!.id;
  const csv = path.join(dir, 'logons.csv');
  const rows = ['message,datetime,timestamp_desc,hostname,username,account'];
  for (let i = 0; i < 4; i++)
    rows.push(`Logon by ${name} on WKS-${i},2024-05-01T10:00:0${i}Z,Event Recorded,WKS-${i},${i % 2 ? name : 'svc-backup'},CORP\\${name}`);
  writeFileSync(csv, `${rows.join('\n')}\n`);
  await call('import.start', { taskId: 'csv', file: csv, caseId, format: 'timesketch-csv' });
  const root = path.join(dir, 'triage');
  mkdirSync(path.join(root, 'Users', name), { recursive: true });
  writeFileSync(path.join(root, 'Users', name, 'NTUSER.DAT'), 'registry hive');
  const item = (await call('evidence.add', { caseId, taskId: 'e', file: root, fields: { title: 'Triage of WKS-1' } })).result;
  await call('evidence.custody', { caseId, itemId: item.id, entry: { event: 'received', from: name, notes: `handed over by ${name.toUpperCase()}` } });
  await call('story.writeNote', { caseId, text: `Interviewed ${name}; CORP\\${name} denies the logons.` });
  await call('story.recordLive', {
    caseId,
    host: 'WKS-1',
    tool: 'PowerShell',
    startedAt: '2024-05-01T11:00:00Z',
    commands: [{ command: 'query user', output: ` USERNAME  SESSION\n>${name}  console` }],
  });
  return caseId;
}

const tools = existsSync('/usr/bin/age') && existsSync('/usr/bin/age-keygen');
describe.skipIf(!tools)('a package exported with --redact user', () => {
  it('holds the user name nowhere: grep over the unpacked tar finds it in no file and no file name', async () => {
    const a = await vaultAt(tempDir(), 'alice');
    engines.push(a.engine);
    const name = 'jdoe.contoso';
    const caseId = await caseNamingEveryone(a.call, a.dir, name);
    const key = path.join(a.dir, 'key.txt');
    execFileSync('/usr/bin/age-keygen', ['-o', key], { stdio: 'ignore' });
    const recipient = /public key: (age1[0-9a-z]+)/.exec(readFileSync(key, 'utf8'))![1]!;
    const file = path.join(a.dir, 'redacted.cbpkg');
    const { manifest } = await a.call('packages.export', { taskId: 'x', caseId, out: file, to: { recipients: [recipient] }, redact: ['user'] });
    expect(manifest.redaction).toEqual({ fields: ['user'], placeholders: { user: 2 }, freeText: true, evidenceContents: 'unchanged' });
    const out = path.join(a.dir, 'unpacked');
    mkdirSync(out);
    execFileSync('/bin/sh', ['-c', `age -d -i "${key}" "${file}" | tar -x -C "${out}"`]);
    // grep exits 1 when nothing matched.
    const grep = (args: string[]) => {
      try {
        return execFileSync('grep', args, { cwd: out, encoding: 'utf8' });
      } catch (err) {
        if ((err as { status?: number }).status === 1) return '';
        throw err;
      }
    };
    expect(grep(['-rilF', name, '.'])).toBe('');
    // Nor the id its user entity had (a hash anyone could recompute from a guessed name).
    expect(grep(['-rlF', entityId('user', name), '.'])).toBe('');
    expect(execFileSync('find', ['.'], { cwd: out, encoding: 'utf8' })).not.toMatch(new RegExp(name.replace('.', '\\.'), 'i'));
    // It was there to find: the placeholder stands where it stood, in every kind of text.
    const placed = grep(['-rlF', 'USER-2', '.']).split('\n').filter(Boolean).sort();
    expect(placed).toEqual(
      expect.arrayContaining(['./journal.jsonl', './manifest.json', expect.stringMatching(/^\.\/events\//), expect.stringMatching(/\.custody\.json$/)]),
    );
    expect(execFileSync('sha256sum', ['-c', '--quiet', 'SHA256SUMS'], { cwd: out, encoding: 'utf8' })).toBe('');
    const journal = readFileSync(path.join(out, 'journal.jsonl'), 'utf8');
    expect(journal).toContain('Interviewed USER-2; CORP\\\\USER-2 denies the logons.');
    expect(journal).toContain('>USER-2  console');
  });
});
