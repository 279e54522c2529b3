import path from 'node:path';
import { FAST_KDF, expect, test } from './harness';
import { expectAccessible } from './a11y';
import { seedVault } from './seed';
import { createVault, openCaseFromList, openImport, timelineRows, unlock } from './steps';
import { writeTimesketchCsv } from './fixtures';

const PASSPHRASE = 'correct horse battery staple';
const CASE = 'Credential theft on DC-01';

test.describe('accessibility (axe-core, WCAG 2.1 A and AA)', () => {
  test.use({ kdf: FAST_KDF });

  test('create vault, case list and the new-case dialog', async ({ app: page }) => {
    await expect(page.getByRole('heading', { name: 'Create a vault' })).toBeVisible();
    await expectAccessible(page, 'create vault');
    await createVault(page, PASSPHRASE);
    await expectAccessible(page, 'empty case list');
    await page.getByRole('button', { name: 'New case' }).click();
    await expect(page.getByRole('dialog', { name: 'New case' })).toBeVisible();
    await expectAccessible(page, 'new case dialog');
  });

  test('unlock, case list, overview, import, timeline, event details, audit and settings', async ({ app: page, engine, harness, folder }) => {
    // axe takes a few seconds a screen on two cores.
    test.setTimeout(180_000);
    const file = path.join(folder, 'dc-timeline.csv');
    await writeTimesketchCsv(file, 500);
    await seedVault(page, engine, PASSPHRASE, [
      { title: CASE, severity: 'critical' },
      { title: 'Phishing wave', severity: 'low' },
    ]);
    await expectAccessible(page, 'unlock');
    await unlock(page, PASSPHRASE);
    await expectAccessible(page, 'case list');

    await openCaseFromList(page, CASE);
    await expectAccessible(page, 'overview');

    const dialog = await openImport(page, harness, [file]);
    await expect(dialog.getByText('No problems found in the records read so far.')).toBeVisible();
    await expectAccessible(page, 'import preview');
    await dialog.getByRole('button', { name: 'Import', exact: true }).click();
    await expect(dialog.getByRole('button', { name: 'Show the timeline' })).toBeVisible();
    await expectAccessible(page, 'import report');
    await dialog.getByRole('button', { name: 'Show the timeline' }).click();

    await expect(page.getByTestId('timeline-total')).toHaveText('500 events');
    await expectAccessible(page, 'timeline');
    await timelineRows(page).first().click();
    await expectAccessible(page, 'event details');

    await page.getByRole('tab', { name: 'Audit' }).click();
    await expectAccessible(page, 'audit');

    await page.getByRole('button', { name: 'Settings' }).click();
    await expect(page.getByRole('dialog', { name: 'Settings' })).toBeVisible();
    await expectAccessible(page, 'settings');
  });
});
