import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import * as tar from 'tar-stream';
import { afterEach, describe, expect, it } from 'vitest';
import { useTempDirs } from '../../../tests/unit/support/temp-dir';
import type { Engine } from '../engine';
import type { RunPool } from '../import/run-pool';
import { ageDecryptor, ageEncryptor } from './age/age';
import { parseIdentityFile, parseRecipient } from './age/age-keys';
import { importVerifiedPackage } from './case-import';
import { evidencePartName } from './evidence-names';
import { sumsText } from './package-format';
import { verifyPackage } from './package-verify';
import { vaultAt } from './package-test-kit';

/** Evidence in a hostile or changing package: verification names the item and file, and nothing reaches the vault. */

const tempDir = useTempDirs();
const engines: Engine[] = [];
afterEach(async () => {
  for (const e of engines.splice(0)) await e.dispose();
});

interface Entry {
  name: string;
  body: Buffer;
}
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

async function setup() {
  const a = await vaultAt(tempDir(), 'alice');
  const b = await vaultAt(tempDir(), 'bob');
  engines.push(a.engine, b.engine);
  const caseId = (await a.call('cases.create', { title: 'Seizure' })).cases![0]!.id;
  const root = path.join(a.dir, 'triage');
  mkdirSync(root);
  writeFileSync(path.join(root, 'a.bin'), randomBytes(3 * 1024 * 1024));
  writeFileSync(path.join(root, 'b.bin'), randomBytes(1024 * 1024 + 1));
  const item = (await a.call('evidence.add', { caseId, taskId: 'e', file: root, fields: { title: 'Triage' } })).result;
  const recipient = (await b.call('identity.show', {})).identity.ageRecipient;
  const file = path.join(a.dir, 'case.cbpkg');
  await a.call('packages.export', { taskId: 'x', caseId, out: file, to: { recipients: [recipient] } });
  const secret = b.engine.cases.unlocked().settings.examiner!.identity!.age;
  return { a, b, caseId, item, file, recipient, identityText: `${secret}\n` };
}

async function entriesOf(file: string, identity: string): Promise<Entry[]> {
  const extract = tar.extract();
  const entries: Entry[] = [];
  const feeding = pipeline(
    Readable.from([readFileSync(file)]),
    ageDecryptor({ identities: parseIdentityFile(identity) }),
    extract as unknown as NodeJS.WritableStream,
  );
  for await (const entry of extract) {
    const chunks: Buffer[] = [];
    for await (const c of entry) chunks.push(c as Buffer);
    entries.push({ name: entry.header.name, body: Buffer.concat(chunks) });
  }
  await feeding;
  return entries;
}

async function repack(entries: Entry[], recipient: string, out: string): Promise<string> {
  const pack = tar.pack();
  const chunks: Buffer[] = [];
  const enc = await ageEncryptor({ recipients: [parseRecipient(recipient)] });
  enc.on('data', (b: Buffer) => chunks.push(b));
  const done = pipeline(pack as unknown as NodeJS.ReadableStream, enc);
  for (const e of entries) pack.entry({ name: e.name, size: e.body.length, type: 'file', mode: 0o644 }, e.body);
  pack.finalize();
  await done;
  writeFileSync(out, Buffer.concat(chunks));
  return out;
}

/** Everything under the vault's cases folder: no case, no staged folder, no blob. */
function vaultFiles(dir: string): string[] {
  return readdirSync(path.join(dir, 'vault', 'cases'), { recursive: true }) as string[];
}

describe('evidence in a package', () => {
  it('whose file was swapped, with the manifest and SHA256SUMS made to match it, fails against the SHA-256 its record was ingested with', async () => {
    const s = await setup();
    const entries = await entriesOf(s.file, s.identityText);
    const name = evidencePartName(s.item.id, 'b.bin');
    const swapped = entries.find((e) => e.name === name)!;
    swapped.body = randomBytes(swapped.body.length);
    const manifestEntry = entries.find((e) => e.name === 'manifest.json')!;
    const manifest = JSON.parse(manifestEntry.body.toString()) as { parts: { name: string; sha256: string }[] };
    manifest.parts.find((p) => p.name === name)!.sha256 = sha(swapped.body);
    manifestEntry.body = Buffer.from(JSON.stringify(manifest));
    const sums = entries.find((e) => e.name === 'SHA256SUMS')!;
    sums.body = Buffer.from(sumsText(entries.filter((e) => e.name !== 'SHA256SUMS').map((e) => ({ name: e.name, sha256: sha(e.body) }))));
    const file = await repack(entries, s.recipient, path.join(s.b.dir, 'swapped.cbpkg'));
    const verification = await s.b.call('packages.verify', { file });
    expect(verification.checks.filter((c) => !c.ok).map((c) => c.name)).toEqual(['evidence']);
    expect(verification.firstFailure).toBe(
      `evidence: evidence "Triage" (${s.item.id}), file b.bin: the manifest lists SHA-256 ${sha(swapped.body)}, ${swapped.body.length} bytes; it was ingested as ${s.item.files[1]!.sha256}, ${swapped.body.length} bytes`,
    );
    await expect(s.b.call('packages.import', { file })).rejects.toThrow(/does not verify, nothing was imported: evidence: /);
    expect(vaultFiles(s.b.dir)).toEqual([]);
  });

  it('missing one file of an item, or holding a file no item has, is refused by name', async () => {
    const s = await setup();
    const entries = await entriesOf(s.file, s.identityText);
    const without = entries.filter((e) => e.name !== evidencePartName(s.item.id, 'a.bin'));
    const missing = await s.b.call('packages.verify', { file: await repack(without, s.recipient, path.join(s.b.dir, 'missing.cbpkg')) });
    expect(missing.firstFailure).toBe(`hash ${evidencePartName(s.item.id, 'a.bin')}: ${evidencePartName(s.item.id, 'a.bin')} is missing`);
    const odd = [{ name: `evidence/${s.item.id}/sub\\..\\x`, body: Buffer.from('x') }, ...entries];
    const refused = await s.b.call('packages.verify', { file: await repack(odd, s.recipient, path.join(s.b.dir, 'odd.cbpkg')) });
    expect(refused.firstFailure).toMatch(/^structure: .*holds a backslash or a control character/);
  });

  it('that changes between verification and import stops the import halfway: no case, no staged folder, no blob', async () => {
    const s = await setup();
    const vault = s.b.engine.cases.unlocked();
    const { verification, contents } = await verifyPackage(s.file, { identities: parseIdentityFile(s.identityText) }, { self: null, known: [] });
    expect(verification.ok).toBe(true);
    // The same package, but its second evidence file (after the first was sealed into the staged case) differs.
    const entries = await entriesOf(s.file, s.identityText);
    const second = entries.find((e) => e.name === evidencePartName(s.item.id, 'b.bin'))!;
    second.body[second.body.length - 1]! ^= 0xff;
    const changed = await repack(entries, s.recipient, path.join(s.b.dir, 'changed.cbpkg'));
    const keys = { identities: parseIdentityFile(s.identityText) };
    const runs = (s.b.engine as unknown as { runs: RunPool }).runs;
    const deps = { vault, runs, actor: 'bob', duplicateOf: async () => null };
    const pkg = { file: changed, keys, contents, manifest: verification.manifest!, signer: null, sha256: 'x'.repeat(64) };
    await expect(importVerifiedPackage(deps, pkg, 'ask')).rejects.toThrow(/b\.bin does not hash to the SHA-256 it was ingested with .*nothing was imported/);
    expect(vaultFiles(s.b.dir)).toEqual([]);
    expect((await s.b.call('cases.list', {})).cases).toEqual([]);
  });
});
