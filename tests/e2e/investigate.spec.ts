import type { Page } from '@playwright/test';
import { expectAccessible } from './a11y';
import { FAST_KDF, expect, screenshot, test } from './harness';
import { openSampleIncidentCase } from './sample-case';

const PASSPHRASE = 'correct horse battery staple';
const CASE = 'Hidden file on tempDns, LSASS dump on WORKSTATION5';

/** The x (page pixels) of bin `bin`'s centre in the histogram's bars and in the first asset lane's strip. */
async function binCentres(page: Page, bin: number): Promise<{ chart: number; lane: number }> {
  const plot = (await page.getByTestId('histogram').locator('.recharts-cartesian-grid').boundingBox())!;
  const strip = (await page.locator('.lane-strip').first().boundingBox())!;
  const bins = 100;
  return { chart: plot.x + ((bin + 0.5) * plot.width) / bins, lane: strip.x + ((bin + 0.5) * strip.width) / bins };
}

/** The x of a time's tick label in the chart's axis and in the lanes' axis: both read the same round time. */
async function edges(page: Page) {
  const plot = (await page.getByTestId('histogram').locator('.recharts-cartesian-grid').boundingBox())!;
  const strip = (await page.locator('.lane-strip').first().boundingBox())!;
  return { plot, strip };
}

test.describe('the investigate views, walked on the sample case', () => {
  test.use({ kdf: FAST_KDF });

  test('overview notes, alerts, entities, timeline marks and links, lanes, graph, story, indicators and matches', async ({ app: page, engine, folder }) => {
    // A long walk over three imports and many axe scans, on a shared machine.
    test.setTimeout(300_000);
    await page.setViewportSize({ width: 1440, height: 900 });
    await openSampleIncidentCase(page, engine, { passphrase: PASSPHRASE, title: CASE, indicatorsIn: folder });

    await test.step("the Overview: the case's notes, newest first, written from there in safe Markdown", async () => {
      const notes = page.getByRole('region', { name: 'Case notes' });
      await expect(notes.getByText(/No case notes yet/)).toBeVisible();
      await screenshot(page, 'walk-overview-empty-notes');
      await notes.getByLabel('New note (Markdown)').fill('First look: **tempDns** ran a hidden file.');
      await notes.getByRole('button', { name: 'Add note' }).click();
      await expect(notes.getByRole('article')).toHaveCount(1);
      await notes.getByLabel('New note (Markdown)').fill('Then: LSASS dumped on `WORKSTATION5` <b>not bold</b>');
      await notes.getByRole('button', { name: 'Add note' }).click();
      const cards = notes.getByRole('article');
      await expect(cards).toHaveCount(2);
      await expect(cards.first()).toContainText('Then: LSASS dumped on WORKSTATION5');
      await expect(cards.first().locator('code')).toHaveText('WORKSTATION5');
      await expect(cards.first()).toContainText('<b>not bold</b>');
      await expect(cards.first().locator('b')).toHaveCount(0);
      await expect(cards.nth(1).locator('strong')).toHaveText('tempDns');
      await expectAccessible(page, 'overview with case notes');
      await screenshot(page, 'walk-overview');
    });

    await test.step('the alert list and an alert page', async () => {
      await page.getByRole('tab', { name: 'Alerts' }).click();
      await expect(page.getByRole('table', { name: 'Alerts' })).toBeVisible();
      await screenshot(page, 'walk-alerts');
      await page.getByRole('button', { name: 'Suspicious execution of hidden file' }).click();
      await expect(page.getByRole('heading', { level: 2, name: 'Suspicious execution of hidden file' })).toBeVisible();
      await screenshot(page, 'walk-alert-page');
    });

    await test.step('the entity list and an entity page', async () => {
      await page.getByRole('tab', { name: 'Entities' }).click();
      await page.waitForTimeout(500);
      await screenshot(page, 'walk-entities');
    });

    await test.step('the timeline: an event linked to an entity shows it by kind and value, opening its page', async () => {
      await page.getByRole('tab', { name: 'Timeline' }).click();
      await page.getByLabel('Search messages').fill('comsvcs');
      await page.getByLabel('Search messages').press('Enter');
      const grid = page.getByRole('grid', { name: 'Events' });
      // On its time cell: the host and user cells are filter buttons.
      await grid.getByRole('row').nth(1).getByRole('gridcell').nth(1).click();
      const story = page.getByRole('complementary', { name: /Event details/ }).getByRole('region', { name: 'Story' });
      await story.getByRole('button', { name: '☆ Star' }).click();
      await expect(story.getByRole('button', { name: '★ Starred' })).toBeVisible();
      await story.getByLabel('Link this event to an entity (its value or id)').fill('workstation5');
      await story.getByRole('button', { name: 'Link', exact: true }).last().click();
      await story.getByLabel('Link this event to an alert').selectOption({ label: 'Suspicious execution of hidden file' });
      await story.getByRole('button', { name: 'Link', exact: true }).first().click();
      const links = story.getByRole('list', { name: 'Linked alerts and entities' });
      await expect(links.getByRole('button', { name: 'Suspicious execution of hidden file', exact: true })).toBeVisible();
      const entity = links.getByRole('button', { name: /^workstation5/i });
      await expect(entity).toBeVisible();
      await expect(links.getByRole('img', { name: 'device' })).toBeVisible();
      await expectAccessible(page, 'event details with links');
      await screenshot(page, 'walk-event-links');
      await entity.click();
      await expect(page.getByRole('tab', { name: 'Entities' })).toHaveAttribute('aria-selected', 'true');
      await expect(page.getByRole('heading', { level: 2, name: /workstation5/i })).toBeVisible();
    });

    await test.step('the timeline narrowed to starred events: chart, facets and table agree, as a removable chip', async () => {
      await page.getByRole('tab', { name: 'Timeline' }).click();
      await page.getByRole('button', { name: 'Clear filters' }).click();
      const starred = page.getByRole('button', { name: /Starred 1/ });
      await starred.click();
      await expect(starred).toHaveAttribute('aria-pressed', 'true');
      await expect(page.getByTestId('timeline-total')).toContainText('1 of');
      await expect(page.getByRole('grid', { name: 'Events' }).getByRole('row')).toHaveCount(2);
      await expect(page.getByRole('list', { name: 'Active filters' })).toContainText('Marked: starred');
      await expectAccessible(page, 'timeline filtered by marks');
      await screenshot(page, 'walk-timeline-starred');
      await page.getByRole('button', { name: 'Remove filter marked starred' }).click();
      await expect(starred).toHaveAttribute('aria-pressed', 'false');
      await screenshot(page, 'walk-timeline');
    });

    await test.step('the asset lanes run under the histogram: one bin at one x in both', async () => {
      const { chart, lane } = await binCentres(page, 37);
      expect(Math.abs(chart - lane)).toBeLessThanOrEqual(1);
      const { plot, strip } = await edges(page);
      expect(Math.abs(plot.x + plot.width - (strip.x + strip.width))).toBeLessThanOrEqual(1);
    });

    await test.step('the graph, the story, indicators and matches', async () => {
      await page.getByRole('tab', { name: 'Graph' }).click();
      await expect(page.getByRole('group', { name: /^Incident graph/ })).toBeVisible();
      await screenshot(page, 'walk-graph');
      await page.getByRole('tab', { name: 'Story' }).click();
      await page.waitForTimeout(300);
      await screenshot(page, 'walk-story');
      await page.getByRole('tab', { name: 'Indicators' }).click();
      await page.waitForTimeout(300);
      await screenshot(page, 'walk-indicators');
      await page.getByRole('tab', { name: 'Matches' }).click();
      await page.waitForTimeout(500);
      await screenshot(page, 'walk-matches');
    });
  });
});
