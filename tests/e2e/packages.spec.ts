import { promises as fs } from 'node:fs';
import path from 'node:path';
import { expectAccessible } from './a11y';
import { FAST_KDF, expect, screenshot, test } from './harness';
import { call } from './seed';
import { openCaseFromList, unlock } from './steps';

const PASSPHRASE = 'correct horse battery staple';
const CASE = 'Beaconing from the HR laptop';

async function writeLog(file: string): Promise<void> {
  const start = Date.UTC(2026, 2, 1, 8, 0, 0);
  const rows = ['message,datetime,timestamp_desc,hostname,username'];
  for (let i = 0; i < 200; i++)
    rows.push(`GET https://intranet.corp.example/page/${i} 200,${new Date(start + i * 60_000).toISOString()},Event Recorded,HR-LT-07,jsmith`);
  await fs.writeFile(file, rows.join('\n') + '\n');
}

test.describe('case packages', () => {
  test.use({ kdf: FAST_KDF });

  test('export a case as a signed, redacted package with the keyboard, then verify and import it: every check shown, the signer named', async ({
    app: page,
    engine,
    harness,
    folder,
  }) => {
    test.setTimeout(180_000);
    const log = path.join(folder, 'proxy.csv');
    await writeLog(log);
    const out = path.join(folder, 'case.cbpkg');

    await test.step('given a case with a timeline', async () => {
      await call(engine, 'vault.create', { passphrase: PASSPHRASE });
      const caseId = (await call(engine, 'cases.create', { title: CASE, severity: 'high' })).cases![0]!.id;
      await call(engine, 'import.start', { taskId: 'log', file: log, caseId });
      await call(engine, 'vault.lock', { reason: 'user' });
      await page.reload();
      await unlock(page, PASSPHRASE);
      await openCaseFromList(page, CASE);
    });

    const recipient = (await call(engine, 'identity.show', {})).identity.ageRecipient;

    await test.step('the export dialog asks whom to encrypt to, what to keep and what to redact', async () => {
      await page.getByRole('button', { name: 'Export…', exact: true }).click();
      const dialog = page.getByRole('dialog', { name: 'Export case package' });
      await expect(dialog).toBeVisible();
      // Keyboard: the first field has focus; type the recipient, tick "User names", press Enter on the button.
      await expect(dialog.getByRole('radio', { name: 'Examiners’ age public keys' })).toBeFocused();
      // The two radios are one stop: Tab leaves them for the recipients field.
      await page.keyboard.press('Tab');
      await expect(dialog.getByRole('textbox', { name: 'Recipients' })).toBeFocused();
      await page.keyboard.type(recipient);
      await dialog.getByRole('checkbox', { name: 'User names' }).focus();
      await page.keyboard.press('Space');
      await expect(dialog.getByRole('checkbox', { name: 'User names' })).toBeChecked();
      await expectAccessible(page, 'export package dialog');
      await screenshot(page, 'package-export-dialog');
      harness.saveAs(out);
      await dialog.getByRole('button', { name: 'Export…' }).focus();
      await page.keyboard.press('Enter');
      await expect(dialog.getByTestId('export-done')).toContainText('Package written: ');
      await expect(dialog.getByTestId('export-done')).toContainText('200 events');
      await expect(dialog.getByTestId('export-done')).toContainText('user: 1 value');
      await screenshot(page, 'package-export-done');
      await dialog.getByRole('button', { name: 'Done' }).click();
    });

    await test.step('the verification view lists each check with its result and the signer', async () => {
      await page.getByRole('button', { name: /Cases/ }).first().click();
      await page.getByRole('button', { name: 'Import package…' }).click();
      const dialog = page.getByRole('dialog', { name: 'Import case package' });
      harness.chooseFiles([out]);
      await dialog.getByRole('button', { name: 'Choose package…' }).click();
      await expect(dialog.getByText('case.cbpkg')).toBeVisible();
      await dialog.getByRole('button', { name: 'Verify', exact: true }).click();
      const view = dialog.getByTestId('package-verification');
      await expect(view).toContainText('The package verifies: every check passed.');
      const checks = view.getByRole('table', { name: 'Package checks' });
      for (const name of ['decrypt', 'structure', 'manifest', 'SHA256SUMS', 'journal chain', 'events', 'signature']) {
        await expect(checks.getByRole('row', { name: new RegExp(`^${name} ✓ passed`) })).toBeVisible();
      }
      await expect(view).toContainText('(this vault’s own key)');
      await expectAccessible(page, 'package verification');
      await screenshot(page, 'package-verification');
      // The same case is in this vault already: nothing is imported until the user chooses.
      await dialog.getByRole('button', { name: 'Verify and import' }).click();
      await expect(dialog).toContainText('is already in this vault');
      await dialog.getByRole('button', { name: 'Keep both' }).click();
      await expect(dialog).toContainText('Imported “Beaconing from the HR laptop”');
      // Both copies are on the case list behind the dialog.
      // (Rows of the case list: their names start with the title; the dialog's own "Case" row names it too.)
      await expect(page.getByRole('row', { name: /^Beaconing from the HR laptop/ })).toHaveCount(2);
      await screenshot(page, 'package-imported');
    });

    await test.step('Settings shows the examiner identity with its fingerprints', async () => {
      await page.keyboard.press('Escape');
      await page.getByRole('button', { name: 'Settings' }).click();
      const settings = page.getByRole('dialog', { name: 'Settings' });
      await expect(settings.getByText(/^SHA256:/).first()).toBeVisible();
      await settings.getByRole('heading', { name: 'Examiner identity' }).scrollIntoViewIfNeeded();
      await expectAccessible(page, 'settings with identity');
      await screenshot(page, 'settings-identity');
      await settings.getByRole('button', { name: 'Identity and trusted keys…' }).click();
      const identity = page.getByRole('dialog', { name: 'Examiner identity and trusted keys' });
      await expect(identity.getByText(recipient, { exact: true })).toBeVisible();
    });
  });
});
