import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { casebookWith, initVault, json } from './support/cli';
import { useTempDirs } from './support/temp-dir';

const tempDir = useTempDirs();

const casebook = casebookWith('cli package test passphrase');

/** A vault holding one case with a small timeline. */
function vaultWithCase(dir: string): { vault: string; caseId: string } {
  const vault = path.join(dir, 'vault');
  initVault(casebook, vault);
  const csv = path.join(dir, 'events.csv');
  writeFileSync(
    csv,
    'message,datetime,timestamp_desc,hostname,username\nlogon,2024-05-01T10:00:00Z,Event Recorded,WKS-1,alice\nlogoff,2024-05-01T11:00:00Z,Event Recorded,WKS-1,alice\nlogon,2024-05-01T12:00:00Z,Event Recorded,WKS-2,bob\n',
  );
  const imported = json<{ reports: { caseIds: string[] }[] } | { caseIds: string[] }[]>(casebook(vault, ['import', csv, '--json']));
  const reports = Array.isArray(imported) ? imported : imported.reports;
  return { vault, caseId: reports[0]!.caseIds[0]! };
}

describe('casebook identity, export, verify, import-package, vault backup/restore', () => {
  it('carries a case, signed and redacted, to a second vault that knows the sender', () => {
    const a = vaultWithCase(tempDir());
    const bDir = tempDir();
    const b = path.join(bDir, 'vault');
    initVault(casebook, b);
    const bob = json<{ identity: { ageRecipient: string; signingFingerprint: string } }>(casebook(b, ['identity', 'show', '--json'])).identity;
    const aliceKeys = path.join(bDir, 'alice.pub');
    expect(casebook(a.vault, ['identity', 'export', '--out', aliceKeys]).code).toBe(0);
    expect(casebook(b, ['identity', 'trust', aliceKeys, '--name', 'Alice']).stdout).toMatch(/now known: Alice SHA256:/);

    const file = path.join(bDir, 'case.cbpkg');
    const exported = json<{ manifest: { redaction: { fields: string[]; placeholders: Record<string, number> } } }>(
      casebook(a.vault, ['export', a.caseId, '--out', file, '--recipient', bob.ageRecipient, '--sign', '--redact', 'user', '--json']),
    );
    expect(exported.manifest.redaction).toEqual({ fields: ['user'], placeholders: { user: 2 }, freeText: true, evidenceContents: 'none' });

    const verified = casebook(b, ['verify', file]);
    expect(verified.code, verified.stderr).toBe(0);
    expect(verified.stdout).toMatch(/^ok {4}signature: valid Ed25519 signature by SHA256:.*: Alice \(a known examiner\)$/m);

    const imported = casebook(b, ['import-package', file]);
    expect(imported.stdout).toMatch(
      /imported case ".*" as .*: \d+ records, 3 events, 0 evidence item\(s\) with 0 file\(s\) sealed into this vault; signed by SHA256:.* \(Alice\)/,
    );
    const again = casebook(b, ['import-package', file]);
    expect(again.code).toBe(4);
    expect(again.stdout).toMatch(/already in this vault .*nothing was imported: add --again to keep both, or --skip/);
    expect(casebook(b, ['import-package', file, '--skip']).stdout).toMatch(/^skipped/);
    expect(casebook(b, ['import-package', file, '--again']).stdout).toMatch(/^imported/);
    // The user names were replaced consistently in the events that arrived.
    const cases = json<{ cases: { id: string }[] }>(casebook(b, ['case', 'list', '--json'])).cases;
    expect(cases).toHaveLength(2);
    // Alice forgotten: her signature is then an unknown key's.
    const alice = json<{ known: { signingFingerprint: string }[] }>(casebook(b, ['identity', 'show', '--json'])).known[0]!.signingFingerprint;
    expect(casebook(b, ['identity', 'untrust', alice]).stdout).toMatch(/^forgotten: SHA256:.*; 0 trusted examiners left/);
    expect(casebook(b, ['identity', 'untrust', alice]).code).not.toBe(0);
    expect(casebook(b, ['verify', file]).stdout).toMatch(/a key this vault does not know/);
  }, 180_000);

  it('carries the chosen evidence (--evidence) as ingested, and seals it into the receiving vault, where it re-verifies', () => {
    const a = vaultWithCase(tempDir());
    const dir = tempDir();
    const image = path.join(dir, 'memory.raw');
    writeFileSync(image, 'memory of WKS-1');
    const item = json<{ id: string }>(casebook(a.vault, ['evidence', 'add', a.caseId, image, '--title', 'WKS-1 memory', '--json']));
    const other = path.join(dir, 'notes.txt');
    writeFileSync(other, 'not carried');
    expect(casebook(a.vault, ['evidence', 'add', a.caseId, other, '--title', 'Notes']).code).toBe(0);
    const b = path.join(dir, 'vault-b');
    expect(casebook(b, ['vault', 'init']).code).toBe(0);
    const bob = json<{ identity: { ageRecipient: string } }>(casebook(b, ['identity', 'show', '--json'])).identity;
    const file = path.join(dir, 'case.cbpkg');
    const exported = casebook(a.vault, ['export', a.caseId, '--out', file, '--recipient', bob.ageRecipient, '--evidence', item.id]);
    expect(exported.code, exported.stderr).toBe(0);
    expect(exported.stdout).toMatch(/^evidence: 1 item\(s\), 1 file\(s\) as ingested \(15 bytes\)$/m);
    const verified = casebook(b, ['verify', file]);
    expect(verified.stdout).toMatch(/^ok {4}evidence: 1 item\(s\); 1 file\(s\), 15 bytes, each hashing to the SHA-256 it was ingested with$/m);
    const imported = casebook(b, ['import-package', file]);
    expect(imported.stdout).toMatch(/1 evidence item\(s\) with 1 file\(s\) sealed into this vault/);
    const checked = json<{ result: string }>(casebook(b, ['evidence', 'verify', a.caseId, item.id, '--json']));
    expect(checked.result).toBe('match');
  }, 150_000);

  it('names the first failure and exits 3 when a package was changed', () => {
    const a = vaultWithCase(tempDir());
    const file = path.join(tempDir(), 'case.cbpkg');
    expect(casebook(a.vault, ['export', a.caseId, '--out', file, '--passphrase'], { CASEBOOK_PACKAGE_PASSPHRASE: 'pkg pass' }).code).toBe(0);
    const run = casebook(a.vault, ['verify', file, '--passphrase'], { CASEBOOK_PACKAGE_PASSPHRASE: 'not it' });
    expect(run.code).toBe(3);
    expect(run.stdout).toMatch(/the package does NOT verify: decrypt: the passphrase does not open this package/);
  });

  it('backs up a whole vault and restores it into an empty folder only', () => {
    const a = vaultWithCase(tempDir());
    const dir = tempDir();
    const backup = path.join(dir, 'vault.cbbak');
    const env = { CASEBOOK_PACKAGE_PASSPHRASE: 'backup pass' };
    expect(casebook(a.vault, ['vault', 'backup', '--out', backup, '--passphrase'], env).code).toBe(0);
    const restored = path.join(dir, 'restored');
    const run = casebook(restored, ['vault', 'restore', backup, '--passphrase'], env);
    expect(run.code, run.stderr).toBe(0);
    expect(existsSync(path.join(restored, 'vault.json'))).toBe(true);
    const verify = casebook(restored, ['vault', 'verify']);
    expect(verify.code, verify.stdout + verify.stderr).toBe(0);
    expect(json<{ cases: { id: string }[] }>(casebook(restored, ['case', 'list', '--json'])).cases.map((c) => c.id)).toEqual([a.caseId]);
    // Not over a folder that holds anything.
    const again = casebook(restored, ['vault', 'restore', backup, '--passphrase'], env);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/is not empty: a vault is restored into an empty folder only/);
    expect(readdirSync(restored)).toContain('vault.json');
    // --into: another empty folder, from a vault that stays as it is.
    const copy = path.join(dir, 'copy');
    const into = casebook(restored, ['vault', 'restore', backup, '--passphrase', '--into', copy], env);
    expect(into.code, into.stderr).toBe(0);
    expect(into.stdout).toContain(`into ${copy}`);
    expect(existsSync(path.join(copy, 'vault.json'))).toBe(true);
  }, 180_000);
});
