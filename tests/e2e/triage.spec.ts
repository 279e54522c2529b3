import { FAST_KDF, expect, screenshot, test } from './harness';
import { call, seedVault } from './seed';
import { backToCases, caseTitles, createCase, lock, unlock } from './steps';

const PASSPHRASE = 'correct horse battery staple';

test.describe('triage', () => {
  test('a responder creates a vault, triages a case, locks, unlocks and finds every change in the audit trail', async ({ app: page }) => {
    // The real key-derivation cost here: this is the one test that proves unlocking works as shipped.
    await test.step('create the vault', async () => {
      await expect(page.getByText('Vault folder')).toBeVisible();
      await page.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
      await page.getByLabel('Confirm passphrase').fill(PASSPHRASE);
      await expect(page.getByText(/Strong|Good/)).toBeVisible();
      await screenshot(page, 'create-vault');
      await page.getByRole('button', { name: 'Create vault' }).click();
      await expect(page.getByRole('heading', { name: 'Cases' })).toBeVisible();
      await expect(page.getByText('No cases in this vault yet.')).toBeVisible();
    });

    await test.step('create a case', async () => {
      await createCase(page, {
        title: 'Suspicious sign-in to finance mailbox',
        description: 'Impossible travel alert followed by inbox rule creation.',
        severity: 'Medium',
      });
      await expect(page.getByRole('tab', { name: 'Overview', selected: true })).toBeVisible();
      await expect(page.getByLabel('Description')).toHaveValue('Impossible travel alert followed by inbox rule creation.');
    });

    await test.step('triage it on the Overview and save only what changed', async () => {
      await page.getByLabel('Severity').selectOption({ label: 'High' });
      await page.getByLabel('Status').selectOption({ label: 'In progress' });
      await page.getByLabel('Classification').selectOption({ label: 'True positive' });
      // Determinations follow the classification, as in the Defender portal.
      await expect(page.getByLabel('Determination').locator('option', { hasText: 'Not malicious' })).toHaveCount(0);
      await page.getByLabel('Determination').selectOption({ label: 'Compromised account' });
      await page.getByLabel('Owner').fill('j.doe');
      await page.getByLabel('Add tag').fill('bec');
      await page.getByLabel('Add tag').press('Enter');
      await page.getByLabel('Add tag').fill('finance');
      await page.getByLabel('Add tag').press('Enter');
      await page.getByLabel('Add tag').fill('typo');
      await page.getByLabel('Add tag').press('Enter');
      await page.getByRole('button', { name: 'Remove tag typo' }).click();
      await expect(page.getByText('6 unsaved changes')).toBeVisible();
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      await expect(page.getByRole('status').filter({ hasText: 'Saved 6 changes.' })).toBeVisible();
      await expect(page.getByRole('button', { name: 'Save', exact: true })).toBeDisabled();
      await expect(page.locator('.workspace-badges')).toContainText('High');
      await expect(page.locator('.workspace-badges')).toContainText('In progress');
      await screenshot(page, 'overview');
    });

    await test.step('lock: the unlock screen, and a wrong passphrase is refused with a message', async () => {
      await lock(page);
      await page.getByLabel('Passphrase').fill('not the passphrase');
      await page.getByRole('button', { name: 'Unlock' }).click();
      await expect(page.getByRole('alert')).toHaveText('Wrong passphrase for this vault');
      await expect(page.getByRole('heading', { name: 'Unlock the vault' })).toBeVisible();
      await screenshot(page, 'unlock');
    });

    await test.step('unlock: the case list shows the triaged case', async () => {
      await unlock(page, PASSPHRASE);
      const row = page.getByRole('row', { name: 'Suspicious sign-in to finance mailbox' });
      await expect(row).toContainText('High');
      await expect(row).toContainText('In progress');
      await expect(row).toContainText('True positive');
      await expect(row).toContainText('j.doe');
      await expect(row).toContainText('bec');
      await expect(row).toContainText('finance');
      await expect(row).toContainText(/\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC/);
    });

    await test.step('open it with the keyboard: the Overview shows the saved triage', async () => {
      await page.getByRole('row', { name: 'Suspicious sign-in to finance mailbox' }).focus();
      await page.keyboard.press('Enter');
      await expect(page.getByLabel('Severity')).toHaveValue('high');
      await expect(page.getByLabel('Status')).toHaveValue('inProgress');
      await expect(page.getByLabel('Classification')).toHaveValue('truePositive');
      await expect(page.getByLabel('Determination')).toHaveValue('compromisedAccount');
      await expect(page.getByLabel('Owner')).toHaveValue('j.doe');
      await expect(page.getByRole('list', { name: 'Tags' })).toHaveText(/bec.*finance/);
    });

    await test.step('the Audit tab (reached with the arrow key, past every investigation and response tab) lists every change, old → new, on a verified chain', async () => {
      await page.getByRole('tab', { name: 'Overview' }).focus();
      for (const name of ['Alerts', 'Entities', 'Timeline', 'Graph', 'Story', 'Indicators', 'Matches', 'Actions', 'Evidence']) {
        await page.keyboard.press('ArrowRight');
        await expect(page.getByRole('tab', { name, selected: true })).toBeFocused();
      }
      await page.keyboard.press('ArrowRight');
      await expect(page.getByRole('tab', { name: 'Audit', selected: true })).toBeFocused();
      await expect(page.getByText('Chain verified')).toBeVisible();
      await expect(page.getByRole('region', { name: 'Chain verification' })).toContainText('2 records');

      const rows = page.locator('.audit-table tbody tr');
      await expect(rows).toHaveCount(2);
      await expect(rows.nth(0)).toContainText('case.created');
      await expect(rows.nth(0)).toContainText('title: — → Suspicious sign-in to finance mailbox');
      const update = rows.nth(1);
      await expect(update).toContainText('case.updated');
      for (const change of [
        'severity: medium → high',
        'status: new → inProgress',
        'classification: unknown → truePositive',
        'determination: unknown → compromisedAccount',
        'owner: (empty) → j.doe',
        'tags: (none) → bec, finance',
      ]) {
        await expect(update).toContainText(change);
      }
      await page.getByRole('button', { name: 'Verify again' }).click();
      await expect(page.getByText('Chain verified', { exact: true })).toBeVisible();
      // The result is also said in the polite live region, and the button that was pressed keeps focus.
      await expect(page.getByTestId('announcer')).toHaveText(/^Chain verified: \d+ records?\./);
      await expect(page.getByRole('button', { name: 'Verify again' })).toBeFocused();
      await screenshot(page, 'audit');
    });

    await test.step('settings open from the top bar and close with Escape', async () => {
      await page.getByRole('button', { name: 'Settings' }).click();
      const dialog = page.getByRole('dialog', { name: 'Settings' });
      await expect(dialog.getByLabel('Auto-lock after (minutes)')).toHaveValue('15');
      await screenshot(page, 'settings');
      await page.keyboard.press('Escape');
      await expect(dialog).toBeHidden();
    });
  });

  test.describe('with a vault of several cases', () => {
    test.use({ kdf: FAST_KDF });

    test('the case list filters by status and severity, searches titles and sorts by column', async ({ app: page, engine }) => {
      await seedVault(page, engine, PASSPHRASE, [
        { title: 'Phishing wave against finance', severity: 'high', tags: ['phishing'] },
        { title: 'Ransomware note on FS01', severity: 'critical', status: 'inProgress', owner: 'a.lee', tags: ['ransomware', 'fs01'] },
        { title: 'Impossible travel for j.doe', severity: 'medium', status: 'active', owner: 'j.doe' },
        {
          title: 'Port scan from lab subnet',
          severity: 'low',
          status: 'resolved',
          classification: 'falsePositive',
          determination: 'notMalicious',
        },
        {
          title: 'EICAR test file on build agent',
          severity: 'informational',
          status: 'closed',
          classification: 'informationalExpectedActivity',
          determination: 'securityTesting',
        },
      ]);
      await unlock(page, PASSPHRASE);
      await expect(page.locator('.case-table tbody tr')).toHaveCount(5);
      await screenshot(page, 'case-list');

      await test.step('sort by severity: most severe first, then reversed', async () => {
        await page.getByRole('button', { name: 'Severity' }).click();
        expect(await caseTitles(page)).toEqual([
          'Ransomware note on FS01',
          'Phishing wave against finance',
          'Impossible travel for j.doe',
          'Port scan from lab subnet',
          'EICAR test file on build agent',
        ]);
        await expect(page.getByRole('columnheader', { name: 'Severity' })).toHaveAttribute('aria-sort', 'descending');
        await page.getByRole('button', { name: 'Severity' }).click();
        expect((await caseTitles(page))[0]).toBe('EICAR test file on build agent');
      });

      await test.step('sort by title, A to Z', async () => {
        await page.getByRole('button', { name: 'Title' }).click();
        expect(await caseTitles(page)).toEqual([
          'EICAR test file on build agent',
          'Impossible travel for j.doe',
          'Phishing wave against finance',
          'Port scan from lab subnet',
          'Ransomware note on FS01',
        ]);
      });

      await test.step('filter by status, then by severity too', async () => {
        await page.getByLabel('Status').selectOption({ label: 'In progress' });
        expect(await caseTitles(page)).toEqual(['Ransomware note on FS01']);
        await page.getByLabel('Severity').selectOption({ label: 'Low' });
        await expect(page.getByText('No case matches these filters.')).toBeVisible();
        await page.getByRole('button', { name: 'Clear filters' }).click();
        await expect(page.locator('.case-table tbody tr')).toHaveCount(5);
        await page.getByLabel('Severity').selectOption({ label: 'Informational' });
        expect(await caseTitles(page)).toEqual(['EICAR test file on build agent']);
        await page.getByLabel('Severity').selectOption({ label: 'All' });
      });

      await test.step('search titles, case-insensitively', async () => {
        await page.getByLabel('Search titles').fill('PORT');
        expect(await caseTitles(page)).toEqual(['Port scan from lab subnet']);
        await expect(page.locator('.count')).toHaveText('1 of 5');
        await page.getByLabel('Search titles').fill('');
        await expect(page.locator('.case-table tbody tr')).toHaveCount(5);
      });

      await test.step('arrow keys move between rows and Enter opens one', async () => {
        await page.locator('.case-table tbody tr').first().focus();
        await page.keyboard.press('ArrowDown');
        await page.keyboard.press('Enter');
        await expect(page.getByRole('heading', { level: 1, name: 'Impossible travel for j.doe' })).toBeFocused();
        await backToCases(page);
        // Back on the list, focus is on the row of the case just left.
        await expect(page.getByRole('row', { name: 'Impossible travel for j.doe' })).toBeFocused();
      });
    });

    test('a save that conflicts with a change made elsewhere is refused, keeps the edits, and can be applied again', async ({ app: page, engine }) => {
      const [record] = await seedVault(page, engine, PASSPHRASE, [{ title: 'Beaconing from WS-042', severity: 'medium' }]);
      await unlock(page, PASSPHRASE);
      await page.getByRole('row', { name: 'Beaconing from WS-042' }).click();
      // Opened in the engine (it holds the case's writer) before the other writer comes along.
      await expect(page.locator('section.workspace')).toHaveAttribute('aria-busy', 'false');
      await page.getByLabel('Owner').fill('me');

      // Meanwhile another writer (the CLI, say) raises the severity.
      await call(engine, 'cases.update', { id: record!.id, patch: { severity: 'high' } });

      await page.getByRole('button', { name: 'Save', exact: true }).click();
      await expect(page.getByRole('alert')).toContainText('the case changed since you started editing');
      await expect(page.getByLabel('Owner')).toHaveValue('me');
      await expect(page.getByLabel('Severity')).toHaveValue('high');

      await page.getByLabel('Owner').press('Control+s');
      await expect(page.getByRole('status').filter({ hasText: 'Saved 1 change.' })).toBeVisible();
      await page.getByRole('tab', { name: 'Audit' }).click();
      await expect(page.locator('.audit-table tbody tr')).toHaveCount(3);
      await expect(page.locator('.audit-table tbody tr').nth(2)).toContainText('owner: (empty) → me');
    });

    test('an invalid edit is refused with the reason and the edits stay', async ({ app: page, engine }) => {
      await seedVault(page, engine, PASSPHRASE, [{ title: 'Unsigned driver loaded', severity: 'low' }]);
      await unlock(page, PASSPHRASE);
      await page.getByRole('row', { name: 'Unsigned driver loaded' }).click();
      await page.getByLabel('Title').fill('   ');
      await page.getByLabel('Owner').fill('k.ng');
      await page.getByRole('button', { name: 'Save', exact: true }).click();
      await expect(page.getByRole('alert')).toContainText('the title cannot be empty');
      await expect(page.getByLabel('Owner')).toHaveValue('k.ng');
      await expect(page.getByLabel('Title')).toHaveValue('   ');
    });
  });
});
