import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { FAST_KDF, expect, screenshot, test } from './harness';
import { call } from './seed';
import { median, report, takeLongTasks, timeToScreen, watchLongTasks } from './speed-marks';
import { openCaseFromList, unlock } from './steps';

/**
 * Issue 13's speed targets for the views, on a 1,000,000-event case (about 260,000 distinct
 * addresses among its entities), measured in the page with Performance marks (speed-marks.ts;
 * the brush zoom with the view's own marks, features/timeline/zoomTiming.ts). Each figure is
 * printed beside its target; the assertions hold the medians to them.
 * The machine running it may be shared: quote medians, and run it alone when it matters.
 */
const PASSPHRASE = 'correct horse battery staple';
const RUNS = 7;

/** Drags across the histogram from one fraction of its width to another (the brush). */
async function brush(page: Page, from: number, to: number) {
  const box = (await page.getByTestId('histogram').locator('.recharts-cartesian-grid').boundingBox())!;
  await page.mouse.move(box.x + box.width * from, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * ((from + to) / 2), box.y + box.height / 2, { steps: 4 });
  await page.mouse.move(box.x + box.width * to, box.y + box.height / 2, { steps: 4 });
  await page.mouse.up();
}

/** With CASEBOOK_E2E_PROFILE=dir, profiles the page's JavaScript until the returned function is called: dir/<name>.cpuprofile. */
async function startProfile(page: Page): Promise<((name: string) => Promise<void>) | null> {
  const dir = process.env.CASEBOOK_E2E_PROFILE;
  if (!dir) return null;
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
  await cdp.send('Profiler.start');
  return async (name) => {
    const { profile } = await cdp.send('Profiler.stop');
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, `${name}.cpuprofile`), JSON.stringify(profile));
  };
}

/** The Timeline tab's first screen: bars in the chart and a first row in the table. */
const TIMELINE_SHOWN = [{ selector: '[data-testid="histogram"] .recharts-bar-rectangle' }, { selector: '.event-grid [role="row"][aria-rowindex="2"]' }];

// No trace: its recorder snapshots the whole DOM in the page at every action (each wheel step, each expect), which
// is most of the page's work in a profile and a long task of its own.
test.use({ trace: 'off' });

test.describe('speed on a 1,000,000-event case (issue 13)', () => {
  test.use({ kdf: FAST_KDF });

  test('Timeline first paint, brush zoom, table scrolling, entity filter and entity page, timed in the page', async ({ app: page, engine }) => {
    const file = path.join(os.tmpdir(), 'casebook-bench-timesketch-1000000.csv');
    test.skip(!process.env.CASEBOOK_E2E_1M, 'set CASEBOOK_E2E_1M=1 to build a 1,000,000-event case (tests/bench/generate-timesketch.mjs) and time the views');
    test.setTimeout(900_000);
    if (!existsSync(file)) {
      const { generate } = (await import(path.resolve(__dirname, '../bench/generate-timesketch.mjs'))) as {
        generate: (n: number, out: string) => Promise<void>;
      };
      await generate(1_000_000, file);
    }
    await call(engine, 'vault.create', { passphrase: PASSPHRASE });
    const caseId = (await call(engine, 'cases.create', { title: 'A million events' })).cases![0]!.id;
    await call(engine, 'import.start', { taskId: 'big', file, caseId });
    const lines: string[] = [];
    const total = page.getByTestId('timeline-total');

    await test.step('the Timeline tab paints its chart and first rows within 1 s of being opened (each time on a newly unlocked vault)', async () => {
      const firstPaints: number[] = [];
      for (let i = 0; i < 3; i++) {
        await call(engine, 'vault.lock', { reason: 'user' });
        await page.reload();
        await unlock(page, PASSPHRASE);
        await openCaseFromList(page, 'A million events');
        firstPaints.push(await timeToScreen(page, 'casebook:timeline-first-paint', TIMELINE_SHOWN, () => page.getByRole('tab', { name: 'Timeline' }).click()));
      }
      lines.push(report('Timeline tab first paint after opening the case', firstPaints, 1000));
      await expect(total).toHaveText('1,000,000 events');
      await screenshot(page, 'speed-timeline-1m');
      expect.soft(median(firstPaints)).toBeLessThan(1000);
    });

    await test.step('a brush zoom updates chart and table within 150 ms', async () => {
      const zooms: number[] = [];
      const profile = await startProfile(page);
      for (let i = 0; i < RUNS; i++) {
        await page.waitForTimeout(100);
        const before = await page.evaluate(() => performance.getEntriesByName('casebook:zoom', 'measure').length);
        await brush(page, 0.1 + i * 0.05, 0.5 + i * 0.05);
        await expect(total).toHaveText(/ of 1,000,000 events$/);
        const measured = await page.waitForFunction((n) => {
          const all = performance.getEntriesByName('casebook:zoom', 'measure');
          return all.length > n ? all.at(-1)!.duration : null;
        }, before);
        zooms.push((await measured.jsonValue()) as number);
        if (process.env.CASEBOOK_E2E_TRACE_CALLS)
          console.log(
            await page.evaluate(() => {
              const start = performance.getEntriesByName('casebook:zoom-start').at(-1)!.startTime;
              const calls = (window as unknown as { __casebookCalls: [string, number, number][] }).__casebookCalls.filter((c) => c[1] >= start - 5);
              return calls.map(([m, a, b]) => `${m} +${(a - start).toFixed(0)}..+${(b - start).toFixed(0)}`).join(' | ');
            }),
          );
        await page.getByRole('button', { name: 'Remove the time range (reset zoom)' }).click();
        await expect(total).toHaveText('1,000,000 events');
      }
      await profile?.('zoom');
      lines.push(report('brush zoom (chart and table show the new range)', zooms, 150));
      expect.soft(median(zooms)).toBeLessThan(150);
    });

    await test.step('scrolling the table (pages fetched as it goes) has no long task over 50 ms', async () => {
      const grid = page.getByRole('grid', { name: 'Events' });
      const box = (await grid.boundingBox())!;
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await watchLongTasks(page);
      const profile = await startProfile(page);
      for (let i = 0; i < 150; i++) {
        await page.mouse.wheel(0, 600);
        await page.waitForTimeout(16);
      }
      await profile?.('scroll');
      await expect(grid.getByRole('row').last()).toBeVisible();
      const rows = await grid.getAttribute('aria-rowcount');
      const longTasks = await takeLongTasks(page);
      const worst = longTasks.length ? Math.max(...longTasks) : 0;
      const line = `table scrolling, 150 wheel steps of 600 px (${rows} rows): ${longTasks.length} long tasks, the longest ${worst.toFixed(0)} ms (target: none over 50 ms)`;
      console.log(line);
      lines.push(line);
      expect.soft(longTasks).toEqual([]);
    });

    await test.step('the entity list filters within 200 ms, an entity page opens within 300 ms', async () => {
      await page.getByRole('tab', { name: 'Entities' }).click();
      const count = page.locator('.entity-count');
      await expect(count).toContainText(/^[\d,]+ entities/, { timeout: 120_000 });
      const all = (await count.textContent())!.match(/^([\d,]+) entities/)![1]!;
      lines.push(`entity list of ${all} entities`);
      const search = page.getByLabel('Search entities');
      const filters: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        // A new address each time, so no answer is reused: 10.<i>.<i*7>. matches a few hundred of them.
        const text = `10.${i % 4}.${(i * 37) % 256}.`;
        filters.push(
          await timeToScreen(
            page,
            'casebook:entity-filter',
            [{ selector: '.entity-count', text: ` of ${all} entities match` }, { selector: '.entity-table tbody tr' }],
            () => search.fill(text),
          ),
        );
        await expect(page.getByRole('table', { name: 'Entities' }).getByRole('row').nth(1)).toContainText(text);
        await search.fill('');
        await expect(count).toContainText(new RegExp(`^${all} entities`));
      }
      lines.push(report(`entity list filter (${all} entities; from typing to the rows shown)`, filters, 200));

      const opens: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const row = page.getByRole('table', { name: 'Entities' }).locator('tbody tr').nth(i);
        const name = (await row.locator('td.col-value button').textContent())!.trim();
        opens.push(
          await timeToScreen(page, 'casebook:entity-open', [{ selector: '#entity-title', text: name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') }], () =>
            row.locator('td.col-value button').click(),
          ),
        );
        await page.getByRole('button', { name: '← Entities' }).click();
        await expect(count).toBeVisible();
      }
      lines.push(report('entity page opens (from the click to its heading)', opens, 300));
      console.log(`\n${lines.join('\n')}`);
      expect.soft(median(filters)).toBeLessThan(200);
      expect.soft(median(opens)).toBeLessThan(300);
    });
  });
});
