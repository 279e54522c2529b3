import { copyFileSync, promises as fs, rmSync } from 'node:fs';
import path from 'node:path';
import { FAST_KDF, expect, screenshot, test } from './harness';
import { expectAccessible } from './a11y';
import { call, seedVault } from './seed';
import { lock, openImport, unlock } from './steps';

const PASSPHRASE = 'correct horse battery staple';
const NEXT = 'a brand new passphrase for the rotated vault';

test.describe('vault integrity from the window', () => {
  test.use({ kdf: FAST_KDF });

  test('Settings verifies the whole vault and lists every case with what its check found', async ({ app: page, engine }) => {
    await seedVault(page, engine, PASSPHRASE, [
      { title: 'Credential theft on DC-01', severity: 'critical' },
      { title: 'Phishing wave', severity: 'low' },
    ]);
    await unlock(page, PASSPHRASE);
    await page.getByRole('button', { name: 'Settings' }).click();
    const dialog = page.getByRole('dialog', { name: 'Settings' });
    await dialog.getByRole('button', { name: 'Verify vault' }).click();
    const result = dialog.getByTestId('vault-verification');
    await expect(result.getByRole('status')).toHaveText(/^Every case verified: 2 cases, checked \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC\.$/);
    const lines = result.getByRole('list', { name: 'Cases checked' }).getByRole('listitem');
    await expect(lines).toHaveCount(2);
    await expect(lines.filter({ hasText: 'Credential theft on DC-01' })).toContainText('verified, 1 record');
    await expect(lines.filter({ hasText: 'Phishing wave' })).toContainText('verified, 1 record');
    await expect(result).toContainText(/Vault manifest\s*copy \d+, written \d{4}-\d\d-\d\d/);
    await expect(dialog.getByRole('button', { name: 'Verify again' })).toBeFocused();
    await result.scrollIntoViewIfNeeded();
    await screenshot(page, 'settings-verify-vault');
    await expectAccessible(page, 'settings: vault verified');
  });

  test('Settings rotates the keys with a new passphrase; the vault then opens with it and not with the old one', async ({ app: page, engine }) => {
    await seedVault(page, engine, PASSPHRASE, [{ title: 'Credential theft on DC-01', severity: 'critical' }]);
    await unlock(page, PASSPHRASE);
    await page.getByRole('button', { name: 'Settings' }).click();
    const dialog = page.getByRole('dialog', { name: 'Settings' });
    const form = dialog.getByRole('form', { name: 'Rotate keys' });
    await expect(form).toContainText('Makes a new vault key and a new key for every case');
    await expect(form.getByRole('button', { name: 'Rotate keys' })).toHaveAttribute('aria-disabled', 'true');
    await form.getByLabel('Vault passphrase').fill('not the passphrase at all');
    await form.getByRole('button', { name: 'Rotate keys' }).click();
    await expect(form.getByRole('alert')).toContainText(/passphrase/i);

    await form.getByLabel('Vault passphrase').fill(PASSPHRASE);
    await form.getByLabel('New passphrase (advised)').fill(NEXT);
    await form.getByLabel('Repeat the new passphrase').fill(NEXT);
    await form.getByRole('button', { name: 'Rotate keys' }).click();
    await expect(form.getByRole('status').filter({ hasText: 'Keys rotated' })).toHaveText(
      /^Keys rotated: 1 case and 0 timeline files re-encrypted under new keys \(vault key [0-9a-f-]{36}\)\. Each case’s audit trail records the rotation\.$/,
    );
    await expect(form.getByLabel('Vault passphrase')).toHaveValue('');
    await form.scrollIntoViewIfNeeded();
    await screenshot(page, 'settings-rotate-keys');
    await expectAccessible(page, 'settings: keys rotated');

    await dialog.getByRole('button', { name: 'Close' }).click();
    await lock(page);
    await page.getByLabel('Passphrase').fill(PASSPHRASE);
    await page.getByLabel('Passphrase').press('Enter');
    await expect(page.getByRole('alert')).toBeVisible();
    await page.getByLabel('Passphrase').fill('');
    await unlock(page, NEXT);
    await expect(page.getByRole('row', { name: 'Credential theft on DC-01' })).toBeVisible();
  });

  test('a case rolled back on disk is refused, and its present state can be accepted on the record', async ({ app: page, engine, vaultDir }) => {
    const [record] = await seedVault(page, engine, PASSPHRASE, [{ title: 'Credential theft on DC-01', severity: 'critical' }]);
    const id = record!.id;
    const caseDir = path.join(vaultDir, 'cases', id);
    // Meanwhile, on disk: the case is resolved, then someone puts back its journal from before.
    await call(engine, 'vault.unlock', { passphrase: PASSPHRASE });
    const older = path.join(vaultDir, 'older.cbj');
    copyFileSync(path.join(caseDir, 'journal.cbj'), older);
    await call(engine, 'cases.update', { id, patch: { status: 'resolved' } });
    await call(engine, 'vault.lock', { reason: 'user' });
    copyFileSync(older, path.join(caseDir, 'journal.cbj'));
    rmSync(path.join(caseDir, 'journal.head'));
    await page.reload();

    await unlock(page, PASSPHRASE);
    const refused = page.locator('.unreadable').getByRole('alert');
    await expect(refused).toContainText('1 case could not be read.');
    await expect(refused).toContainText('ROLLED BACK: the vault manifest recorded 2 records for this case');
    await expect(page.getByRole('row', { name: 'Credential theft on DC-01' })).toHaveCount(0);
    await screenshot(page, 'case-list-rolled-back');
    await expectAccessible(page, 'case list with a rolled-back case');

    await test.step('Verify vault names it too, beside the cases that verify', async () => {
      await page.getByRole('button', { name: 'Settings' }).click();
      const settings = page.getByRole('dialog', { name: 'Settings' });
      await settings.getByRole('button', { name: 'Verify vault' }).click();
      const result = settings.getByTestId('vault-verification');
      await expect(result.getByRole('alert')).toHaveText(/^1 case of 1 failed, checked \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC\.$/);
      const line = result.getByRole('list', { name: 'Cases checked' }).getByRole('listitem');
      await expect(line).toContainText('Unreadable case');
      await expect(line).toContainText('1 good record, then: ROLLED BACK: the vault manifest recorded 2 records');
      await result.scrollIntoViewIfNeeded();
      await screenshot(page, 'settings-verify-vault-rolled-back');
      await settings.getByRole('button', { name: 'Close' }).click();
    });
    await refused.getByRole('button', { name: 'Accept the rolled back state…' }).click();
    const confirm = page.getByRole('dialog', { name: 'Accept the rolled back state' });
    await expect(confirm).toContainText('Accept only once you have examined the case');
    await screenshot(page, 'accept-state-dialog');
    await expectAccessible(page, 'accept state dialog');
    await confirm.getByRole('button', { name: 'Accept this state' }).click();

    await expect(confirm).toHaveCount(0);
    await expect(page.locator('.unreadable').getByRole('status')).toContainText('Accepted: present state accepted (1 records where the manifest expected 2');
    await expect(page.locator('.unreadable').getByRole('alert')).toHaveCount(0);
    await page.getByRole('row', { name: 'Credential theft on DC-01' }).click();
    await page.getByRole('tab', { name: 'Audit' }).click();
    await expect(page.getByText('vault.rollbackAccepted')).toBeVisible();
    const verified = await call(engine, 'vault.verify', {});
    expect(verified.ok).toBe(true);
    expect(verified.manifest.accepted).toEqual([expect.objectContaining({ caseId: id })]);
  });

  test('a deleted vault manifest refuses every case, and can be begun again from the cases as they are', async ({ app: page, engine, vaultDir }) => {
    await seedVault(page, engine, PASSPHRASE, [
      { title: 'Credential theft on DC-01', severity: 'critical' },
      { title: 'Phishing wave', severity: 'low' },
    ]);
    rmSync(path.join(vaultDir, 'manifest.cbm'));
    await unlock(page, PASSPHRASE);
    const refused = page.locator('.unreadable').getByRole('alert');
    await expect(refused).toContainText('2 cases could not be read.');
    await expect(refused.getByRole('listitem')).toHaveCount(2);
    await expect(refused.getByRole('listitem').first()).toContainText('the vault manifest (manifest.cbm) is missing');
    await refused.getByRole('button', { name: 'Begin the vault manifest again…' }).click();
    const confirm = page.getByRole('dialog', { name: 'Begin the vault manifest again' });
    await expect(confirm).toContainText('takes the cases as they are now as the truth');
    await expectAccessible(page, 'begin the manifest again');
    await confirm.getByRole('button', { name: 'Begin it again' }).click();
    await expect(page.locator('.unreadable').getByRole('status')).toHaveText(
      /^Accepted: manifest missing and begun again from 2 case\(s\) as they are\. The acceptance is written in the vault manifest\.$/,
    );
    await expect(page.getByRole('row', { name: 'Credential theft on DC-01' })).toBeVisible();
    await expect(page.getByRole('row', { name: 'Phishing wave' })).toBeVisible();
    expect((await call(engine, 'vault.verify', {})).ok).toBe(true);
  });

  test('the import report says how much invalid UTF-8 the file had and where the first was', async ({ app: page, engine, harness, folder }) => {
    const file = path.join(folder, 'latin1-timeline.jsonl');
    const line = (i: number, message: string) => `{"message": "${message}", "datetime": "2026-03-01T10:00:0${i}Z", "timestamp_desc": "Event Recorded"}\n`;
    // A Latin-1 "café" in an otherwise UTF-8 file: one byte (0xE9) that is not UTF-8.
    const [before, after] = line(2, 'caf|').split('|') as [string, string];
    const text = line(1, 'logon by alice') + before;
    await fs.writeFile(file, Buffer.concat([Buffer.from(text), Buffer.from([0xe9]), Buffer.from(after)]));
    await seedVault(page, engine, PASSPHRASE, []);
    await unlock(page, PASSPHRASE);
    const dialog = await openImport(page, harness, [file]);
    await dialog.getByRole('button', { name: 'Import', exact: true }).click();
    const report = dialog.getByRole('region', { name: 'Report for latin1-timeline.jsonl' });
    await expect(report.getByTestId('report-invalid-utf8')).toHaveText(`1 sequence, the first at byte offset ${text.length}; each read as � (U+FFFD)`);
    await screenshot(page, 'import-report-invalid-utf8');
    await expectAccessible(page, 'import report with invalid UTF-8');
  });
});
