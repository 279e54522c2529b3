import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { useTempDirs } from '../../../tests/unit/support/temp-dir';
import type { Engine } from '../engine';
import { richCase, vaultAt, type Call } from './package-test-kit';

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

/** Everything an analyst sees of a case, without the ids and tags that name where it is stored. */
async function caseView(call: Call, caseId: string) {
  const summary = await call('cases.summary', { id: caseId });
  const { case: c, counts } = summary;
  const audit = (await call('audit.list', { caseId })).map(({ seq, at, actor, type, changes }) => ({ seq, at, actor, type, changes }));
  const page = await call('timeline.page', { caseId, limit: 1000 });
  const events = page.events.map(({ id: _id, ...e }) => e);
  const entities = (await call('entities.list', { caseId, limit: 1000 })).rows;
  const alerts = await call('alerts.list', { caseId });
  const indicators = (await call('indicators.list', { caseId })).indicators.map(({ caseId: _c, ...i }) => i);
  return { fields: { title: c.title, severity: c.severity, status: c.status, createdAt: c.createdAt }, counts, audit, events, entities, alerts, indicators };
}

describe('a case carried from one vault to another as a package', () => {
  it('arrives with the same records, events, entities and audit history, signed by a known examiner, plus where it came from', async () => {
    const { a, b } = await twoVaults();
    const caseId = await richCase(a.call, a.dir);
    const bob = await b.call('identity.export', {});
    await a.call('identity.trust', { text: bob.text });
    await b.call('identity.trust', { text: (await a.call('identity.export', {})).text, name: 'Alice (consultant)' });

    const file = path.join(a.dir, 'case.cbpkg');
    const exported = await a.call('packages.export', { taskId: 'x', caseId, out: file, to: { recipients: [bob.identity.ageRecipient] }, sign: true });
    // Six timeline events and the two the alert brings (its first and last activity).
    expect(exported).toMatchObject({ signed: true, events: 8 });
    expect(exported.manifest.journal.caseHead).toBe((await a.call('audit.verify', { caseId })).head);

    const verification = await b.call('packages.verify', { file });
    expect(verification.firstFailure).toBeNull();
    expect(verification.checks.map((c) => c.name)).toEqual(
      expect.arrayContaining(['decrypt', 'structure', 'manifest', 'SHA256SUMS', 'journal chain', 'events', 'signature']),
    );
    expect(verification.signer).toMatchObject({ name: 'Alice (consultant)', known: true, self: false });

    const { result } = await b.call('packages.import', { file });
    expect(result).toMatchObject({ outcome: 'imported', caseId, sourceCaseId: caseId });
    const before = await caseView(a.call, caseId);
    const after = await caseView(b.call, caseId);
    expect(after.events).toEqual(before.events);
    expect(after.entities).toEqual(before.entities);
    expect(after.alerts).toEqual(before.alerts);
    expect(after.indicators).toEqual(before.indicators);
    expect(after.fields).toEqual(before.fields);
    expect(after.counts).toEqual(before.counts);
    // The same history, record by record (actors and times kept), then one record saying where it came from.
    expect(after.audit.slice(0, -1)).toEqual(before.audit);
    expect(after.audit.at(-1)).toMatchObject({ actor: 'bob', type: 'package.imported' });
    expect((await b.call('audit.verify', { caseId })).ok).toBe(true);
  });

  it('is detected when imported again: refused until the user chooses to skip it or keep both', async () => {
    const { a, b } = await twoVaults();
    const caseId = await richCase(a.call, a.dir);
    const file = path.join(a.dir, 'case.cbpkg');
    await a.call('packages.export', { taskId: 'x', caseId, out: file, to: { recipients: [(await b.call('identity.show', {})).identity.ageRecipient] } });
    await b.call('packages.import', { file });
    const count = async () => (await b.call('cases.list', {})).cases.length;
    expect((await b.call('packages.import', { file })).result).toMatchObject({ outcome: 'duplicate', caseId: null, duplicateOf: { caseId, sameHead: true } });
    expect((await b.call('packages.import', { file, duplicate: 'skip' })).result.outcome).toBe('skipped');
    expect(await count()).toBe(1);
    const both = (await b.call('packages.import', { file, duplicate: 'keep-both' })).result;
    expect(both.outcome).toBe('imported');
    expect(both.caseId).not.toBe(caseId);
    expect(await count()).toBe(2);
    expect((await b.call('cases.summary', { id: both.caseId! })).counts.events).toBe(8);
    // The sender's own vault cannot open what was encrypted to the receiver only.
    expect(await a.call('packages.import', { file }).catch((e: Error) => e.message)).toMatch(/none of the given identities is a recipient/);
  });

  it('passphrase packages open with the passphrase only', async () => {
    const { a, b } = await twoVaults();
    const caseId = await richCase(a.call, a.dir);
    const file = path.join(a.dir, 'case.cbpkg');
    await a.call('packages.export', { taskId: 'x', caseId, out: file, to: { passphrase: 'carry me over' } });
    expect((await b.call('packages.verify', { file, passphrase: 'wrong one' })).firstFailure).toMatch(/^decrypt: the passphrase does not open this package/);
    expect((await b.call('packages.verify', { file })).firstFailure).toMatch(/encrypted with a passphrase/);
    expect((await b.call('packages.import', { file, passphrase: 'carry me over' })).result.outcome).toBe('imported');
  });
});

const tools = existsSync('/usr/bin/age') && existsSync('/usr/bin/age-keygen');
describe.skipIf(!tools)("a package opened without Casebook (Debian's age, tar, sha256sum)", () => {
  it('age -d -i key.txt | tar -x unpacks files that sha256sum -c accepts, with the journal chain re-checkable', async () => {
    const { a } = await twoVaults();
    const caseId = await richCase(a.call, a.dir);
    const key = path.join(a.dir, 'key.txt');
    execFileSync('/usr/bin/age-keygen', ['-o', key], { stdio: 'ignore' });
    const recipient = /public key: (age1[0-9a-z]+)/.exec(readFileSync(key, 'utf8'))![1]!;
    const file = path.join(a.dir, 'case.cbpkg');
    await a.call('packages.export', { taskId: 'x', caseId, out: file, to: { recipients: [recipient] }, sign: true });
    const out = path.join(a.dir, 'unpacked');
    mkdirSync(out);
    execFileSync('/bin/sh', ['-c', `age -d -i "${key}" "${file}" | tar -x -C "${out}"`]);
    expect(readdirSync(out).sort()).toEqual(['SHA256SUMS', 'entities', 'events', 'journal.jsonl', 'manifest.json', 'manifest.sig']);
    expect(execFileSync('sha256sum', ['-c', 'SHA256SUMS'], { cwd: out, encoding: 'utf8' })).toMatch(/manifest.json: OK/);
    const manifest = JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8')) as { case: { id: string }; journal: { head: string } };
    expect(manifest.case.id).toBe(caseId);
    // The chain as documented, re-computed by another program than the one that wrote it.
    const script = `
import hashlib, json, sys
chain = '0' * 64
for line in open(sys.argv[1], encoding='utf-8'):
    o = json.loads(line)
    text = line[line.index('"record":') + 9 : line.rindex(',"chain":')]
    chain = hashlib.sha256((chain + '\\n' + text).encode()).hexdigest()
    assert chain == o['chain'], o['seq']
print(chain)`;
    expect(execFileSync('python3', ['-c', script, path.join(out, 'journal.jsonl')], { encoding: 'utf8' }).trim()).toBe(manifest.journal.head);
    const lines = readdirSync(path.join(out, 'events')).flatMap((f) =>
      readFileSync(path.join(out, 'events', f), 'utf8')
        .trim()
        .split('\n'),
    );
    expect(lines).toHaveLength(8);
    expect(lines.map((l) => JSON.parse(l) as unknown)).toContainEqual(
      expect.objectContaining({ timestamp_desc: 'Event Recorded', datetime: '2024-05-01T10:00:00.000123Z', hostname: 'WKS-0' }),
    );
  });
});

describe('a selective, redacted export', () => {
  it('keeps the chosen alerts and time range, replaces user names consistently, and says so in the manifest', async () => {
    const { a, b } = await twoVaults();
    const caseId = await richCase(a.call, a.dir);
    const file = path.join(a.dir, 'part.cbpkg');
    const selection = { alerts: [], events: { from: '2024-05-01T10:00:02Z', to: '2024-05-01T10:00:05Z' } };
    const recipient = (await b.call('identity.show', {})).identity.ageRecipient;
    const { manifest } = await a.call('packages.export', { taskId: 'x', caseId, out: file, to: { recipients: [recipient] }, selection, redact: ['user'] });
    // Three user names: the timeline's two and the alert's account (its entities stay: no entity was chosen).
    expect(manifest).toMatchObject({ selection, redaction: { fields: ['user'], placeholders: { user: 3 } }, counts: { alerts: 0, events: 3 } });
    expect(manifest.journal.caseHead).toBeNull();
    const { result } = await b.call('packages.import', { file });
    const events = (await b.call('timeline.page', { caseId: result.caseId!, limit: 100 })).events;
    // Seconds 2, 3 and 4: user0, user1, user0 (the alert's account, journaled first, is USER-1), the same name always the same placeholder.
    expect(events.map((e) => [e.message.slice(0, 12), e.user])).toEqual([
      ['Connection 2', 'USER-2'],
      ['Connection 3', 'USER-3'],
      ['Connection 4', 'USER-2'],
    ]);
    expect((await b.call('alerts.list', { caseId: result.caseId! })).length).toBe(0);
    const users = (await b.call('entities.list', { caseId: result.caseId!, types: ['user'], limit: 100 })).rows.map((e) => e.display);
    expect(users.every((u) => /^USER-\d+$/.test(u))).toBe(true);
  });
});
