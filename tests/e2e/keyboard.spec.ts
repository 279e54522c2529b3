import path from 'node:path';
import { expectAccessible } from './a11y';
import { FAST_KDF, expect, screenshot, test } from './harness';
import { seedVault } from './seed';
import { openCaseFromList, timelineRows, unlock } from './steps';
import { writeTimesketchCsv } from './fixtures';

/**
 * The triage flow and the timeline by keyboard alone, asserting where focus
 * is after each step (and after every dialog closes): focus must never fall
 * to <body>, where the next Tab starts again at the top bar.
 */

const PASSPHRASE = 'correct horse battery staple';
const CASE = 'Credential theft on DC-01';

test.describe('keyboard', () => {
  test.use({ kdf: FAST_KDF });

  test('triage by keyboard: create the vault, a case, edit and save, the shortcut sheet, lock and unlock', async ({ app: page }) => {
    const passphrase = page.getByLabel('Passphrase', { exact: true });
    await expect(passphrase).toBeFocused();
    await page.keyboard.type(PASSPHRASE);
    await page.keyboard.press('Tab');
    await expect(page.getByLabel('Confirm passphrase')).toBeFocused();
    await page.keyboard.type(PASSPHRASE);
    await page.keyboard.press('Enter');
    // The form that had focus is gone: the case list's heading has it.
    await expect(page.getByRole('heading', { level: 1, name: 'Cases' })).toBeFocused();

    await page.keyboard.press('/');
    await expect(page.getByLabel('Search titles')).toBeFocused();
    for (let i = 0; i < 5; i += 1) await page.keyboard.press('Tab'); // Status, Severity, Import…, Import package…, New case
    const newCase = page.getByRole('button', { name: 'New case' });
    await expect(newCase).toBeFocused();

    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'New case' });
    await expect(dialog.getByLabel('Title')).toBeFocused(); // its first field, not ×
    await page.keyboard.press('Escape');
    await expect(dialog).toHaveCount(0);
    await expect(newCase).toBeFocused();

    await page.keyboard.press('Enter');
    await expect(dialog.getByLabel('Title')).toBeFocused();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(newCase).toBeFocused();

    await page.keyboard.press('Enter');
    await page.keyboard.type(CASE);
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { level: 1, name: CASE })).toBeFocused();

    // 2 and 1 select the tabs and focus them; Tab enters the Overview: its counts first (each opens its tab), then the case's fields.
    await page.keyboard.press('2');
    await expect(page.getByRole('tab', { name: 'Timeline', selected: true })).toBeFocused();
    await page.keyboard.press('1');
    await expect(page.getByRole('tab', { name: 'Overview', selected: true })).toBeFocused();
    // The form appears once the case is read from the read model; a Tab before that would go past it.
    await expect(page.getByLabel('Title')).toBeVisible();
    await page.keyboard.press('Tab');
    await expect(page.getByRole('button', { name: '0 events: open the Events tab' })).toBeFocused();
    // The alerts, entities, indicators and matches tiles; the case note's field and its Add note; then the form.
    for (let i = 0; i < 4; i += 1) await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await expect(page.getByLabel('New note (Markdown)')).toBeFocused();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await expect(page.getByLabel('Title')).toBeFocused();
    await page.keyboard.press('Tab');
    await expect(page.getByLabel('Description')).toBeFocused();
    await page.keyboard.type('Found by the keyboard test.');
    await page.keyboard.press('Tab');
    const save = page.getByRole('button', { name: 'Save', exact: true });
    await expect(save).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('status').filter({ hasText: 'Saved 1 change.' })).toBeVisible();
    // Nothing left to save: Save says it is unavailable and keeps focus.
    await expect(save).toHaveAttribute('aria-disabled', 'true');
    await expect(save).toBeFocused();
    await page.keyboard.press('Tab');
    const discard = page.getByRole('button', { name: 'Discard' });
    await expect(discard).toBeFocused();
    await expect(discard).toHaveAttribute('aria-disabled', 'true');

    await page.keyboard.press('?');
    const sheet = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await expect(sheet.getByRole('checkbox')).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(sheet).toHaveCount(0);
    await expect(discard).toBeFocused();

    await page.keyboard.press('Control+l');
    await expect(page.getByLabel('Passphrase')).toBeFocused();
    await page.keyboard.type('not the passphrase');
    await page.keyboard.press('Enter');
    await expect(page.getByRole('alert')).toHaveText('Wrong passphrase for this vault');
    await expect(page.getByLabel('Passphrase')).toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByLabel('Passphrase')).toHaveAccessibleDescription('Wrong passphrase for this vault');
    await expect(page.getByLabel('Passphrase')).toBeFocused();
    await page.keyboard.type(PASSPHRASE);
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { level: 1, name: 'Cases' })).toBeFocused();
    // The list's rows are one Tab stop, and each says what Enter does.
    await page.keyboard.press('/');
    for (let i = 0; i < 2; i += 1) await page.keyboard.press('Tab');
    await expect(page.getByRole('combobox', { name: 'Severity' })).toBeFocused();
  });

  test('the timeline by keyboard: import, grid, details, facets, search and filter chips', async ({ app: page, engine, harness, folder }) => {
    const file = path.join(folder, 'dc-timeline.csv');
    await writeTimesketchCsv(file, 300);
    await seedVault(page, engine, PASSPHRASE, [{ title: CASE }]);
    await unlock(page, PASSPHRASE);
    await openCaseFromList(page, CASE);
    await expect(page.getByRole('heading', { level: 1, name: CASE })).toBeFocused();

    harness.chooseFiles([file]);
    await page.keyboard.press('Tab');
    const importButton = page.getByRole('button', { name: 'Import…' });
    await expect(importButton).toBeFocused();
    await expect(importButton).not.toHaveAttribute('aria-disabled', 'true');
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: `Import into “${CASE}”` });
    await expect(dialog.getByRole('status').filter({ hasText: 'Reading the start of the file' })).toHaveCount(0);
    // The setup opens on its first field.
    await expect(dialog.locator(':focus')).toHaveCount(1);
    await expect(dialog.getByRole('button', { name: 'Close' })).not.toBeFocused();
    // Many fields lie between here and the Import button; it is reached directly, then pressed with the keyboard.
    await dialog.getByRole('button', { name: 'Import', exact: true }).focus();
    await page.keyboard.press('Enter');
    const show = dialog.getByRole('button', { name: 'Show the timeline' });
    await expect(show).toBeFocused();
    await expect(page.getByTestId('announcer')).toHaveText(/^Import finished: 1 file imported\./);
    await page.keyboard.press('Enter');
    await expect(dialog).toHaveCount(0);
    await expect(importButton).toBeFocused();

    const grid = page.getByRole('grid', { name: 'Events' });
    await expect(page.getByTestId('timeline-total')).toHaveText('300 events');
    await expect(page.getByTestId('histogram-summary')).toContainText('300 events from 2026-03-01');

    await page.keyboard.press('g');
    await expect(grid).toBeFocused();
    await expect(grid).toHaveAttribute('aria-activedescendant', 'timeline-row-0');
    await page.keyboard.press('j');
    await expect(grid).toHaveAttribute('aria-activedescendant', 'timeline-row-1');
    await page.keyboard.press('k');
    await expect(grid).toHaveAttribute('aria-activedescendant', 'timeline-row-0');
    await page.keyboard.press('o');
    await expect(page.getByRole('complementary', { name: /Event details/ })).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(grid).toBeFocused();

    // The selected row scrolled out of the window: the grid points at no row rather than one that is gone.
    // End goes to the last loaded row (the grid loads pages of events as it scrolls).
    await page.keyboard.press('End');
    await expect(grid).toHaveAttribute('aria-activedescendant', /^timeline-row-(199|299)$/);
    await grid.evaluate((element) => (element.scrollTop = 0));
    await expect(grid).not.toHaveAttribute('aria-activedescendant');
    await page.keyboard.press('Home');
    await expect(grid).toHaveAttribute('aria-activedescendant', 'timeline-row-0');

    // The facets are one Tab stop; arrows move between values, Enter filters.
    await page.keyboard.press('f');
    const facetValues = page.getByRole('complementary', { name: 'Facets' }).getByRole('button');
    await expect(facetValues.first()).toBeFocused();
    await expect(facetValues.nth(1)).toHaveAttribute('tabindex', '-1');
    await page.keyboard.press('ArrowDown');
    await expect(facetValues.nth(1)).toBeFocused();
    const chosen = (await facetValues.nth(1).getAttribute('data-roving-key')) ?? '';
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('timeline-total')).not.toHaveText('300 events');
    await expect(page.locator(`.facets [data-roving-key="${chosen}"]`)).toBeFocused();

    // Removing the only filter chip hands focus to the search box.
    await page.keyboard.press('/');
    await expect(page.getByLabel('Search messages')).toBeFocused();
    // The three mark toggles (Starred, Flagged, Tagged) come before the chips.
    for (let i = 0; i < 3; i += 1) await page.keyboard.press('Tab');
    await expect(page.getByRole('button', { name: /Tagged/ })).toBeFocused();
    await page.keyboard.press('Tab');
    await expect(page.getByRole('button', { name: /^Remove filter/ })).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('timeline-total')).toHaveText('300 events');
    await expect(page.getByLabel('Search messages')).toBeFocused();

    // The mark toggles, then the saved views (the view, Apply, Delete, Save view…), then the time range.
    for (let i = 0; i < 4; i += 1) await page.keyboard.press('Tab');
    await expect(page.getByLabel('Saved view', { exact: true })).toBeFocused();
    for (let i = 0; i < 4; i += 1) await page.keyboard.press('Tab');
    // Zoom keeps focus (the range form is no longer rebuilt), and so does Reset zoom once there is nothing to reset.
    await expect(page.getByLabel('From (UTC)')).toBeFocused();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    const zoom = page.getByRole('button', { name: 'Zoom', exact: true });
    await expect(zoom).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('button', { name: 'Remove the time range (reset zoom)' })).toBeVisible();
    await expect(zoom).toBeFocused();
    await page.keyboard.press('Tab');
    await expect(page.getByRole('button', { name: 'Zoom out' })).toBeFocused();
    await page.keyboard.press('Tab');
    const reset = page.getByRole('button', { name: 'Reset zoom', exact: true });
    await expect(reset).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('button', { name: 'Remove the time range (reset zoom)' })).toHaveCount(0);
    await expect(reset).toHaveAttribute('aria-disabled', 'true');
    await expect(reset).toBeFocused();
  });
});

const SHORT_WINDOWS = [
  {
    name: 'zoom-200',
    title: '200% zoom (a 1280×800 window: 640×400 CSS pixels at device scale 2)',
    viewport: { width: 640, height: 400 },
    deviceScaleFactor: 2,
  },
  { name: 'short-1024x640', title: 'a short window (1024×640)', viewport: { width: 1024, height: 640 }, deviceScaleFactor: 1 },
];

for (const size of SHORT_WINDOWS) {
  test.describe(size.title, () => {
    test.use({ kdf: FAST_KDF, viewport: size.viewport, deviceScaleFactor: size.deviceScaleFactor });

    test('the case list and the timeline keep their columns and rows', async ({ app: page, engine, harness, folder }) => {
      const file = path.join(folder, 'dc-timeline.csv');
      await writeTimesketchCsv(file, 300);
      await seedVault(page, engine, PASSPHRASE, [{ title: CASE }, { title: 'Beaconing from HR laptop' }]);
      await unlock(page, PASSPHRASE);
      const title = page.locator('.case-table thead th').first();
      expect((await title.boundingBox())?.width ?? 0).toBeGreaterThan(150);
      await screenshot(page, `${size.name}-case-list`);

      await openCaseFromList(page, CASE);
      harness.chooseFiles([file]);
      await page.getByRole('button', { name: 'Import…' }).click();
      const dialog = page.getByRole('dialog', { name: `Import into “${CASE}”` });
      await dialog.getByRole('button', { name: 'Import', exact: true }).click();
      await dialog.getByRole('button', { name: 'Show the timeline' }).click();
      const grid = page.getByRole('grid', { name: 'Events' });
      await expect(page.getByTestId('timeline-total')).toHaveText('300 events');
      // At least eight rows' height; the page scrolls to show them.
      expect((await grid.boundingBox())?.height ?? 0).toBeGreaterThan(8 * 26);
      await screenshot(page, `${size.name}-timeline`);
      await grid.scrollIntoViewIfNeeded();
      await expect(timelineRows(page).first()).toBeInViewport();
      await screenshot(page, `${size.name}-timeline-grid`);

      // An entity page: its panels stack rather than clip, and it passes the same checks.
      await page.getByRole('tab', { name: 'Entities' }).click();
      await page.getByRole('table', { name: 'Entities' }).getByRole('button', { name: 'DC-01' }).click();
      const heading = page.getByRole('heading', { level: 2, name: /Device\s+DC-01/ });
      await expect(heading).toBeFocused();
      expect((await page.getByRole('table', { name: 'Its latest events' }).boundingBox())?.width ?? 0).toBeGreaterThan(300);
      await expectAccessible(page, `${size.name} entity page`);
      await screenshot(page, `${size.name}-entity-page`);
    });
  });
}
