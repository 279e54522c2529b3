import { promises as fs } from 'node:fs';
import path from 'node:path';
import { expectAccessible } from './a11y';
import { FAST_KDF, expect, screenshot, test } from './harness';
import { call } from './seed';
import { openCaseFromList, timelineRows, unlock } from './steps';
import { sampleFile } from './fixtures';

const PASSPHRASE = 'correct horse battery staple';
const CASE = 'PoisonIvy beaconing from HR';

/** A proxy log of 300 quiet requests, three of which reach the PoisonIvy bundle's infrastructure. */
async function writeProxyLog(file: string): Promise<void> {
  const start = Date.UTC(2026, 2, 1, 8, 0, 0);
  const rows = ['message,datetime,timestamp_desc,hostname,username'];
  for (let i = 0; i < 300; i++) {
    const at = new Date(start + i * 60_000).toISOString().replace('Z', '+00:00');
    let message = `GET https://intranet.corp.example/page/${i} 200`;
    if (i === 42) message = 'DNS query for www.webserver.dynssl.com from 10.1.4.20';
    if (i === 43) message = 'CONNECT 219.76.208.163:443 allowed';
    if (i === 180) message = 'GET http://nkr.iphone.qpoe.com/update.exe 200';
    rows.push(`${message},${at},Event Recorded,HR-LT-07,jsmith`);
  }
  await fs.writeFile(file, rows.join('\n') + '\n');
}

test.describe('indicators and matches', () => {
  test.use({ kdf: FAST_KDF });

  test('a STIX bundle matched against a proxy log: indicators, one typed in, matches, and the event in the timeline', async ({ app: page, engine, folder }) => {
    // Two imports, two matching runs and four axe scans: more than the default minute on a busy two-core machine.
    test.setTimeout(180_000);
    const bundle = await sampleFile('stix21', 'poisonivy.json');
    test.skip(bundle.missing !== null, bundle.missing ?? '');
    const log = path.join(folder, 'proxy.csv');
    await writeProxyLog(log);

    await test.step('given a case with the proxy log and the bundle imported', async () => {
      await call(engine, 'vault.create', { passphrase: PASSPHRASE });
      const caseId = (await call(engine, 'cases.create', { title: CASE, severity: 'high' })).cases![0]!.id;
      await call(engine, 'import.start', { taskId: 'log', file: log, caseId });
      await call(engine, 'import.start', { taskId: 'bundle', file: bundle.file, caseId });
      await call(engine, 'vault.lock', { reason: 'user' });
      await page.reload();
      await unlock(page, PASSPHRASE);
      await openCaseFromList(page, CASE);
    });

    await test.step("the Indicators tab lists the bundle's indicators, those found first", async () => {
      await page.getByRole('tab', { name: 'Indicators' }).click();
      const table = page.getByRole('table', { name: /Indicators of this case/ });
      await expect(table).toBeVisible();
      await expect(page.getByRole('heading', { name: /indicators · 3 found in the case/ })).toBeVisible();
      const first = table.locator('tbody tr').first();
      await expect(first).toContainText(/219\.76\.208\.163|dynssl|qpoe/);
      await expect(table.getByRole('row', { name: /219\.76\.208\.163/ }).first()).toContainText('1');
      await expectAccessible(page, 'indicators');
      await screenshot(page, 'indicators-list');
    });

    await test.step('typing in an indicator checks its type, then matches it at once', async () => {
      const form = page.getByRole('form', { name: 'Add an indicator' });
      await form.getByLabel('Type').selectOption('domain');
      await form.getByLabel('Value').fill('corp example');
      await form.getByLabel('Value').press('Enter');
      await expect(form.getByRole('alert')).toContainText('Not added: the value holds a space.');
      await expect(form.getByLabel('Value')).toHaveAttribute('aria-invalid', 'true');
      await expectAccessible(page, 'indicators, invalid value');
      await screenshot(page, 'indicators-invalid');
      await form.getByLabel('Value').fill('corp.example');
      await form.getByLabel('Note (optional)').fill('our own domain, to see the volume');
      await form.getByRole('button', { name: 'Add indicator' }).click();
      await expect(page.getByRole('status').filter({ hasText: /^Added corp\.example: found \d{3} times\.$/ })).toBeVisible({ timeout: 30_000 });
      await expect(page.getByRole('row', { name: /corp\.example/ })).toContainText('typed in');
    });

    await test.step('the Matches tab lists every match, filtered by where it was found', async () => {
      await page.getByRole('tab', { name: 'Matches' }).click();
      await expect(page.getByText(/matches from \d+ indicators looked for in \d+ events/)).toBeVisible();
      await expect(page.getByText(/after an indicator was typed in/)).toBeVisible();
      await page.getByLabel('Filter').fill('qpoe');
      const table = page.getByRole('table', { name: /Where the case's indicators were found/ });
      const row = table.getByRole('row', { name: /nkr\.iphone\.qpoe\.com/ }).filter({ hasText: 'Event' });
      await expect(row).toContainText('2026-03-01 11:00:00.000000 UTC');
      await page.getByLabel('Filter').fill('');
      await page.getByLabel('Found in').selectOption('event');
      await expect(table.locator('tbody tr').first()).toContainText('Event');
      await expect(table.locator('tbody tr').filter({ hasText: /Entity|Alert/ })).toHaveCount(0);
      await page.getByLabel('Found in').selectOption('all');
      await page.getByLabel('Filter').fill('219.76');
      await expectAccessible(page, 'matches');
      await screenshot(page, 'matches-list');
    });

    await test.step('"Open in timeline" shows the event, marked as matching an indicator', async () => {
      const open = page.getByRole('button', { name: /^Open event \d+ in the timeline$/ }).first();
      await open.focus();
      await page.keyboard.press('Enter');
      await expect(page.getByRole('tab', { name: 'Timeline', selected: true })).toBeVisible();
      await expect(page.getByTestId('timeline-total')).toHaveText(/^1 of \d{3} events$/);
      const rows = timelineRows(page);
      await expect(rows.first()).toContainText('CONNECT 219.76.208.163:443 allowed');
      await expect(rows.first()).toHaveClass(/is-marked/);
      await expect(rows.first().getByTitle('An indicator of this case was found in this event')).toBeVisible();
      await screenshot(page, 'timeline-opened-match');
      await page.getByRole('button', { name: 'Reset zoom' }).first().click();
      await expect(page.getByTestId('timeline-total')).toHaveText(/^\d{3} events$/);
      await expectAccessible(page, 'timeline with marked events');
      await screenshot(page, 'timeline-marked-events');
    });
  });

  test('a case without indicators says how to get some, on both tabs', async ({ app: page, engine }) => {
    await call(engine, 'vault.create', { passphrase: PASSPHRASE });
    await call(engine, 'cases.create', { title: CASE });
    await call(engine, 'vault.lock', { reason: 'user' });
    await page.reload();
    await unlock(page, PASSPHRASE);
    await openCaseFromList(page, CASE);
    await page.getByRole('tab', { name: 'Indicators' }).click();
    await expect(page.getByText('No indicators in this case yet.')).toBeVisible();
    await page.getByRole('tab', { name: 'Matches' }).click();
    await expect(page.getByText('No indicators in this case yet.')).toBeVisible();
    await expect(page.getByText(/Import a STIX 2\.1 bundle or a MISP event, or type indicators in on the Indicators tab/)).toBeVisible();
    await expect(page.getByRole('button', { name: 'Match again' })).toHaveCount(0);
    await expectAccessible(page, 'matches, never matched');
    await screenshot(page, 'matches-empty');
  });
});
