import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { Engine } from '../../electron/core/engine';
import { expectAccessible } from './a11y';
import { FAST_KDF, expect, screenshot, test } from './harness';
import { openSampleIncidentCase } from './sample-case';
import { call } from './seed';
import { unlock } from './steps';

/**
 * The carry screens (issue 15) walked on the sample incident case: the export
 * dialog's pickers, the verification of packages signed by a known and an
 * unknown examiner (and trusting the latter), the examiner identity and its
 * trusted keys, the full report preview, a vault backup (in progress,
 * cancelled, done) and its restore into an empty folder, then opened.
 */

const PASSPHRASE = 'correct horse battery staple';
const TITLE = 'LSASS dump on the finance workstation';

/** Another examiner's vault, in its own folder: what a colleague at another lab would have. */
async function otherExaminer(folder: string, name: string): Promise<{ engine: Engine; keys: string; fingerprint: string }> {
  const engine = new Engine({ vaultDir: path.join(folder, name), kdf: FAST_KDF });
  await call(engine, 'vault.create', { passphrase: PASSPHRASE });
  await call(engine, 'vault.settings', { actor: name });
  const { text, identity } = await call(engine, 'identity.export', {});
  return { engine, keys: text, fingerprint: identity.signingFingerprint };
}

/** "2024-05-01 10:00:00": how a person types a UTC time. */
const typed = (us: number) => new Date(Math.floor(us / 1000)).toISOString().slice(0, 19).replace('T', ' ');

async function openSettingsDialog(page: Page, button: string, dialogName: string) {
  await page.getByRole('button', { name: 'Settings' }).click();
  await page.getByRole('dialog', { name: 'Settings' }).getByRole('button', { name: button }).click();
  const dialog = page.getByRole('dialog', { name: dialogName });
  await expect(dialog).toBeVisible();
  return dialog;
}

test.describe('carry screens', () => {
  test.use({ kdf: FAST_KDF });

  test('export with pickers, verify and trust signers, identity and trusted keys, report preview, back up and restore the vault', async ({
    app: page,
    engine,
    harness,
    folder,
    vaultDir,
  }) => {
    test.setTimeout(600_000);
    const caseId = await openSampleIncidentCase(page, engine, { passphrase: PASSPHRASE, title: TITLE });
    const own = (await call(engine, 'identity.show', {})).identity;
    const dana = await otherExaminer(folder, 'Dana Whitfield');
    const sam = await otherExaminer(folder, 'Sam Okafor');
    const out = path.join(folder, 'selection.cbpkg');
    const span = await call(engine, 'timeline.summary', { caseId });
    // The middle of the timeline, to the second: what the analyst types as the end of the range.
    const middleSecond = Math.floor((span.minTime! + span.maxTime!) / 2 / 1e6);

    await test.step('the export dialog picks alerts, evidence, entities and a UTC range, and lists the fields to redact with their placeholder', async () => {
      await page.getByRole('button', { name: 'Export…', exact: true }).click();
      const dialog = page.getByRole('dialog', { name: 'Export case package' });
      await dialog.getByRole('textbox', { name: 'Recipients' }).fill(own.ageRecipient);

      const alerts = dialog.getByRole('group', { name: /^Alerts ·/ });
      await expect(alerts.getByRole('checkbox').first()).toBeVisible();
      // Keyboard: from the search box, Tab reaches the first alert and Space ticks it.
      const [alert] = await call(engine, 'alerts.list', { caseId });
      await alerts.getByRole('searchbox', { name: 'Search alerts by title or severity' }).fill(alert!.severity);
      await page.keyboard.press('Tab');
      await page.keyboard.press('Space');
      await expect(alerts.getByRole('list', { name: 'Alerts chosen' }).getByRole('listitem')).toHaveCount(1);

      const evidence = dialog.getByRole('group', { name: /^Evidence ·/ });
      await evidence.getByRole('searchbox', { name: 'Search evidence by title' }).fill('lsass');
      await evidence.getByRole('checkbox').first().check();
      await expect(evidence).toContainText('1 chosen');

      const entities = dialog.getByRole('group', { name: /^Entities ·/ });
      await entities.getByLabel('Type').selectOption('device');
      await entities.getByRole('checkbox').first().check();
      await expect(entities.getByRole('list', { name: 'Entities chosen' }).getByRole('listitem')).toHaveCount(1);

      await dialog.getByLabel('From (UTC, inclusive)').fill(typed(span.minTime!));
      await dialog.getByLabel('Before (UTC, exclusive)').fill(typed(middleSecond * 1e6));
      await expect(dialog.getByText(/ events fall in this range\.$/)).toBeVisible();

      const redaction = dialog.getByRole('table', { name: 'Fields to redact' });
      await redaction.getByRole('checkbox', { name: 'User names' }).check();
      await expect(redaction.getByRole('row', { name: /User names/ })).toContainText('→ USER-1');
      await redaction.getByRole('checkbox', { name: 'Host names' }).check();
      await expectAccessible(page, 'export dialog with pickers');
      await dialog.getByRole('group', { name: /^Alerts ·/ }).scrollIntoViewIfNeeded();
      await screenshot(page, 'carry-export-pickers');
      await redaction.scrollIntoViewIfNeeded();
      await screenshot(page, 'carry-export-redaction');

      harness.saveAs(out);
      await dialog.getByRole('button', { name: 'Export…' }).click();
      await expect(dialog.getByTestId('export-done')).toContainText('Package written: ', { timeout: 60_000 });
      await expect(dialog.getByTestId('export-done')).toContainText(/user: \d+ values?/);
      await dialog.getByRole('button', { name: 'Done' }).click();
    });

    await test.step('the picked selection is what the package holds', async () => {
      const verified = await call(engine, 'packages.verify', { file: out });
      expect(verified.ok).toBe(true);
      expect(verified.manifest!.selection!.alerts).toHaveLength(1);
      expect(verified.manifest!.selection!.evidence).toHaveLength(1);
      expect(verified.manifest!.selection!.entities).toHaveLength(1);
      expect(verified.manifest!.selection!.events!.to).toBe(new Date(middleSecond * 1000).toISOString());
      expect(verified.manifest!.redaction!.fields).toEqual(['user', 'host']);
    });

    await test.step('a package signed by an unknown key offers "Trust this key"; once trusted, the same package names its examiner', async () => {
      const theirs = path.join(folder, 'from-dana.cbpkg');
      const danaCase = (await call(dana.engine, 'cases.create', { title: 'Phishing wave at the subsidiary', severity: 'medium' })).cases![0]!.id;
      await call(dana.engine, 'packages.export', { taskId: 'dana', caseId: danaCase, out: theirs, to: { recipients: [own.ageRecipient] }, sign: true });
      await page.getByRole('button', { name: /Cases/ }).first().click();
      await page.getByRole('button', { name: 'Import package…' }).click();
      const dialog = page.getByRole('dialog', { name: 'Import case package' });
      harness.chooseFiles([theirs]);
      await dialog.getByRole('button', { name: 'Choose package…' }).click();
      await dialog.getByRole('button', { name: 'Verify', exact: true }).click();
      const view = dialog.getByTestId('package-verification');
      await expect(view).toContainText('(a key this vault does not know)');
      const trust = view.getByRole('group', { name: 'Signed by a key this vault does not know' });
      await expect(trust).toContainText(dana.fingerprint);
      await expect(trust.getByLabel('Examiner’s name')).toHaveValue('Dana Whitfield');
      await expectAccessible(page, 'verification, unknown signer');
      await trust.scrollIntoViewIfNeeded();
      await screenshot(page, 'carry-verify-unknown-signer');
      await trust.getByRole('button', { name: 'Trust this key' }).click();
      await expect(view).toContainText('(Dana Whitfield, a known examiner)');
      await expect(view.getByRole('group', { name: 'Signed by a key this vault does not know' })).toHaveCount(0);
      await expectAccessible(page, 'verification, known signer');
      await screenshot(page, 'carry-verify-known-signer');
      await page.keyboard.press('Escape');
    });

    await test.step('the identity dialog shows this vault’s keys with fingerprints, saves the public keys, and manages trusted identities', async () => {
      const dialog = await openSettingsDialog(page, 'Identity and trusted keys…', 'Examiner identity and trusted keys');
      await expect(dialog.getByText(own.ageRecipient, { exact: true })).toBeVisible();
      await expect(dialog.getByText(own.signingFingerprint, { exact: true })).toBeVisible();
      await expect(dialog.getByText(own.ageFingerprint, { exact: true })).toBeVisible();
      const keysFile = path.join(folder, 'my-keys.txt');
      harness.saveAs(keysFile);
      await dialog.getByRole('button', { name: 'Export public keys…' }).click();
      await expect(dialog.getByText(/^Public keys saved to my-keys\.txt/)).toBeVisible();
      const saved = await fs.readFile(keysFile, 'utf8');
      expect(saved).toContain(own.ageRecipient);
      expect(saved).toContain(`casebook-ed25519 ${own.signingKey}`);
      await expectAccessible(page, 'identity');
      await screenshot(page, 'carry-identity');

      // Sam's keys pasted, then a keys file that is not one: refused, naming the line.
      await dialog.getByRole('radio', { name: 'Paste the public keys' }).check();
      await dialog.getByLabel('Name').fill('Sam Okafor (CERT)');
      await dialog.getByRole('textbox', { name: 'Public keys' }).fill(sam.keys);
      await dialog.getByRole('button', { name: 'Trust these keys' }).click();
      const table = dialog.getByRole('table', { name: 'Trusted identities' });
      await expect(table.getByRole('row', { name: /Sam Okafor \(CERT\)/ })).toContainText(sam.fingerprint);
      await expect(table.getByRole('row', { name: /Dana Whitfield/ })).toContainText(/\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC/);
      const bad = path.join(folder, 'not-keys.txt');
      await fs.writeFile(bad, 'hello\n');
      harness.chooseFiles([bad]);
      await dialog.getByRole('radio', { name: 'From a public keys file' }).check();
      await dialog.getByRole('button', { name: 'Choose keys file and trust…' }).click();
      await expect(dialog.getByText(/not-keys\.txt: public keys file line 1/i)).toBeVisible();
      await table.scrollIntoViewIfNeeded();
      await expectAccessible(page, 'trusted identities');
      await screenshot(page, 'carry-trusted-keys');

      // Remove Sam with the keyboard: the button, then the confirmation (which takes focus).
      await dialog.getByRole('button', { name: 'Remove Sam Okafor (CERT)…' }).focus();
      await page.keyboard.press('Enter');
      await expect(dialog.getByRole('button', { name: 'Remove Sam Okafor (CERT)', exact: true })).toBeFocused();
      await page.keyboard.press('Enter');
      await expect(table.getByRole('row', { name: /Sam Okafor/ })).toHaveCount(0);
      await expect(table.getByRole('row', { name: /Dana Whitfield/ })).toBeVisible();
      expect((await call(engine, 'identity.show', {})).known.map((k) => k.name)).toEqual(['Dana Whitfield']);
      await page.keyboard.press('Escape');
    });

    await test.step('the report is previewed whole, in a sandboxed frame, beside its Save buttons', async () => {
      await page.getByRole('row', { name: new RegExp(`^${TITLE}`) }).click();
      await page.getByRole('tab', { name: 'Report & export' }).click();
      const frame = page.locator('iframe.report-frame');
      await expect(frame).toHaveAttribute('sandbox', '');
      await expect(frame).toHaveAttribute('src', /^blob:/);
      await expect(page.frameLocator('iframe.report-frame').getByRole('heading', { level: 1 })).toContainText(TITLE);
      await expect(page.getByRole('button', { name: 'Save as HTML…' })).toBeEnabled();
      await expect(page.getByRole('button', { name: 'Save as PDF…' })).toBeEnabled();
      await expectAccessible(page, 'report preview');
      await screenshot(page, 'carry-report-preview');
    });

    const backupFile = path.join(folder, 'vault.cbbak');
    await test.step('a vault backup shows its progress and can be cancelled, leaving no file', async () => {
      // A large file in the vault folder, so the backup runs long enough to be watched and cancelled.
      const ballast = path.join(vaultDir, 'zz-ballast.bin');
      await fs.writeFile(ballast, Buffer.alloc(0));
      await fs.truncate(ballast, 6 * 1024 * 1024 * 1024);
      const dialog = await openSettingsDialog(page, 'Back up the vault…', 'Back up the vault');
      await dialog.getByRole('radio', { name: 'A passphrase' }).check();
      await dialog.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
      await dialog.getByLabel('Repeat it').fill(PASSPHRASE);
      harness.saveAs(backupFile);
      await dialog.getByRole('button', { name: 'Back up…' }).click();
      const bar = dialog.getByRole('progressbar', { name: 'Writing the backup' });
      await expect(bar).toHaveAttribute('aria-valuenow', /^[1-9]\d?$/, { timeout: 60_000 });
      await screenshot(page, 'carry-backup-progress');
      await dialog.getByRole('button', { name: 'Cancel backup' }).click();
      await expect(dialog.getByRole('alert').filter({ hasText: 'the backup was cancelled; no file was written' })).toBeVisible({ timeout: 30_000 });
      await expectAccessible(page, 'backup cancelled');
      expect(existsSync(backupFile)).toBe(false);
      await fs.rm(ballast);

      harness.saveAs(backupFile);
      await dialog.getByRole('button', { name: 'Back up…' }).click();
      const done = dialog.getByTestId('backup-done');
      await expect(done).toContainText('Backup written: ', { timeout: 60_000 });
      await expect(done).toContainText(/[0-9a-f]{64}/);
      await expectAccessible(page, 'backup done');
      await screenshot(page, 'carry-backup-done');
      await done.getByRole('button', { name: 'Done' }).click();
    });

    await test.step('a backup is restored only into an empty folder, then opened there with the vault’s passphrase', async () => {
      const busy = path.join(folder, 'busy-folder');
      await fs.mkdir(busy);
      await fs.writeFile(path.join(busy, 'notes.txt'), 'not a vault\n');
      const target = path.join(folder, 'restored-vault');
      const dialog = await openSettingsDialog(page, 'Restore a backup…', 'Restore a vault backup');
      harness.chooseFiles([backupFile]);
      await dialog.getByRole('button', { name: 'Choose backup…' }).click();
      harness.saveAs(busy);
      await dialog.getByRole('button', { name: 'Choose empty folder…' }).click();
      await dialog.getByLabel('Backup passphrase').fill(PASSPHRASE);
      await dialog.getByRole('button', { name: 'Restore' }).click();
      await expect(dialog.getByRole('alert').filter({ hasText: 'is not empty: a vault is restored into an empty folder only' })).toBeVisible();
      expect(await fs.readdir(busy)).toEqual(['notes.txt']);
      await screenshot(page, 'carry-restore-refused');

      harness.saveAs(target);
      await dialog.getByRole('button', { name: 'Choose another folder…' }).click();
      await dialog.getByRole('button', { name: 'Restore' }).click();
      await expect(dialog.getByTestId('restore-done')).toContainText('every file matched its SHA-256', { timeout: 60_000 });
      await expect(dialog.getByRole('button', { name: 'Open the restored vault' })).toBeFocused();
      await expectAccessible(page, 'restore done');
      await screenshot(page, 'carry-restore-done');

      await page.keyboard.press('Enter');
      await expect(page.getByRole('heading', { name: 'Unlock the vault' })).toBeVisible();
      await expect(page.getByText(target, { exact: true })).toBeVisible();
      await unlock(page, PASSPHRASE);
      await expect(page.getByRole('row', { name: new RegExp(`^${TITLE}`) })).toBeVisible();
      await screenshot(page, 'carry-restored-vault-open');
    });

    await dana.engine.dispose();
    await sam.engine.dispose();
  });
});
