import { expectAccessible } from './a11y';
import { FAST_KDF, expect, screenshot, test } from './harness';
import { openSampleIncidentCase } from './sample-case';
import type { Page } from '@playwright/test';

const PASSPHRASE = 'correct horse battery staple';
const CASE = 'Hidden file on tempDns, LSASS dump on WORKSTATION5';

/** Drags across the histogram from one fraction of its width to another (the brush). */
async function brush(page: Page, from: number, to: number) {
  const box = (await page.getByTestId('histogram').locator('.recharts-cartesian-grid').boundingBox())!;
  await page.mouse.move(box.x + box.width * from, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * ((from + to) / 2), box.y + box.height / 2, { steps: 4 });
  await page.mouse.move(box.x + box.width * to, box.y + box.height / 2, { steps: 4 });
  await page.mouse.up();
}

test.describe('seeing the scope', () => {
  test.use({ kdf: FAST_KDF });

  test('a Graph incident and a Security-Datasets timeline: overview, brush, stacking, alert markers, chips, saved views, asset lanes', async ({
    app: page,
    engine,
  }) => {
    test.setTimeout(180_000);
    // Given a case holding the incident (its alert, entities and evidence) and a timeline, built through the engine.
    await openSampleIncidentCase(page, engine, { passphrase: PASSPHRASE, title: CASE });

    await test.step('the overview: counts, alerts by severity and status, sources over time, top entities, techniques by tactic, scope', async () => {
      const tiles = page.getByRole('list', { name: 'What the case holds' });
      await expect(tiles.getByRole('button', { name: /^192 events: open the Events tab$/ })).toBeVisible();
      await expect(tiles.getByRole('button', { name: /^1 alerts: open the Alerts tab$/ })).toBeVisible();
      const alerts = page.getByRole('region', { name: 'Alerts' });
      await expect(alerts.getByRole('table', { name: 'By severity' })).toContainText('Low');
      await expect(page.getByRole('region', { name: 'Events by source' }).getByRole('img')).toHaveAttribute('aria-label', /^192 events from /);
      await expect(
        page
          .getByRole('region', { name: /Top \d+ entities/ })
          .getByRole('button', { name: /WORKSTATION5/i })
          .first(),
      ).toBeVisible();
      const tactics = page.getByRole('region', { name: 'Techniques by tactic' });
      await expect(tactics).toContainText('Defense Evasion');
      await expect(tactics).toContainText('T1564.001');
      const scope = page.getByRole('region', { name: 'Scope' });
      await expect(scope).toContainText('Devices');
      await expect(scope).toContainText(/First activity\s*\d{4}-\d\d-\d\d \d\d:\d\d:\d\d/);
      // The case's fields are still edited here.
      await expect(page.getByRole('form', { name: 'Case fields' }).getByLabel('Title')).toHaveValue(CASE);
      await expectAccessible(page, 'overview');
      await screenshot(page, 'scope-overview');
      // Keyboard: the events count opens the timeline.
      await tiles.getByRole('button', { name: /events: open the Events tab/ }).focus();
      await page.keyboard.press('Enter');
      await expect(page.getByRole('tab', { name: 'Timeline' })).toHaveAttribute('aria-selected', 'true');
    });

    const total = page.getByTestId('timeline-total');
    const chips = page.getByRole('list', { name: 'Active filters' });
    await test.step('the brush: a drag zooms chart and table, the From/To fields follow; typing a range is the keyboard way', async () => {
      await expect(total).toHaveText('192 events');
      const fromField = page.getByLabel('From (UTC)');
      const before = await fromField.inputValue();
      await brush(page, 0.05, 0.95);
      await expect(chips).toContainText('Time:');
      await expect(fromField).not.toHaveValue(before);
      await page.getByRole('button', { name: 'Reset zoom', exact: true }).click();
      await expect(total).toHaveText('192 events');
      await expect(fromField).toHaveValue(before);
      await page.getByRole('button', { name: 'Zoom out' }).press('Enter');
      await expect(chips).toContainText('Time:');
      await page.getByRole('button', { name: 'Remove the time range (reset zoom)' }).press('Enter');
      await expect(total).toHaveText('192 events');
    });

    await test.step('alert markers on the axis: the alert at its first activity zooms to the events around it', async () => {
      const markers = page.getByRole('group', { name: 'Alerts on the time axis' });
      await expect(markers).toContainText('Alerts (first activity), 1:');
      await markers.getByRole('button', { name: /Suspicious execution of hidden file/ }).click();
      await expect(chips).toContainText('Time:');
      await expect(page.getByTestId('histogram').locator('.recharts-reference-line')).toHaveCount(1);
      await page.getByRole('button', { name: 'Remove the time range (reset zoom)' }).click();
    });

    await test.step('stacking by host: the top hosts and their legend', async () => {
      await page.getByLabel('Stack by').selectOption('host');
      const legend = page.getByRole('list', { name: 'Stacked by host' });
      await expect(legend.getByRole('listitem').first()).toBeVisible();
      await expect(legend).toContainText(/WORKSTATION5/i);
      await screenshot(page, 'scope-timeline-stacked');
    });

    await test.step('asset lanes: the hosts with the most alerts first, a mark opens its event, choosing lanes filters the timeline', async () => {
      const lanes = page.getByRole('region', { name: 'Asset timelines' });
      const first = lanes.getByRole('group', { name: /^device / }).first();
      await expect(first).toBeVisible();
      await expectAccessible(page, 'timeline with asset lanes');
      await screenshot(page, 'scope-lanes');
      // Keyboard: into the first lane, to its first bin with events, Enter opens that bin's first event.
      await first.focus();
      await page.keyboard.press('ArrowRight');
      await page.keyboard.press('Enter');
      await expect(page.getByRole('complementary', { name: /Event details/ })).toBeVisible();
      await expect(chips).toContainText('Host:');
      await expect(chips).toContainText('Time:');
      await page.getByRole('button', { name: 'Clear filters' }).click();
      await expect(total).toHaveText('192 events');

      await lanes.getByText('Choose lanes').click();
      const picker = lanes.getByRole('group', { name: /^Lanes: devices/ });
      const choice = picker.getByRole('checkbox').first();
      await choice.check();
      await expect(chips).toContainText('Host:');
      // The picker closes like a menu: Escape, focus back on its button.
      await page.keyboard.press('Escape');
      await expect(picker).toBeHidden();
      await expect(lanes.getByText(/^Choose lanes/)).toBeFocused();
      await expect(total).toHaveText(/^[\d,]+ of 192 events$/);
      await expect(lanes.getByRole('group', { name: /^device / })).toHaveCount(1);
      await screenshot(page, 'scope-lanes-chosen');
    });

    await test.step('chips: each filter removable from the keyboard, focus moving on; a saved view brings them back', async () => {
      await page.getByLabel('Search messages').fill('evidence');
      await page.getByLabel('Search messages').press('Enter');
      await expect(total).toHaveText(/^[\d,]+ of 192 events$/);
      await page.getByRole('button', { name: 'Save view…' }).click();
      await page.getByLabel('View name').fill('Evidence on one host');
      await page.getByLabel('View name').press('Enter');
      await expect(page.getByLabel('Saved view', { exact: true })).toHaveValue('Evidence on one host');
      const filtered = await total.textContent();

      const remove = chips.getByRole('button', { name: /^Remove filter host / });
      await remove.focus();
      await page.keyboard.press('Enter');
      await expect(chips.getByRole('listitem')).toHaveCount(0);
      await page.getByRole('button', { name: 'Clear filters' }).click();
      await expect(total).toHaveText('192 events');

      await page.getByLabel('Saved view', { exact: true }).selectOption('Evidence on one host');
      await page.getByRole('button', { name: 'Apply', exact: true }).press('Enter');
      await expect(total).toHaveText(filtered!);
      await expect(chips).toContainText('Host:');
      await expect(page.getByLabel('Search messages')).toHaveValue('evidence');
      await expectAccessible(page, 'timeline with a saved view');
      await screenshot(page, 'scope-saved-view');
      await page.getByRole('button', { name: 'Delete', exact: true }).click();
      await expect(page.getByLabel('Saved view', { exact: true }).getByRole('option')).toHaveText(['No saved views yet']);
    });

    await test.step('the entity list uses the same chips', async () => {
      await page.getByRole('tab', { name: 'Entities' }).click();
      await page.getByLabel('Named by an alert').check();
      const entityChips = page.getByRole('list', { name: 'Active filters' });
      await expect(entityChips).toContainText('Named by: an alert');
      await entityChips.getByRole('button', { name: 'Remove the alert filter' }).press('Enter');
      await expect(page.getByLabel('Named by an alert')).not.toBeChecked();
      await expect(page.getByLabel('Search entities')).toBeFocused();
    });
  });
  // The brush zoom on 1,000,000 events is timed with the other speed targets in speed.spec.ts.
});
