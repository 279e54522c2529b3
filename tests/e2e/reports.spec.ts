import { copyFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expectAccessible } from './a11y';
import { FAST_KDF, expect, screenshot, test } from './harness';
import { call } from './seed';
import { openCaseFromList, unlock } from './steps';
import { buildExportCase, HOSTILE_TITLE } from '../unit/support/export-case';

const PASSPHRASE = 'correct horse battery staple';

test.describe('report and export', () => {
  test.use({ kdf: FAST_KDF });

  test('the Report & export tab: report outline, HTML and PDF saved where the user chose, timeline and table exports, by keyboard too', async ({
    app: page,
    engine,
    harness,
    folder,
    browser,
  }) => {
    test.setTimeout(240_000);
    await test.step('given a case with alerts, entities, a timeline, actions and indicators', async () => {
      await call(engine, 'vault.create', { passphrase: PASSPHRASE });
      await buildExportCase((method, input) => call(engine, method, input), folder, 400);
      await call(engine, 'vault.lock', { reason: 'user' });
      await page.reload();
      await unlock(page, PASSPHRASE);
      await openCaseFromList(page, HOSTILE_TITLE);
    });

    await test.step('the tab shows what the report will hold and the journal head it is of', async () => {
      await page.getByRole('tab', { name: 'Report & export' }).click();
      const report = page.getByRole('region', { name: 'Incident report' });
      await expect(report.getByText(/^record \d+ ·/)).toBeVisible({ timeout: 30_000 });
      await expect(report.getByRole('listitem')).toHaveText([/^Summary/, /^Scope/, /^Activity/, /^Alerts · 3/, /^Entities/, /^Actions · 2/, /^Evidence · 3/]);
      // The full report, in its sandboxed frame, as it will be saved.
      await expect(report.frameLocator('iframe.report-frame').getByRole('img', { name: /^Alerts by severity: 3 alerts/ })).toBeVisible();
      await expectAccessible(page, 'report & export');
      await screenshot(page, 'reports-tab');
    });

    await test.step('Save as HTML asks where, then writes the self-contained report there', async () => {
      const out = path.join(folder, 'report.html');
      harness.saveAs(out);
      await page.getByRole('button', { name: 'Save as HTML…' }).click();
      const saved = page.getByRole('region', { name: 'Saved' });
      await expect(saved.getByText('report.html')).toBeVisible({ timeout: 30_000 });
      expect(harness.saveDialogs.at(-1)).toMatchObject({ defaultName: expect.stringMatching(/^credential-theft-.*-report\.html$/) });
      // The report, opened in a browser of its own: as on screen, and as printed.
      const html = readFileSync(out, 'utf8');
      const viewer = await browser.newPage({ viewport: { width: 1100, height: 1400 } });
      await viewer.setContent(html);
      await viewer.screenshot({ path: path.resolve(__dirname, '../../test-results/screenshots/report-html.png'), fullPage: true });
      await viewer.emulateMedia({ media: 'print' });
      await viewer.setViewportSize({ width: 794, height: 1123 });
      await viewer.screenshot({ path: path.resolve(__dirname, '../../test-results/screenshots/report-print-page1.png') });
      await viewer.close();
    });

    await test.step('Save as PDF prints the same report', async () => {
      const out = path.join(folder, 'report.pdf');
      harness.saveAs(out);
      await page.getByRole('button', { name: 'Save as PDF…' }).click();
      await expect(page.getByRole('region', { name: 'Saved' }).getByText('report.pdf')).toBeVisible({ timeout: 90_000 });
      expect(readFileSync(out).subarray(0, 5).toString('latin1')).toBe('%PDF-');
      // Kept beside the screenshots, to be looked at.
      copyFileSync(out, path.resolve(__dirname, '../../test-results/screenshots/report.pdf'));
    });

    await test.step('a cancelled save dialog writes nothing', async () => {
      harness.saveAs(null);
      await page.getByRole('button', { name: 'STIX 2.1 bundle…' }).click();
      await expect.poll(() => harness.saveDialogs.length).toBe(3);
      await expect(page.getByRole('region', { name: 'Saved' }).getByRole('listitem')).toHaveCount(2);
    });

    await test.step('the timeline exports with its progress; a table by keyboard alone', async () => {
      harness.saveAs(path.join(folder, 'timeline.jsonl'));
      await page.getByRole('button', { name: 'Export timeline…' }).click();
      await expect(page.getByRole('region', { name: 'Saved' }).getByText('timeline.jsonl')).toBeVisible({ timeout: 60_000 });
      expect(readFileSync(path.join(folder, 'timeline.jsonl'), 'utf8').trim().split('\n').length).toBeGreaterThanOrEqual(400);

      harness.saveAs(path.join(folder, 'audit.csv'));
      await page.getByLabel('Table as CSV').focus();
      await page.keyboard.press('End');
      await expect(page.getByLabel('Table as CSV')).toHaveValue('audit');
      await page.keyboard.press('Tab');
      await expect(page.getByRole('button', { name: 'Export table…' })).toBeFocused();
      await page.keyboard.press('Enter');
      const saved = page.getByRole('region', { name: 'Saved' });
      await expect(saved.getByText('audit.csv')).toBeVisible({ timeout: 30_000 });
      await expect(saved.getByRole('listitem').first()).toContainText(/\d+ rows · [\d.]+ KiB · journal record \d+/);
      await expectAccessible(page, 'report & export, after saving');
      await screenshot(page, 'reports-saved');
    });
  });
});
