import type { Locator, Page } from '@playwright/test';
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

/** Presses Tab (or Shift+Tab) until `target` has focus: the walk does not depend on how many stops lie between. */
async function tabTo(page: Page, target: Locator, { back = false, max = 80, ring }: { back?: boolean; max?: number; ring?: string } = {}): Promise<void> {
  for (let i = 0; i < max; i += 1) {
    if (await target.evaluate((el) => el === document.activeElement, undefined, { timeout: 2000 }).catch(() => false)) break;
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
  }
  await expectFocusVisible(target, ring);
}

/**
 * Focus is on `target` and drawn: :focus-visible matches and an outline or ring is painted (on `ring`, a part of it,
 * for an SVG node whose box draws its focus).
 */
async function expectFocusVisible(target: Locator, ring?: string): Promise<void> {
  await expect(target).toBeFocused();
  const drawn = await target.evaluate((el, ringSelector) => {
    const painted = ringSelector ? el.querySelector(ringSelector) : el;
    if (!painted || !el.matches(':focus-visible')) return false;
    const style = getComputedStyle(painted);
    if (ringSelector) return style.stroke !== 'none' && parseFloat(style.strokeWidth) > 0;
    return (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== 'none';
  }, ring);
  expect(drawn, 'focus ring drawn').toBe(true);
}

/** From anywhere in a tab's panel back to its tab, then along the tabs with the arrow keys to `name`. */
async function toTab(page: Page, name: string): Promise<void> {
  const selected = page.getByRole('tab', { selected: true });
  await tabTo(page, selected, { back: true });
  const names = await page.getByRole('tab').allTextContents();
  const from = names.indexOf((await selected.textContent()) ?? '');
  const to = names.indexOf(name);
  for (let i = from; i !== to; i += to > from ? 1 : -1) await page.keyboard.press(to > from ? 'ArrowRight' : 'ArrowLeft');
  await expect(page.getByRole('tab', { name, exact: true })).toHaveAttribute('aria-selected', 'true');
  await expectFocusVisible(page.getByRole('tab', { name, exact: true }));
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

  test('by keyboard alone: tabs, overview, alerts, entities, timeline and its lanes, graph, story, indicators and matches', async ({
    app: page,
    engine,
    folder,
  }) => {
    test.setTimeout(300_000);
    await page.setViewportSize({ width: 1440, height: 900 });
    await openSampleIncidentCase(page, engine, { passphrase: PASSPHRASE, title: CASE, indicatorsIn: folder });
    await expect(page.getByRole('heading', { level: 1, name: CASE })).toBeFocused();

    await test.step('overview: a case note written and added, a count that opens its tab', async () => {
      await tabTo(page, page.getByRole('tab', { name: 'Overview' }));
      const notes = page.getByRole('region', { name: 'Case notes' });
      await tabTo(page, notes.getByLabel('New note (Markdown)'));
      await page.keyboard.type('Typed without a mouse');
      await page.keyboard.press('Tab');
      await expectFocusVisible(notes.getByRole('button', { name: 'Add note' }));
      await page.keyboard.press('Enter');
      await expect(notes.getByRole('article')).toHaveCount(1);
      await tabTo(page, page.getByRole('button', { name: /alerts?: open the Alerts tab/ }), { back: true });
      await page.keyboard.press('Enter');
      await expect(page.getByRole('tab', { name: 'Alerts' })).toHaveAttribute('aria-selected', 'true');
    });

    await test.step('alerts: Enter opens an alert, Escape goes back to the list with focus on it', async () => {
      const row = page.getByRole('button', { name: 'Suspicious execution of hidden file' });
      await tabTo(page, row);
      await page.keyboard.press('Enter');
      await expect(page.getByRole('heading', { level: 2, name: 'Suspicious execution of hidden file' })).toBeFocused();
      await page.keyboard.press('Escape');
      await expectFocusVisible(row);
    });

    await test.step('entities: the search filters the list, Enter opens a page, Escape comes back to its row', async () => {
      await toTab(page, 'Entities');
      await tabTo(page, page.getByLabel('Search entities'));
      await page.keyboard.type('workstation5');
      const link = page.getByRole('button', { name: 'WORKSTATION5', exact: true }).or(page.getByRole('link', { name: 'WORKSTATION5', exact: true }));
      await tabTo(page, link.first());
      await page.keyboard.press('Enter');
      await expect(page.getByRole('heading', { level: 2, name: 'Device WORKSTATION5' })).toBeVisible();
      await page.keyboard.press('Escape');
      await expectFocusVisible(link.first());
    });

    await test.step('timeline: a row opened and starred, the Starred filter, its chip removed, a lane bin opened', async () => {
      await toTab(page, 'Timeline');
      const grid = page.getByRole('grid', { name: 'Events' });
      await tabTo(page, grid);
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('Enter');
      const details = page.getByRole('complementary', { name: /Event details/ });
      await expect(details).toBeVisible();
      await tabTo(page, details.getByRole('button', { name: '☆ Star' }));
      await page.keyboard.press('Enter');
      await expect(details.getByRole('button', { name: '★ Starred' })).toBeFocused();
      await page.keyboard.press('Escape');
      await expect(details).toHaveCount(0);
      await expectFocusVisible(grid);

      const starred = page.getByRole('button', { name: /Starred 1/ });
      await tabTo(page, starred, { back: true });
      await page.keyboard.press('Enter');
      await expect(page.getByTestId('timeline-total')).toContainText('1 of');
      await tabTo(page, page.getByRole('button', { name: 'Remove filter marked starred' }));
      await page.keyboard.press('Enter');
      await expect(starred).toHaveAttribute('aria-pressed', 'false');

      const lane = page
        .getByRole('region', { name: 'Asset timelines' })
        .getByRole('group', { name: /^device / })
        .first();
      await tabTo(page, lane);
      await page.keyboard.press('ArrowRight');
      await page.keyboard.press('Enter');
      await expect(details).toBeVisible();
    });

    await test.step('graph: zoom with + on the frame, Enter on the alert node opens its page', async () => {
      await toTab(page, 'Graph');
      const frame = page.getByRole('group', { name: /^Incident graph/ });
      await tabTo(page, frame);
      const before = await page
        .getByText(/^\d+ ?%$/)
        .first()
        .textContent();
      await page.keyboard.press('+');
      await expect(page.getByText(/^\d+ ?%$/).first()).not.toHaveText(before ?? '');
      await tabTo(page, page.getByRole('button', { name: /^Alert: Suspicious execution of hidden file/ }), { ring: '.graph-hit' });
      await page.keyboard.press('Enter');
      await expect(page.getByRole('tab', { name: 'Alerts' })).toHaveAttribute('aria-selected', 'true');
      await expect(page.getByRole('heading', { level: 2, name: 'Suspicious execution of hidden file' })).toBeFocused();
    });

    await test.step('story: a filter pressed with Enter narrows the thread', async () => {
      await toTab(page, 'Story');
      await tabTo(page, page.getByRole('button', { name: '★ Starred' }));
      await page.keyboard.press('Enter');
      await expect(page.getByRole('list', { name: /^The story/ }).getByRole('listitem')).toHaveCount(1);
    });

    await test.step('indicators and matches: the filter, a found count opens the matches, an entity match opens its page', async () => {
      await toTab(page, 'Indicators');
      await tabTo(page, page.getByLabel('Filter'));
      await page.keyboard.type('update-check');
      await expect(page.getByRole('table', { name: /Indicators of this case/ }).locator('tbody tr')).toHaveCount(1);
      await toTab(page, 'Matches');
      const place = page.getByLabel('Found in');
      await tabTo(page, place);
      // A closed select takes the arrow keys: Everything → Events → Entities.
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowDown');
      await expect(place).toHaveValue('entity');
      await expect(page.getByRole('button', { name: 'Open in timeline' })).toHaveCount(0);
      const open = page.getByRole('button', { name: /^Open the entity / }).first();
      await tabTo(page, open);
      await page.keyboard.press('Enter');
      await expect(page.getByRole('tab', { name: 'Entities' })).toHaveAttribute('aria-selected', 'true');
      await expectAccessible(page, 'entity page opened from a match');
    });
  });
});

// The asset lanes under the histogram, at two widths and at 200% zoom (a 1440×900 window: 720×450 CSS pixels at scale 2).
for (const size of [
  { title: 'a wide window (1600×900)', viewport: { width: 1600, height: 900 }, deviceScaleFactor: 1 },
  { title: '200% zoom', viewport: { width: 720, height: 450 }, deviceScaleFactor: 2 },
]) {
  test.describe(`the asset lanes in ${size.title}`, () => {
    test.use({ kdf: FAST_KDF, viewport: size.viewport, deviceScaleFactor: size.deviceScaleFactor });

    test('one time is at one x in the histogram and in every lane, before and after a resize', async ({ app: page, engine }) => {
      test.setTimeout(180_000);
      await openSampleIncidentCase(page, engine, { passphrase: PASSPHRASE, title: CASE });
      await page.getByRole('tab', { name: 'Timeline' }).click();
      await expect(page.locator('.lane-strip').first()).toBeVisible();
      const check = async () => {
        for (const bin of [0, 37, 99]) {
          const { chart, lane } = await binCentres(page, bin);
          expect(Math.abs(chart - lane), `bin ${bin}`).toBeLessThanOrEqual(1);
        }
        const { plot, strip } = await edges(page);
        expect(Math.abs(plot.x - strip.x)).toBeLessThanOrEqual(1);
        expect(Math.abs(plot.x + plot.width - (strip.x + strip.width))).toBeLessThanOrEqual(1);
      };
      await check();
      await screenshot(page, `walk-lanes-${size.viewport.width}`);
      // The window narrowed: both follow.
      await page.setViewportSize({ width: Math.round(size.viewport.width * 0.8), height: size.viewport.height });
      await expect.poll(async () => Math.abs((await edges(page)).plot.width - (await edges(page)).strip.width)).toBeLessThanOrEqual(1);
      await check();
    });
  });
}
