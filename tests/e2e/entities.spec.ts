import { expectAccessible } from './a11y';
import { FAST_KDF, expect, screenshot, test } from './harness';
import { openSampleIncidentCase } from './sample-case';

const PASSPHRASE = 'correct horse battery staple';
const CASE = 'Hidden file on tempDns, LSASS dump on WORKSTATION5';

test.describe('alerts and entities', () => {
  test.use({ kdf: FAST_KDF });

  test('a Graph incident and a Security-Datasets timeline: alerts → alert page → entity; entity list → filters → bulk verdict → entity page → timeline', async ({
    app: page,
    engine,
  }) => {
    // One long walk over two imports, on a shared machine.
    test.setTimeout(180_000);
    // Given a case holding the incident (its alert, entities and evidence) and a timeline, built through the engine.
    await openSampleIncidentCase(page, engine, { passphrase: PASSPHRASE, title: CASE });

    await test.step('the alert list: severity, status, category, detection source, technique, activity, entity count', async () => {
      await page.getByRole('tab', { name: 'Alerts' }).click();
      const table = page.getByRole('table', { name: 'Alerts' });
      const row = table.getByRole('row', { name: /Suspicious execution of hidden file/ });
      await expect(row).toContainText('Low');
      await expect(row).toContainText('DefenseEvasion');
      await expect(row).toContainText('antivirus');
      await expect(row).toContainText('T1564.001');
      await expect(row).toContainText('2021-04-26 07:45:50');
      await expectAccessible(page, 'alert list');
      await screenshot(page, 'alerts');
    });

    await test.step('the alert page: description, its entities with their roles, the source fields; an entity opens its page', async () => {
      await page.getByRole('button', { name: 'Suspicious execution of hidden file' }).click();
      await expect(page.getByRole('heading', { level: 2, name: 'Suspicious execution of hidden file' })).toBeFocused();
      await expect(page.getByText('A hidden file has been launched.')).toBeVisible();
      const entities = page.getByRole('table', { name: 'Its entities' });
      await expect(entities.getByRole('row', { name: /tempDns/ })).toContainText('compromised');
      await expect(entities.getByRole('row', { name: /Registry key/ })).toContainText('SENSEAUDITLOGGER');
      await expect(page.getByRole('term').filter({ hasText: 'recommendedActions' })).toBeVisible();
      await expectAccessible(page, 'alert page');
      await screenshot(page, 'alert-page');
      await entities.getByRole('button', { name: 'tempDns' }).click();
      await expect(page.getByRole('tab', { name: 'Entities' })).toHaveAttribute('aria-selected', 'true');
      await expect(page.getByRole('heading', { level: 2, name: /Device\s+tempDns/ })).toBeFocused();
      await expect(page.getByRole('region', { name: 'From graph-incident-with-alert.json' })).toContainText('Windows10');
      await page.getByRole('button', { name: '← Entities' }).click();
    });

    const list = page.getByRole('table', { name: 'Entities' });
    const count = page.locator('.entity-count');
    await test.step('the entity list: every entity, by kind, filtered by text and "named by an alert", sorted by a column', async () => {
      await expect(count).toContainText(/^[\d,]+ entities/);
      await expect(page.getByRole('button', { name: /^Devices \d+$/ })).toBeVisible();
      await expectAccessible(page, 'entity list');
      await screenshot(page, 'entities');

      await page.getByLabel('Named by an alert').check();
      await expect(list.getByRole('row', { name: /tempDns/ })).toBeVisible();
      await expect(list.getByRole('row', { name: /WORKSTATION5/i })).toHaveCount(0);
      await page.getByLabel('Named by an alert').uncheck();

      await page.getByLabel('Search entities').fill('workstation5');
      await expect(list.getByRole('row', { name: /WORKSTATION5/i }).first()).toBeVisible();
      await expect(count).toContainText(/^\d+ of [\d,]+ entities match/);
      await page.getByLabel('Search entities').fill('');

      // Keyboard: Devices chosen with Enter; then sorted by value with the header's button.
      await page.getByRole('button', { name: /^Devices \d+$/ }).focus();
      await page.keyboard.press('Enter');
      await expect(page.getByRole('button', { name: /^Devices \d+$/ })).toHaveAttribute('aria-pressed', 'true');
      await expect(list.locator('tbody tr')).toHaveCount(2);
      await list.getByRole('button', { name: /^Value/ }).click();
      await expect(list.getByRole('columnheader', { name: /Value/ })).toHaveAttribute('aria-sort', 'ascending');
      await expect(list.locator('tbody tr').first()).toContainText('tempDns');
    });

    await test.step('both devices chosen: one verdict and one tag for them', async () => {
      await list.getByRole('checkbox', { name: 'Select every entity on this page' }).check();
      const bulk = page.getByRole('form', { name: 'Change the selected entities' });
      await expect(bulk).toContainText('2 entities selected');
      await bulk.getByLabel('Verdict').selectOption('suspicious');
      await bulk.getByLabel('Add tag').fill('scoped');
      await bulk.getByRole('button', { name: 'Apply' }).click();
      await expect(list.getByText('Suspicious')).toHaveCount(2);
      await expect(list.locator('.col-tags .chip', { hasText: 'scoped' })).toHaveCount(2);
      await screenshot(page, 'entities-bulk');
    });

    await test.step('the entity page: facts, who set the verdict, what each source said, activity, seen with, events', async () => {
      await list.getByRole('button', { name: /WORKSTATION5/i }).click();
      await expect(page.getByRole('heading', { level: 2, name: /Device\s+WORKSTATION5/i })).toBeFocused();
      await expect(page.getByText(/set by .+, \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC/).first()).toBeVisible();
      await expect(page.getByRole('img', { name: /^[\d,]+ events from / })).toBeVisible();
      await expect(page.getByRole('table', { name: 'Entities seen with it' }).locator('tbody tr').first()).toBeVisible();
      await expect(page.getByRole('table', { name: 'Its latest events' }).locator('tbody tr').first()).toBeVisible();
      await expectAccessible(page, 'entity page');
      await screenshot(page, 'entity-page');
    });

    await test.step('"Show in timeline" filters the main timeline to its events, removable as a chip', async () => {
      await page.getByRole('button', { name: 'Show in timeline' }).click();
      await expect(page.getByRole('tab', { name: 'Timeline' })).toHaveAttribute('aria-selected', 'true');
      const total = page.getByTestId('timeline-total');
      // The 184 events of the LSASS dump, and the incident's own eight (its alert's times and its evidence's).
      await expect(total).toHaveText(/^[\d,]+ of 192 events$/);
      const chip = page.getByRole('list', { name: 'Active filters' }).getByRole('listitem').filter({ hasText: 'Entity:' });
      await expect(chip).toContainText(/WORKSTATION5/i);
      await expectAccessible(page, 'timeline pivoted to an entity');
      await screenshot(page, 'entity-pivot');
      await chip.getByRole('button', { name: /Remove filter entity/ }).click();
      await expect(total).toHaveText('192 events');
    });

    await test.step('keyboard: the case tabs move with the arrow keys', async () => {
      await page.getByRole('tab', { name: 'Timeline' }).focus();
      await page.keyboard.press('ArrowLeft');
      await expect(page.getByRole('tab', { name: 'Entities' })).toBeFocused();
      await expect(page.getByRole('tab', { name: 'Entities' })).toHaveAttribute('aria-selected', 'true');
      await page.keyboard.press('ArrowLeft');
      await expect(page.getByRole('tab', { name: 'Alerts' })).toHaveAttribute('aria-selected', 'true');
    });
  });
});
