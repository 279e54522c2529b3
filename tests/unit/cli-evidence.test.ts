import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { casebookWith, initVault } from './support/cli';
import { useTempDirs } from './support/temp-dir';

const tempDir = useTempDirs();
const PASS = 'cli evidence passphrase';

const casebook = casebookWith(PASS);

function json(vault: string, args: string[]) {
  const run = casebook(vault, [...args, '--json']);
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout);
}

/** Each test runs about ten CLI processes, each unlocking the vault: minutes on a busy two-core machine. */
const CLI_TIMEOUT = 240_000;

describe('casebook evidence commands', () => {
  it(
    'ingests, lists, records custody, verifies (exit 3 on an altered blob), exports and reports',
    () => {
      const dir = tempDir();
      const vault = path.join(dir, 'vault');
      initVault(casebook, vault);
      const { id } = json(vault, ['case', 'create', '--title', 'Laptop seizure']);
      const file = path.join(dir, 'triage.zip');
      const bytes = Buffer.from('PK not really a zip, but evidence all the same\n'.repeat(1000));
      writeFileSync(file, bytes);

      const item = json(vault, ['evidence', 'add', id, file, '--kind', 'file', '--title', 'Triage zip', '--actor', 'Dana']);
      expect(item).toMatchObject({
        title: 'Triage zip',
        addedBy: 'Dana',
        links: { entities: [], alerts: [], events: [] },
        hashes: { sha256: createHash('sha256').update(bytes).digest('hex') },
      });
      const ftk = path.join(dir, 'ftk.txt');
      writeFileSync(ftk, `Created By AccessData FTK Imager 4.7\n MD5 checksum: ${'c'.repeat(32)}\n SHA1 checksum: ${'d'.repeat(40)}\n`);
      const ref = json(vault, ['evidence', 'add-ref', id, '--title', 'Shelf disk', '--hashes-from', ftk, '--location', 'Locker 3']);
      expect(ref.hashes).toEqual({ sha256: null, sha1: 'd'.repeat(40), md5: 'c'.repeat(32) });
      const entry = json(vault, ['evidence', 'custody', id, ref.id, '--event', 'transferred', '--from', 'Dana', '--to', 'Lee', '--note', 'bag 7']);
      expect(entry).toMatchObject({ event: 'transferred', from: 'Dana', to: 'Lee', notes: 'bag 7' });

      const listed = json(vault, ['evidence', 'list', id]);
      expect(listed.map((r: { title: string; custodyCount: number }) => [r.title, r.custodyCount]).sort()).toEqual([
        ['Shelf disk', 1],
        ['Triage zip', 0],
      ]);
      expect(json(vault, ['evidence', 'verify', id, item.id]).result).toBe('match');
      const out = path.join(dir, 'exported.zip');
      json(vault, ['evidence', 'export', id, 'Triage zip', '--to', out]);
      expect(readFileSync(out).equals(bytes)).toBe(true);
      const report = path.join(dir, 'report.html');
      json(vault, ['evidence', 'report', id, '--html', report]);
      expect(readFileSync(report, 'utf8')).toMatch(/Custody report: case Laptop seizure[\s\S]*Shelf disk[\s\S]*bag 7/);

      const blobDir = path.join(vault, 'cases', id, 'evidence', item.id);
      const blob = path.join(blobDir, readdirSync(blobDir)[0]!);
      const sealed = readFileSync(blob);
      sealed.writeUInt8(sealed.readUInt8(sealed.length - 1) ^ 0xff, sealed.length - 1);
      writeFileSync(blob, sealed);
      const bad = casebook(vault, ['evidence', 'verify', id, item.id]);
      expect(bad.code).toBe(3);
      expect(bad.stdout).toContain('HASH MISMATCH: evidence "Triage zip"');
    },
    CLI_TIMEOUT,
  );

  it(
    'refuses bad input with the reason, and writes a PDF report with Chromium when there is one',
    () => {
      const dir = tempDir();
      const vault = path.join(dir, 'vault');
      initVault(casebook, vault);
      const { id } = json(vault, ['case', 'create', '--title', 'PDF']);
      const noHash = casebook(vault, ['evidence', 'add-ref', id, '--title', 'x', '--sha256', 'abc']);
      expect(noHash.code).toBe(1);
      expect(noHash.stderr).toContain('hashes.sha256: a SHA-256 is 64 hexadecimal digits');
      const badEvent = casebook(vault, ['evidence', 'custody', id, 'nothing', '--event', 'lost']);
      expect(badEvent.stderr).toContain('no evidence item "nothing"');
      const missing = casebook(vault, ['evidence', 'add', id, path.join(dir, 'gone.E01')]);
      expect(missing.stderr).toContain('gone.E01: cannot be read (ENOENT)');

      json(vault, ['evidence', 'add-ref', id, '--title', 'Shelf disk', '--sha256', 'a'.repeat(64)]);
      const pdf = path.join(dir, 'custody.pdf');
      const run = casebook(vault, ['evidence', 'report', id, '--pdf', pdf]);
      if (!existsSync('/usr/bin/chromium') && !process.env.CHROMIUM_PATH) {
        expect(run.stderr).toContain('no Chromium found for --pdf');
        return;
      }
      expect(run.code, run.stderr).toBe(0);
      expect(readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
    },
    CLI_TIMEOUT,
  );
  it(
    'links an item to an entity and an event, shows them by name, refuses an unknown one (exit 1) and unlinks',
    () => {
      const dir = tempDir();
      const vault = path.join(dir, 'vault');
      expect(casebook(vault, ['vault', 'init']).code).toBe(0);
      const { id } = json(vault, ['case', 'create', '--title', 'Links']);
      const csv = path.join(dir, 'events.csv');
      writeFileSync(
        csv,
        'message,datetime,timestamp_desc,hostname,username\nprocdump.exe -ma lsass.exe,2026-03-04T10:00:00+00:00,Event Recorded,WKS-1,alice\n',
      );
      expect(casebook(vault, ['import', '--case', id, csv]).code).toBe(0);
      const device = json(vault, ['entity', 'list', id, '--type', 'device']).rows[0];
      const event = json(vault, ['timeline', 'search', id, '--query', 'lsass']).events[0];
      // Links given when an item is added are checked as those added later are: an unknown one refuses the item.
      const refused = casebook(vault, ['evidence', 'add-ref', id, '--title', 'Ghost disk', '--sha256', 'c'.repeat(64), '--link-entity', 'ent-nope']);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain('fields.links.entities: case');
      expect(refused.stderr).toContain('has no entity ent-nope; nothing was added');
      const withLink = json(vault, ['evidence', 'add-ref', id, '--title', 'WKS-1 image', '--sha256', 'd'.repeat(64), '--link-entity', device.id]);
      expect(withLink.links.entities).toEqual([device.id]);
      // The imported file is logged as evidence too; the refused item is not there.
      expect(
        json(vault, ['evidence', 'list', id])
          .map((r: { title: string }) => r.title)
          .sort(),
      ).toEqual(['WKS-1 image', 'events.csv'].sort());
      const item = json(vault, ['evidence', 'add-ref', id, '--title', 'WKS-1 disk', '--sha256', 'b'.repeat(64)]);

      const linked = json(vault, ['evidence', 'link', id, item.id, '--link-entity', device.id, '--link-event', String(event.id), '--actor', 'Dana']);
      expect(linked).toEqual([
        expect.objectContaining({ kind: 'entity', id: device.id, label: 'WKS-1', detail: 'device' }),
        expect.objectContaining({ kind: 'event', id: String(event.id), label: 'procdump.exe -ma lsass.exe' }),
      ]);
      expect(casebook(vault, ['evidence', 'show', id, item.id]).stdout).toContain(`linked entity: WKS-1 (device)  ${device.id}`);
      const unknown = casebook(vault, ['evidence', 'link', id, item.id, '--link-alert', 'alert-nope']);
      expect(unknown.code).toBe(1);
      expect(unknown.stderr).toContain('has no alert alert-nope');
      const unlinked = json(vault, ['evidence', 'link', id, item.id, '--unlink-entity', device.id]);
      expect(unlinked.map((l: { kind: string }) => l.kind)).toEqual(['event']);
      const audit = json(vault, ['audit', 'list', id]);
      // Two audited records: the link by Dana (--actor), the unlink by the vault's analyst name.
      const actors = audit.filter((e: { type: string }) => e.type === 'evidence.linked').map((e: { actor: string }) => e.actor);
      expect(actors).toHaveLength(2);
      expect(actors[0]).toBe('Dana');
    },
    CLI_TIMEOUT,
  );
});
