import { promises as fs } from 'node:fs';
import { createHash, randomBytes } from 'node:crypto';
import path from 'node:path';
import { expectAccessible } from './a11y';
import { FAST_KDF, expect, screenshot, test } from './harness';
import { call } from './seed';
import { openCaseFromList, unlock } from './steps';

const PASSPHRASE = 'correct horse battery staple';
const CASE = 'Ransomware on FIN-WKS-12';
const SHA1 = 'a94a8fe5ccb19ba61c4c0873d391e987982fbbd3';
const MD5 = '098f6bcd4621d373cade4e832627b4f6';
const FTK_TEXT = `Created By AccessData® FTK® Imager 4.7.1.2\n[Computed Hashes]\n MD5 checksum:    ${MD5}\n SHA1 checksum:   ${SHA1}\nVerify result: Match`;

test.describe('evidence and its chain of custody', () => {
  test.use({ kdf: FAST_KDF });

  test('the evidence list, an item with its custody chain, a tampered blob caught, an ingest, and the custody report', async ({
    app: page,
    engine,
    harness,
    folder,
    vaultDir,
  }) => {
    test.setTimeout(180_000);
    const memory = randomBytes(3 * 1024 * 1024 + 77);
    const memoryFile = path.join(folder, 'FIN-WKS-12.mem');
    await fs.writeFile(memoryFile, memory);
    const timeline = path.join(folder, 'edr.csv');
    await fs.writeFile(
      timeline,
      'message,datetime,timestamp_desc,hostname,username\nvssadmin delete shadows,2026-11-30T02:11:00+00:00,Event Recorded,FIN-WKS-12,svc_backup\n',
    );
    let caseId = '';
    let memoryId = '';

    await test.step('given a case with an ingested memory image, a disk held elsewhere with its custody, and an imported file', async () => {
      await call(engine, 'vault.create', { passphrase: PASSPHRASE });
      caseId = (await call(engine, 'cases.create', { title: CASE, severity: 'high' })).cases![0]!.id;
      await call(engine, 'import.start', { taskId: 'edr', file: timeline, caseId });
      const fields = { title: 'FIN-WKS-12 memory', kind: 'memory-image' as const, sourceHost: 'FIN-WKS-12', acquiredBy: 'R. Okafor', tool: 'WinPmem 4.0.rc1' };
      memoryId = (await call(engine, 'evidence.add', { caseId, taskId: 'mem', file: memoryFile, fields: { ...fields, acquiredAt: '2026-11-30T06:40:00Z' } }))
        .result.id;
      await call(engine, 'evidence.verify', { caseId, itemId: memoryId, actor: 'R. Okafor' });
      const disk = (
        await call(engine, 'evidence.addRef', {
          caseId,
          fields: { title: 'FIN-WKS-12 SSD (E01)', kind: 'disk-image', storageLocation: 'Locker 3, shelf B, bag 0141', tool: 'FTK Imager 4.7.1' },
          hashes: { sha1: SHA1, md5: MD5 },
          size: 256_060_514_304,
        })
      ).result;
      const seized = await call(engine, 'evidence.custody', {
        caseId,
        itemId: disk.id,
        entry: { event: 'collected', by: 'R. Okafor', at: '2026-11-30T07:05:00Z', where: 'Finance floor 2', purpose: 'seizure', notes: 'bag 0114' },
      });
      await call(engine, 'evidence.custody', {
        caseId,
        itemId: disk.id,
        entry: { event: 'collected', by: 'R. Okafor', at: '2026-11-30T07:05:00Z', notes: 'bag 0141, not 0114', corrects: seized.result.id },
      });
      await call(engine, 'evidence.custody', {
        caseId,
        itemId: disk.id,
        entry: { event: 'transferred', from: 'R. Okafor', to: 'Evidence room (J. Lind)', at: '2026-11-30T09:30:00Z', hashVerified: 'match' },
      });
      await call(engine, 'vault.lock', { reason: 'user' });
      await page.reload();
      await unlock(page, PASSPHRASE);
      await openCaseFromList(page, CASE);
    });

    await test.step('the Evidence tab lists items and imported files with size, SHA-256, custody and last verification', async () => {
      await page.getByRole('tab', { name: 'Evidence' }).click();
      const table = page.getByRole('table', { name: /Evidence of this case/ });
      await expect(table.locator('tbody tr')).toHaveCount(3);
      await expect(table.getByRole('row', { name: /FIN-WKS-12 memory/ })).toContainText(/match · \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC/);
      await expect(table.getByRole('row', { name: /SSD/ })).toContainText('held elsewhere');
      await expect(table.getByRole('row', { name: /edr\.csv/ })).toContainText('Imported file');
      await expectAccessible(page, 'evidence list');
      await screenshot(page, 'evidence-list');
    });

    await test.step('an item shows its custody chain, where a correction names the entry it corrects', async () => {
      await page.getByRole('button', { name: 'FIN-WKS-12 SSD (E01)', exact: true }).click();
      await expect(page.getByRole('heading', { name: 'FIN-WKS-12 SSD (E01)' })).toBeVisible();
      const chain = page.getByRole('table', { name: 'Chain of custody, oldest first' });
      await expect(chain.locator('tbody tr')).toHaveCount(3);
      await expect(chain.locator('tbody tr').nth(1)).toContainText('corrects #1');
      await expect(chain.locator('tbody tr').nth(2)).toContainText('verified: match');
      await expectAccessible(page, 'evidence item');
      await screenshot(page, 'evidence-item');
    });

    await test.step('a custody entry is added from the keyboard; Escape closes the dialog where it was opened', async () => {
      const add = page.getByRole('button', { name: 'Add custody entry…' });
      await add.focus();
      await page.keyboard.press('Enter');
      const dialog = page.getByRole('dialog', { name: 'Add custody entry' });
      await expect(dialog.getByLabel('Event')).toBeFocused();
      await page.keyboard.press('Escape');
      await expect(dialog).toHaveCount(0);
      await expect(add).toBeFocused();
      await expect(add).toBeEnabled();
      await page.keyboard.press('Enter');
      await expect(dialog.getByLabel('Event')).toBeFocused();
      await dialog.getByLabel('Event').selectOption('received');
      await dialog.getByLabel('From whom').fill('Evidence room (J. Lind)');
      await dialog.getByLabel('To whom').fill('Lab bench 2');
      await dialog.getByLabel('Purpose').fill('imaging check');
      await expectAccessible(page, 'custody entry dialog');
      await screenshot(page, 'evidence-custody-dialog');
      await dialog.getByRole('button', { name: 'Record entry' }).click();
      await expect(dialog).toHaveCount(0);
      await expect(page.getByRole('table', { name: 'Chain of custody, oldest first' }).locator('tbody tr')).toHaveCount(4);
    });

    await test.step('a blob altered on disk is caught by re-verify, loudly, naming the item', async () => {
      await page.getByRole('button', { name: '← Evidence' }).click();
      await page.getByRole('button', { name: 'FIN-WKS-12 memory', exact: true }).click();
      const blob = path.join(vaultDir, 'cases', caseId, 'evidence', memoryId, 'f000001.blob');
      const bytes = await fs.readFile(blob);
      bytes.writeUInt8(bytes.readUInt8(2_000_000) ^ 0x20, 2_000_000);
      await fs.writeFile(blob, bytes);
      await page.getByRole('button', { name: 'Verify hashes' }).click();
      const alarm = page.getByRole('alert').filter({ hasText: 'HASH MISMATCH' });
      await expect(alarm).toContainText('“FIN-WKS-12 memory” no longer matches its recorded hashes');
      await expect(alarm).toContainText('chunk 1');
      await expect(page.getByRole('table', { name: 'Chain of custody, oldest first' })).toContainText('MISMATCH');
      await expectAccessible(page, 'evidence mismatch');
      await screenshot(page, 'evidence-mismatch');
    });

    await test.step('a file is ingested and a reference item added with hashes pasted from FTK Imager, through the dialog', async () => {
      await page.getByRole('button', { name: '← Evidence' }).click();
      await expect(page.getByRole('alert').filter({ hasText: 'HASH MISMATCH at the last verification of: “FIN-WKS-12 memory”' })).toBeVisible();
      const note = path.join(folder, 'ransom-note.txt');
      await fs.writeFile(note, 'YOUR FILES ARE ENCRYPTED\n');
      harness.chooseFiles([note]);
      await page.getByRole('button', { name: 'Add evidence…' }).click();
      const dialog = page.getByRole('dialog', { name: 'Add evidence' });
      await dialog.getByRole('button', { name: 'Choose file…' }).click();
      await expect(dialog.getByLabel('Title')).toHaveValue('ransom-note.txt');
      await expectAccessible(page, 'add evidence dialog');
      await screenshot(page, 'evidence-add-dialog');
      await dialog.getByRole('button', { name: 'Add evidence' }).click();
      await expect(page.getByRole('heading', { name: 'ransom-note.txt' })).toBeVisible();
      await expect(page.getByText(createHash('sha256').update('YOUR FILES ARE ENCRYPTED\n').digest('hex'))).toBeVisible();

      await page.getByRole('button', { name: '← Evidence' }).click();
      await page.getByRole('button', { name: 'Add evidence…' }).click();
      await dialog.getByLabel('Held elsewhere (by reference)').check();
      await dialog.getByLabel('Title').fill('USB stick from reception');
      await dialog.getByLabel('Hashes').fill('MD5 checksum: 12345');
      await expect(dialog.getByText('line 1: "12345" is not a MD5')).toBeVisible();
      await dialog.getByLabel('Hashes').fill(FTK_TEXT);
      await expect(dialog.getByText('Read from ftk-imager: sha1, md5')).toBeVisible();
      await dialog.getByRole('button', { name: 'Add evidence' }).click();
      await expect(page.getByRole('heading', { name: 'USB stick from reception' })).toBeVisible();
      await expect(page.getByText(SHA1)).toBeVisible();
    });

    await test.step('the custody report is one self-contained page, and prints to PDF', async () => {
      const { html } = await call(engine, 'evidence.report', { caseId });
      expect(html).not.toMatch(/<script|<link|src=|url\(/i);
      // A page of its own (not the app's origin or context): the report must stand alone.
      const context = await page
        .context()
        .browser()!
        .newContext({ viewport: { width: 1280, height: 900 } });
      const report = await context.newPage();
      try {
        const requests: string[] = [];
        report.on('request', (r) => requests.push(r.url()));
        await report.setContent(html);
        await expect(report.getByRole('heading', { level: 1 })).toHaveText(`Custody report: case ${CASE}`);
        await expect(report.getByText('HASH MISMATCH').first()).toBeVisible();
        await expectAccessible(report, 'custody report');
        await screenshot(report, 'evidence-report');
        const pdf = await report.pdf({ format: 'A4', landscape: true, printBackground: true });
        expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
        expect(requests).toEqual([]);
      } finally {
        await context.close();
      }
    });
  });
});
