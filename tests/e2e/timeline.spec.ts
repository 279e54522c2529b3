import path from 'node:path';
import { FAST_KDF, expect, screenshot, test } from './harness';
import { seedVault } from './seed';
import { openCaseFromList, openImport, timelineRows, unlock } from './steps';
import { writeTimesketchCsv } from './fixtures';

const PASSPHRASE = 'correct horse battery staple';
const CASE = 'Credential theft on DC-01';

test.describe('timeline', () => {
  test.use({ kdf: FAST_KDF });

  test('an empty case offers to import a timeline', async ({ app: page, engine, harness, folder }) => {
    await seedVault(page, engine, PASSPHRASE, [{ title: CASE }]);
    await unlock(page, PASSPHRASE);
    await openCaseFromList(page, CASE);
    await page.getByRole('tab', { name: 'Timeline' }).click();
    await expect(page.getByText('No timeline events in this case yet.')).toBeVisible();

    const file = path.join(folder, 'small.csv');
    await writeTimesketchCsv(file, 40);
    harness.chooseFiles([file]);
    await page.getByRole('button', { name: 'Import a timeline…' }).click();
    const dialog = page.getByRole('dialog', { name: `Import into “${CASE}”` });
    await dialog.getByRole('button', { name: 'Import', exact: true }).click();
    await dialog.getByRole('button', { name: 'Show the timeline' }).click();
    await expect(page.getByTestId('timeline-total')).toHaveText('40 events');
    await expect(page.getByRole('grid', { name: 'Events' })).toHaveAttribute('aria-rowcount', '41');
    await expect(timelineRows(page).first()).toContainText('2026-03-01 00:00:00.000000 UTC');
  });

  test('a 5,000-event timeline: histogram, search, facets, zoom, scrolling, details and the keyboard', async ({ app: page, engine, harness, folder }) => {
    const file = path.join(folder, 'dc-timeline.csv');
    await writeTimesketchCsv(file, 5000);
    await seedVault(page, engine, PASSPHRASE, [{ title: CASE, severity: 'critical' }]);
    await unlock(page, PASSPHRASE);
    await openCaseFromList(page, CASE);
    const dialog = await openImport(page, harness, [file]);
    await dialog.getByRole('button', { name: 'Import', exact: true }).click();
    await dialog.getByRole('button', { name: 'Show the timeline' }).click();

    const total = page.getByTestId('timeline-total');
    const grid = page.getByRole('grid', { name: 'Events' });
    const rows = timelineRows(page);
    const chart = page.getByRole('region', { name: 'Events over time' });

    await test.step('the histogram has bars across the span, with UTC times on its axis; the total matches', async () => {
      await expect(total).toHaveText('5,000 events');
      await expect(chart.locator('.recharts-bar-rectangle path, path.recharts-rectangle').first()).toBeVisible();
      expect(await chart.locator('path.recharts-rectangle').count()).toBeGreaterThan(90);
      await expect(chart.locator('.recharts-xAxis-tick-labels .recharts-cartesian-axis-tick-value').first()).toHaveText('03-01 00:00');
      await expect(chart.getByLabel('From (UTC)')).toHaveValue('2026-03-01 00:00:00.000000');
      await expect(grid).toHaveAttribute('aria-rowcount', '5001');
      await expect(rows.first()).toContainText('2026-03-01 00:00:00.000000 UTC');
      // Windowed: a few dozen rows in the DOM, not 5,000.
      expect(await rows.count()).toBeLessThan(80);
      await screenshot(page, 'timeline');
    });

    await test.step('searching a distinctive word narrows the total and the rows', async () => {
      await page.getByLabel('Search messages').fill('MIMIKATZ');
      await expect(total).toHaveText('3 of 5,000 events');
      await expect(rows).toHaveCount(3);
      for (const row of await rows.all()) await expect(row).toContainText('mimikatz.exe');
      await expect(page.getByRole('region', { name: 'Hosts', exact: true }).getByRole('button')).toHaveText([/^DC-01\s*3$/]);
      await page.getByLabel('Search messages').fill('');
      await expect(total).toHaveText('5,000 events');
    });

    await test.step('clicking a host facet filters to it, shown as a chip', async () => {
      const hosts = page.getByRole('region', { name: 'Hosts', exact: true });
      await expect(hosts.getByRole('button')).toHaveText([/WS-FIN-01\s*2,498/, /DC-01\s*1,253/, /WS-FIN-02\s*1,249/]);
      await hosts.getByRole('button', { name: /DC-01/ }).click();
      await expect(total).toHaveText('1,253 of 5,000 events');
      await expect(page.getByRole('list', { name: 'Active filters' })).toContainText('Host: DC-01');
      await expect(hosts.getByRole('button', { name: /DC-01/ })).toHaveAttribute('aria-pressed', 'true');
      for (const row of (await rows.all()).slice(0, 10)) await expect(row).toContainText('DC-01');
      await page.getByLabel('Search messages').fill('mimikatz');
      await expect(total).toHaveText('3 of 5,000 events');
      await page.getByLabel('Stack by').selectOption({ label: 'User' });
      await expect(chart.getByRole('list', { name: 'Stacked by user' })).toContainText('alice');
      await screenshot(page, 'timeline-filtered');
      await page.getByLabel('Search messages').fill('');
      await page.getByLabel('Stack by').selectOption({ label: 'Nothing' });
      await expect(total).toHaveText('1,253 of 5,000 events');
    });

    await test.step('scrolling the table loads more rows with the cursor', async () => {
      await expect(grid.locator('[aria-rowindex="201"]')).toHaveCount(0);
      // Scroll to the end of what is loaded, again and again, as a reader would: each time the next page arrives.
      const lastShown = () =>
        grid.evaluate((element) => {
          element.scrollTo({ top: element.scrollHeight });
          return Math.max(...Array.from(element.querySelectorAll('.event-body [aria-rowindex]'), (row) => Number(row.getAttribute('aria-rowindex'))));
        });
      await expect.poll(lastShown, { timeout: 15_000 }).toBeGreaterThan(600);
      await grid.evaluate((element) => element.scrollTo({ top: 398 * 26 }));
      await expect(grid.locator('[aria-rowindex="401"]')).toBeAttached();
      await expect(grid.locator('[aria-rowindex="401"]')).toContainText('DC-01');
      expect(await rows.count()).toBeLessThan(80);
      // Back to the top, and take the host filter off with its chip.
      await grid.evaluate((element) => element.scrollTo({ top: 0 }));
      await page.getByRole('button', { name: 'Remove filter host DC-01' }).click();
      await expect(total).toHaveText('5,000 events');
    });

    await test.step('arrow keys move the selection, Enter shows every attribute, Escape closes', async () => {
      await grid.focus();
      await page.keyboard.press('Home');
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowDown');
      const third = grid.locator('[aria-rowindex="4"]');
      await expect(third).toHaveAttribute('aria-selected', 'true');
      await page.keyboard.press('Enter');
      const details = page.getByRole('complementary', { name: /Event details/ });
      await expect(details).toContainText('3 of 5,000');
      await expect(details).toContainText('2026-03-01 00:01:09.120000 UTC');
      const attributes = details.getByRole('table', { name: 'Attributes' });
      await expect(attributes.getByRole('row', { name: /record_number/ })).toContainText('100002');
      await expect(attributes.getByRole('row', { name: /event_identifier/ })).toContainText('7036');
      await expect(attributes.getByRole('row', { name: /data_type/ })).toContainText('windows:evtx:record');
      // The details follow the selection.
      await page.keyboard.press('ArrowDown');
      await expect(details).toContainText('4 of 5,000');
      await page.keyboard.press('Escape');
      await expect(details).toBeHidden();
      await expect(grid).toBeFocused();
    });

    await test.step('clicking a row shows its details; its host filters from there', async () => {
      await page.getByLabel('Search messages').fill('mimikatz');
      await expect(rows).toHaveCount(3);
      // On the time: the host, user, source and tag cells are filter buttons.
      await rows.nth(1).locator('.c-time').click();
      const details = page.getByRole('complementary', { name: /Event details/ });
      await expect(details).toContainText('Process created: C:\\Temp\\mimikatz.exe "sekurlsa::logonpasswords"');
      await expect(details).toContainText('credential-access');
      await expect(details.getByRole('table', { name: 'Attributes' })).toContainText('4688');
      await screenshot(page, 'event-details');
      await details.getByRole('button', { name: 'Filter on host DC-01' }).click();
      await expect(page.getByRole('list', { name: 'Active filters' })).toContainText('Host: DC-01');
      await expect(total).toHaveText('3 of 5,000 events');
      await page.getByRole('button', { name: 'Clear filters' }).click();
      await expect(total).toHaveText('5,000 events');
      await expect(page.getByLabel('Search messages')).toHaveValue('');
    });

    await test.step('newest first with the time column', async () => {
      await page.getByRole('button', { name: /Time \(UTC\)/ }).click();
      await expect(page.getByRole('columnheader', { name: /Time/ })).toHaveAttribute('aria-sort', 'descending');
      await expect(rows.first()).toContainText('2026-03-02 23:59:25.440000 UTC');
      await page.getByRole('button', { name: /Time \(UTC\)/ }).click();
      await expect(rows.first()).toContainText('2026-03-01 00:00:00.000000 UTC');
    });

    await test.step('zoom by typing a range, by dragging across bars, and reset', async () => {
      await page.getByLabel('From (UTC)').fill('2026-03-01 00:00:00');
      await page.getByLabel('To (UTC)').fill('2026-03-01 12:00:00');
      await page.getByLabel('To (UTC)').press('Enter');
      // Events are evenly spread over 48 hours: the first 12 hold a quarter of them.
      await expect(total).toHaveText('1,250 of 5,000 events');
      await expect(page.getByRole('list', { name: 'Active filters' })).toContainText('Time:');
      await page.getByRole('button', { name: 'Reset zoom', exact: true }).click();
      await expect(total).toHaveText('5,000 events');

      const plot = chart.locator('.recharts-cartesian-grid');
      const box = (await plot.boundingBox())!;
      await page.mouse.move(box.x + box.width * 0.2, box.y + box.height / 2);
      await page.mouse.down();
      await page.mouse.move(box.x + box.width * 0.35, box.y + box.height / 2, { steps: 5 });
      await page.mouse.move(box.x + box.width * 0.4, box.y + box.height / 2, { steps: 5 });
      await page.mouse.up();
      await expect(total).toHaveText(/^[\d,]+ of 5,000 events$/);
      const zoomed = Number((await total.locator('strong').textContent())!.replace(/,/g, ''));
      expect(zoomed).toBeGreaterThan(800);
      expect(zoomed).toBeLessThan(1400);
      await expect(chart.locator('path.recharts-rectangle').first()).toBeVisible();
      await page.getByRole('button', { name: 'Remove the time range (reset zoom)' }).click();
      await expect(total).toHaveText('5,000 events');
    });
  });
});
