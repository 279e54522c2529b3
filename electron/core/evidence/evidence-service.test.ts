import { describe, expect, it } from 'vitest';
import { createHash, randomBytes } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { Engine } from '../engine';
import { dispatch } from '../../../shared/ipc/dispatch';
import { unwrap, type Envelope } from '../../../shared/ipc/errors';
import type { EventName, Input, MethodName, Result } from '../../../shared/ipc/contract';
import { useTempDirs, TEST_KDF } from '../../../tests/unit/support/temp-dir';
import { EvidenceService } from './evidence-service';
import { NODE_EVIDENCE_FS, type EvidenceFs } from './blob-store';
import { CHUNK_BYTES } from './blob-format';
import { CaseChanges } from '../cases/case-changes';
import { ReplayCache } from '../cases/case-state';

const tempDir = useTempDirs();
const hex = (alg: string, data: Buffer) => createHash(alg).update(data).digest('hex');

async function setup(evidenceFs?: EvidenceFs) {
  const dir = tempDir();
  const events: { event: EventName; payload: unknown }[] = [];
  const engine = new Engine({ vaultDir: path.join(dir, 'vault'), actor: 'tester', kdf: TEST_KDF }, (event, payload) => events.push({ event, payload }));
  const handlers = evidenceFs
    ? {
        ...engine.handlers,
        ...new EvidenceService(engine.cases, new CaseChanges(new ReplayCache(), () => undefined), () => undefined, { fs: evidenceFs }).handlers,
      }
    : engine.handlers;
  const call = async <M extends MethodName>(method: M, input: Input<M>): Promise<Result<M>> => unwrap(await dispatch(handlers, method, input)) as Result<M>;
  const raw = (method: MethodName, input: unknown) => dispatch(handlers, method, input) as Promise<Envelope<unknown>>;
  await call('vault.create', { passphrase: 'evidence service test' });
  const caseId = (await call('cases.create', { title: 'Laptop seizure' })).cases![0]!.id;
  const caseDir = path.join(dir, 'vault', 'cases', caseId);
  return { dir, engine, call, raw, caseId, caseDir, events };
}

/** What a failed ingest must leave: no item, no blob, no staging folder, the same revision. */
async function expectUnchanged(s: Awaited<ReturnType<typeof setup>>, revision: number) {
  expect(await s.call('evidence.list', { caseId: s.caseId })).toEqual([]);
  const root = path.join(s.caseDir, 'evidence');
  expect(existsSync(root) ? readdirSync(root) : []).toEqual([]);
  expect((await s.call('cases.summary', { id: s.caseId })).revision).toBe(revision);
}

describe('evidence ingested into the case blob store', () => {
  it('streams a file in, with its SHA-256, SHA-1 and MD5, progress, and only ciphertext on disk', async () => {
    const s = await setup();
    const data = randomBytes(2 * CHUNK_BYTES + 12345);
    const file = path.join(s.dir, 'memory.raw');
    writeFileSync(file, data);
    const { result: item, changes } = await s.call('evidence.add', {
      caseId: s.caseId,
      taskId: 'ingest-1',
      file,
      fields: { title: 'WKS-7 memory', kind: 'memory-image', acquiredBy: 'Dana', tool: 'WinPmem 4.0', acquiredAt: '2026-12-01T09:30:00+01:00' },
    });
    expect(item).toMatchObject({ storage: 'ingested', size: data.length, kind: 'memory-image', acquiredAt: '2026-12-01T08:30:00.000Z' });
    expect(item.hashes).toEqual({ sha256: hex('sha256', data), sha1: hex('sha1', data), md5: hex('md5', data) });
    expect(changes.revisions[0]!.counts.evidence).toBe(1);
    expect(changes.audit[0]!.type).toBe('evidence.added');
    const progress = s.events.filter((e) => e.event === 'task.progress').map((e) => e.payload as { done: number; total: number });
    expect(progress.at(-1)).toMatchObject({ done: data.length, total: data.length });

    const blob = readFileSync(path.join(s.caseDir, 'evidence', item.id, 'f000001.blob'));
    expect(blob.includes(data.subarray(1000, 1064))).toBe(false);
    const rows = await s.call('evidence.list', { caseId: s.caseId });
    expect(rows).toEqual([expect.objectContaining({ id: item.id, sha256: item.hashes.sha256, custodyCount: 0, lastVerification: null })]);
  });

  it('ingests a folder as one item whose manifest lists every file with its hashes, and exports it back', async () => {
    const s = await setup();
    const root = path.join(s.dir, 'kape');
    mkdirSync(path.join(root, 'C', 'Windows', 'System32', 'winevt'), { recursive: true });
    const files = { 'C/$MFT': randomBytes(3000), 'C/Windows/System32/winevt/Security.evtx': randomBytes(CHUNK_BYTES + 1), 'empty.txt': Buffer.alloc(0) };
    for (const [name, bytes] of Object.entries(files)) writeFileSync(path.join(root, name), bytes);
    const { result: item } = await s.call('evidence.add', { caseId: s.caseId, taskId: 't', file: root, fields: { title: 'KAPE of WKS-7' } });
    expect(item.kind).toBe('triage-collection');
    expect(item.files.map((f) => [f.path, f.size, f.sha256])).toEqual(Object.entries(files).map(([n, b]) => [n, b.length, hex('sha256', b)]));
    const manifest = Object.entries(files)
      .map(([n, b]) => `${hex('sha256', b)}  ${n}\n`)
      .join('');
    expect(item.hashes.sha256).toBe(hex('sha256', Buffer.from(manifest)));

    const out = path.join(s.dir, 'out');
    const exported = await s.call('evidence.export', { caseId: s.caseId, itemId: item.id, out });
    expect(exported.result.entry).toMatchObject({ event: 'exported', to: out, hashVerified: 'match', by: 'tester' });
    for (const [name, bytes] of Object.entries(files)) expect(readFileSync(path.join(out, name)).equals(bytes)).toBe(true);
    const again = await s.raw('evidence.export', { caseId: s.caseId, itemId: item.id, out });
    expect(again).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringContaining('already exists') } });
  });

  it('re-verifies from the blob store, and names the item loudly when a blob was altered on disk', async () => {
    const s = await setup();
    const file = path.join(s.dir, 'disk.dd');
    writeFileSync(file, randomBytes(CHUNK_BYTES + 500));
    const { result: item } = await s.call('evidence.add', { caseId: s.caseId, taskId: 't', file, fields: { title: 'Disk of WKS-7', kind: 'disk-image' } });
    const ok = await s.call('evidence.verify', { caseId: s.caseId, itemId: item.id, actor: 'Lee' });
    expect(ok.result).toMatchObject({ result: 'match', problems: [], entry: { event: 'verified', hashVerified: 'match', by: 'Lee' } });

    const blob = path.join(s.caseDir, 'evidence', item.id, 'f000001.blob');
    const bytes = readFileSync(blob);
    bytes.writeUInt8(bytes.readUInt8(CHUNK_BYTES + 100) ^ 0x01, CHUNK_BYTES + 100);
    writeFileSync(blob, bytes);
    const bad = await s.call('evidence.verify', { caseId: s.caseId, itemId: item.id });
    expect(bad.result.result).toBe('mismatch');
    expect(bad.result.title).toBe('Disk of WKS-7');
    expect(bad.result.problems[0]).toMatch(/disk\.dd: blob f000001\.blob: chunk 1 .* fails authentication/);
    expect(bad.result.entry.notes).toMatch(/^HASH MISMATCH/);
    const export_ = await s.raw('evidence.export', { caseId: s.caseId, itemId: item.id, out: path.join(s.dir, 'copy.dd') });
    expect(export_).toMatchObject({ ok: false, error: { code: 'corrupt', message: expect.stringContaining('"Disk of WKS-7"') } });
    expect(existsSync(path.join(s.dir, 'copy.dd'))).toBe(false);
    const [row] = await s.call('evidence.list', { caseId: s.caseId });
    expect(row!.lastVerification).toMatchObject({ result: 'mismatch' });
  });
});

describe('what a crash leaves', () => {
  it('is swept before the next ingest: staged items, and published folders no record names', async () => {
    const s = await setup();
    const root = path.join(s.caseDir, 'evidence');
    mkdirSync(path.join(root, '.dead-item.staging'), { recursive: true });
    mkdirSync(path.join(root, 'published-without-record'));
    writeFileSync(path.join(root, 'published-without-record', 'f000001.blob'), 'x');
    const file = path.join(s.dir, 'a.txt');
    writeFileSync(file, 'a');
    const { result: item } = await s.call('evidence.add', { caseId: s.caseId, taskId: 't', file, fields: { title: 'A' } });
    expect(readdirSync(root)).toEqual([item.id]);
  });
});

describe('evidence and key rotation', () => {
  it('keeps ingested blobs readable after the keys are rotated: their key is in the re-sealed journal, not the case key', async () => {
    const s = await setup();
    const data = randomBytes(CHUNK_BYTES + 3);
    const file = path.join(s.dir, 'triage.zip');
    writeFileSync(file, data);
    const { result: item } = await s.call('evidence.add', { caseId: s.caseId, taskId: 't', file, fields: { title: 'Triage' } });
    const blob = path.join(s.caseDir, 'evidence', item.id, 'f000001.blob');
    const before = readFileSync(blob);
    await s.call('vault.rotateKeys', { passphrase: 'evidence service test' });
    expect(readFileSync(blob).equals(before)).toBe(true);
    expect((await s.call('evidence.verify', { caseId: s.caseId, itemId: item.id })).result.result).toBe('match');
    const out = path.join(s.dir, 'back.zip');
    await s.call('evidence.export', { caseId: s.caseId, itemId: item.id, out });
    expect(readFileSync(out).equals(data)).toBe(true);
  });
});

describe('evidence held elsewhere, and its chain of custody', () => {
  it('records an item by reference and an append-only chain where a correction names the entry it corrects', async () => {
    const s = await setup();
    const sha256 = 'AB'.repeat(32);
    const { result: item } = await s.call('evidence.addRef', {
      caseId: s.caseId,
      fields: { title: 'Seized SSD <Samsung>', kind: 'disk-image', storageLocation: 'Evidence locker 3, shelf B' },
      hashes: { sha256 },
    });
    expect(item.hashes).toEqual({ sha256: sha256.toLowerCase(), sha1: null, md5: null });
    const first = await s.call('evidence.custody', {
      caseId: s.caseId,
      itemId: item.id,
      entry: { event: 'transferred', from: 'Dana', to: 'Lee', notes: 'bag 114' },
    });
    const fix = await s.call('evidence.custody', {
      caseId: s.caseId,
      itemId: item.id,
      entry: { event: 'transferred', from: 'Dana', to: 'Lee', notes: 'bag 141, not 114', corrects: first.result.id },
      actor: 'Dana',
    });
    expect(fix.result).toMatchObject({ corrects: first.result.id, recordedBy: 'Dana' });
    const detail = await s.call('evidence.get', { caseId: s.caseId, itemId: item.id });
    expect(detail.custody.map((e) => e.notes)).toEqual(['bag 114', 'bag 141, not 114']);

    const refused = await s.raw('evidence.custody', { caseId: s.caseId, itemId: item.id, entry: { event: 'stored', corrects: 'c-nope' } });
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid-input', message: expect.stringContaining('entry.corrects') } });
    const verify = await s.raw('evidence.verify', { caseId: s.caseId, itemId: item.id });
    expect(verify).toMatchObject({ ok: false, error: { message: expect.stringContaining('held elsewhere (Evidence locker 3, shelf B)') } });
    const noHash = await s.raw('evidence.addRef', { caseId: s.caseId, fields: { title: 'x' }, hashes: {} });
    expect(noHash).toMatchObject({ ok: false, error: { message: expect.stringContaining('give at least one hash') } });

    const { html } = await s.call('evidence.report', { caseId: s.caseId, itemId: item.id });
    expect(html).toContain('Seized SSD &lt;Samsung&gt;');
    expect(html).not.toContain('<Samsung>');
    expect(html).toContain('bag 141, not 114');
    expect(html).not.toMatch(/<script|src=|href=/i);
  });
});

describe('a failed ingest leaves the case as it was', () => {
  it('refuses an unreadable source, and something that is not a file', async () => {
    const s = await setup();
    const missing = await s.raw('evidence.add', { caseId: s.caseId, taskId: 't', file: path.join(s.dir, 'nope.E01'), fields: { title: 'x' } });
    expect(missing).toMatchObject({ ok: false, error: { message: expect.stringMatching(/nope\.E01: cannot be read \(ENOENT\)/) } });
    const fifo = path.join(s.dir, 'pipe');
    execFileSync('mkfifo', [fifo]);
    const pipe = await s.raw('evidence.add', { caseId: s.caseId, taskId: 't', file: fifo, fields: { title: 'x' } });
    expect(pipe).toMatchObject({ ok: false, error: { message: expect.stringContaining('not a regular file or a folder') } });
    await expectUnchanged(s, 1);
  });

  it('refuses a file that changes while it is ingested', async () => {
    let source = '';
    let writes = 0;
    const growing: EvidenceFs = {
      async create(file) {
        const sink = await NODE_EVIDENCE_FS.create(file);
        return { ...sink, write: async (pieces) => (++writes === 2 && appendFileSync(source, 'more'), sink.write(pieces)) };
      },
    };
    const s = await setup(growing);
    source = path.join(s.dir, 'live.log');
    writeFileSync(source, randomBytes(CHUNK_BYTES * 3));
    const answer = await s.raw('evidence.add', { caseId: s.caseId, taskId: 't', file: source, fields: { title: 'x' } });
    expect(answer).toMatchObject({
      ok: false,
      error: { code: 'conflict', message: expect.stringContaining('live.log: the file changed while it was ingested') },
    });
    await expectUnchanged(s, 1);
  });

  it('fails cleanly when the disk fills up (ENOSPC)', async () => {
    let written = 0;
    const full: EvidenceFs = {
      async create(file) {
        const sink = await NODE_EVIDENCE_FS.create(file);
        return {
          ...sink,
          write: async (pieces) => {
            written += pieces.reduce((n, p) => n + p.length, 0);
            if (written > CHUNK_BYTES * 2) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
            return sink.write(pieces);
          },
        };
      },
    };
    const s = await setup(full);
    const file = path.join(s.dir, 'big.bin');
    writeFileSync(file, randomBytes(CHUNK_BYTES * 4));
    const answer = await s.raw('evidence.add', { caseId: s.caseId, taskId: 't', file, fields: { title: 'x' } });
    expect(answer).toMatchObject({ ok: false, error: { message: expect.stringContaining("no space left on the vault's disk while ingesting") } });
    await expectUnchanged(s, 1);
  });

  it('stops on cancel halfway and leaves nothing', async () => {
    let cancel = () => undefined as unknown;
    let writes = 0;
    const slow: EvidenceFs = {
      async create(file) {
        const sink = await NODE_EVIDENCE_FS.create(file);
        return { ...sink, write: async (pieces) => (++writes === 3 && cancel(), sink.write(pieces)) };
      },
    };
    const s = await setup(slow);
    cancel = () => s.call('evidence.cancel', { taskId: 'halfway' });
    const file = path.join(s.dir, 'big.bin');
    writeFileSync(file, randomBytes(CHUNK_BYTES * 6));
    const answer = await s.raw('evidence.add', { caseId: s.caseId, taskId: 'halfway', file, fields: { title: 'x' } });
    expect(answer).toMatchObject({ ok: false, error: { code: 'cancelled' } });
    await expectUnchanged(s, 1);
  });
});
