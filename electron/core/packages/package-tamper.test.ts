import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import * as tar from 'tar-stream';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { useTempDirs } from '../../../tests/unit/support/temp-dir';
import type { Engine } from '../engine';
import { ageDecryptor, ageEncryptor } from './age/age';
import { parseIdentityFile, parseRecipient } from './age/age-keys';
import { CHUNK } from './age/age-stream';
import { richCase, vaultAt, type Call } from './package-test-kit';

/**
 * Hostile packages: whatever was changed, verification fails naming what, and
 * an import writes nothing to the vault (no case, no staged folder).
 */

const tempDir = useTempDirs();
const engines: Engine[] = [];
afterEach(async () => {
  for (const e of engines.splice(0)) await e.dispose();
});

interface Entry {
  header: Partial<tar.Header> & { name: string };
  body: Buffer;
}

let fixture: { file: string; bytes: Buffer; identityText: string; recipient: string } | null = null;
const fixtureDir = mkdtempSync(path.join(tmpdir(), 'casebook-tamper-'));
afterAll(() => rmSync(fixtureDir, { recursive: true, force: true }));

beforeAll(async () => {
  const a = await vaultAt(fixtureDir, 'alice');
  const caseId = await richCase(a.call, fixtureDir, 2000);
  const { identity } = await a.call('identity.show', {});
  const file = path.join(fixtureDir, 'case.cbpkg');
  await a.call('packages.export', { taskId: 'x', caseId, out: file, to: { recipients: [identity.ageRecipient] }, sign: true });
  // Bob opens it with an age identity file; Alice's vault key is exported the way age-keygen writes one.
  const secret = a.engine.cases.unlocked().settings.examiner!.identity!.age;
  fixture = { file, bytes: readFileSync(file), identityText: `# alice\n${secret}\n`, recipient: identity.ageRecipient };
  await a.engine.dispose();
}, 120_000);

async function receiver(): Promise<{ call: Call; casesDir: string }> {
  const b = await vaultAt(tempDir(), 'bob');
  engines.push(b.engine);
  return { call: b.call, casesDir: path.join(b.dir, 'vault', 'cases') };
}

/** Verifies and tries to import `bytes`; returns the first failure and checks nothing reached the vault. */
async function refused(bytes: Buffer): Promise<string> {
  const { call, casesDir } = await receiver();
  const file = path.join(tempDir(), 'hostile.cbpkg');
  writeFileSync(file, bytes);
  const verification = await call('packages.verify', { file, identity: fixture!.identityText });
  expect(verification.ok).toBe(false);
  const error = await call('packages.import', { file, identity: fixture!.identityText }).then(
    () => null,
    (e: Error) => e.message,
  );
  expect(error).toMatch(/nothing was imported|does not verify/);
  expect(readdirSync(casesDir)).toEqual([]);
  expect((await call('cases.list', {})).cases).toEqual([]);
  return verification.firstFailure!;
}

async function entriesOf(bytes: Buffer): Promise<Entry[]> {
  const extract = tar.extract();
  const entries: Entry[] = [];
  const feeding = pipeline(
    Readable.from([bytes]),
    ageDecryptor({ identities: parseIdentityFile(fixture!.identityText) }),
    extract as unknown as NodeJS.WritableStream,
  );
  for await (const entry of extract) {
    const chunks: Buffer[] = [];
    for await (const c of entry) chunks.push(c as Buffer);
    entries.push({ header: entry.header, body: Buffer.concat(chunks) });
  }
  await feeding;
  return entries;
}

/** A package whose tar is `entries`, encrypted properly: only what is inside was changed. */
async function repacked(entries: Entry[]): Promise<Buffer> {
  const pack = tar.pack();
  const out: Buffer[] = [];
  const enc = await ageEncryptor({ recipients: [parseRecipient(fixture!.recipient)] });
  enc.on('data', (b: Buffer) => out.push(b));
  const done = pipeline(pack as unknown as NodeJS.ReadableStream, enc);
  for (const e of entries) {
    if (e.header.type === 'file') pack.entry({ ...e.header, size: e.body.length }, e.body);
    else pack.entry({ ...e.header, size: 0 });
  }
  pack.finalize();
  await done;
  return Buffer.concat(out);
}

describe('a package with one byte flipped', () => {
  it('fails verification naming the part being read, wherever the byte is, and imports nothing', async () => {
    const bytes = fixture!.bytes;
    const headerEnd = bytes.indexOf('\n--- ') + 1;
    expect(bytes.length).toBeGreaterThan(4 * CHUNK);
    const flipped = (at: number) => {
      const copy = Buffer.from(bytes);
      copy[at]! ^= 0x01;
      return copy;
    };
    expect(await refused(flipped(30))).toMatch(/^decrypt: .*X25519|^decrypt: /);
    // A bit flipped in the MAC's base64 gives another MAC, or (by the MAC's random bytes) a character base64 does not allow there.
    expect(await refused(flipped(headerEnd + 10))).toMatch(/^decrypt: (the age header MAC does not match|header MAC: not unpadded base64)/);
    // Which part is being read when the damaged chunk is reached depends on how far the tar reader had got: the package
    // is read 1 MiB at a time, so the damage may be met before the reader began the part that holds it. The chunk is
    // always named, and the part the reader was in, or that it was between parts.
    expect(await refused(flipped(Math.floor(bytes.length / 2)))).toMatch(
      /^decrypt: the encrypted payload is damaged at chunk \d+ .* \(while reading ([\w./-]+|the tar structure)\)/,
    );
    expect(await refused(flipped(bytes.length - 20))).toMatch(/^decrypt: the encrypted payload is damaged at chunk \d+/);
  });

  it('inside the tar (encrypted again properly) fails the hash of that part by name', async () => {
    const entries = await entriesOf(fixture!.bytes);
    const events = entries.find((e) => e.header.name.startsWith('events/'))!;
    events.body[100]! ^= 0x01;
    expect(await refused(await repacked(entries))).toBe(
      `hash ${events.header.name}: ${events.header.name} differs from the manifest: SHA-256 ${(await import('node:crypto')).createHash('sha256').update(events.body).digest('hex')}, ${events.body.length} bytes, expected ${JSON.parse(entries.find((e) => e.header.name === 'manifest.json')!.body.toString()).parts.find((p: { name: string }) => p.name === events.header.name).sha256}, ${events.body.length} bytes`,
    );
  });

  it('in the manifest breaks its signature; without manifest.sig the manifest still names its signer', async () => {
    const entries = await entriesOf(fixture!.bytes);
    const manifest = entries.find((e) => e.header.name === 'manifest.json')!;
    manifest.body = Buffer.from(manifest.body.toString().replace('"Carried case"', '"Carried casf"'));
    expect(await refused(await repacked(entries))).toMatch(/^SHA256SUMS: manifest.json: FAILED/);
    const unsigned = (await entriesOf(fixture!.bytes)).filter((e) => e.header.name !== 'manifest.sig');
    expect(await refused(await repacked(unsigned))).toMatch(/^signature: the manifest says it was signed by SHA256:.*, but manifest.sig is missing/);
  });

  it('in the journal breaks the chain at that line', async () => {
    const entries = await entriesOf(fixture!.bytes);
    const journal = entries.find((e) => e.header.name === 'journal.jsonl')!;
    const lines = journal.body.toString().split('\n');
    lines[1] = lines[1]!.replace('"actor":"alice"', '"actor":"mallory"');
    journal.body = Buffer.from(lines.join('\n'));
    const failure = await refused(await repacked(entries));
    expect(failure).toMatch(/^hash journal.jsonl: /);
  });
});

describe('a package Casebook refuses to unpack', () => {
  const hostile = async (extra: Entry) => {
    const entries = await entriesOf(fixture!.bytes);
    return repacked([extra, ...entries]);
  };
  const file = (name: string, text = 'x'): Entry => ({ header: { name, type: 'file', mode: 0o644 }, body: Buffer.from(text) });

  it.each([
    ['a path climbing out with ..', file('../evil.txt'), /"\.\.\/evil\.txt" climbs out of the package/],
    ['an absolute path', file('/tmp/evil.txt'), /"\/tmp\/evil\.txt" is an absolute path/],
    [
      'a symbolic link',
      { header: { name: 'link', type: 'symlink', linkname: '/etc/passwd' }, body: Buffer.alloc(0) } as Entry,
      /"link" is a symlink, not a plain file/,
    ],
    ['a folder', { header: { name: 'events', type: 'directory' }, body: Buffer.alloc(0) } as Entry, /"events" is a directory/],
    ['a name given twice', file('journal.jsonl', '{}\n'), /"journal.jsonl" appears twice/],
  ])('holding %s', async (_what, entry, message) => {
    expect(await refused(await hostile(entry))).toMatch(new RegExp(`^structure: .*${message.source}`));
  });

  it('cut short at a chunk boundary or inside a chunk, or empty', async () => {
    const bytes = fixture!.bytes;
    const payloadStart = bytes.indexOf('\n', bytes.indexOf('\n--- ') + 1) + 1 + 16;
    expect(await refused(bytes.subarray(0, payloadStart + 2 * (CHUNK + 16)))).toMatch(/^decrypt: the package is cut short after chunk 1/);
    expect(await refused(bytes.subarray(0, bytes.length - 100))).toMatch(/^decrypt: /);
    expect(await refused(Buffer.alloc(0))).toMatch(/^decrypt: the package is empty/);
  });

  it('opened with the wrong key or passphrase: says so', async () => {
    const { call } = await receiver();
    const verification = await call('packages.verify', { file: fixture!.file });
    expect(verification.firstFailure).toBe('decrypt: none of the given identities is a recipient of this package (wrong key)');
    expect((await call('packages.verify', { file: fixture!.file, passphrase: 'guess' })).firstFailure).toMatch(
      /encrypted to age public keys, not a passphrase/,
    );
  });
});
