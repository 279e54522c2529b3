import { promises as fs } from 'node:fs';
import path from 'node:path';
import { FAST_KDF, expect, screenshot, test } from './harness';
import { expectAccessible } from './a11y';
import { call } from './seed';
import { openImport, unlock } from './steps';
import { sampleFile } from './fixtures';

const PASSPHRASE = 'correct horse battery staple';

/** A later export of the sample incident: its alert resolved, and a second alert naming a new address. */
async function laterExport(source: string, folder: string): Promise<string> {
  const incident = JSON.parse(await fs.readFile(source, 'utf8')) as { alerts: Record<string, unknown> };
  const second = {
    ...incident.alerts,
    id: 'da-second-alert',
    providerAlertId: 'da-second-alert',
    title: 'Connection to a known bad address',
    evidence: [{ '@odata.type': '#microsoft.graph.security.ipEvidence', verdict: 'malicious', roles: [], tags: [], ipAddress: '203.0.113.77' }],
  };
  const file = path.join(folder, 'incident-2972395-later.json');
  await fs.writeFile(file, JSON.stringify({ ...incident, alerts: [{ ...incident.alerts, status: 'resolved' }, second] }));
  return file;
}

test.describe('import: the same data twice', () => {
  test.use({ kdf: FAST_KDF });

  test('a later export of an incident already a case: the dialog asks; skip, then merge, and the report says what changed', async ({
    app: page,
    engine,
    harness,
    folder,
  }) => {
    test.setTimeout(120_000);
    const incident = await sampleFile('defender', 'graph-incident-with-alert.json');
    test.skip(incident.missing !== null, incident.missing ?? '');
    await call(engine, 'vault.create', { passphrase: PASSPHRASE });
    const { report } = await call(engine, 'import.start', { taskId: 'first', file: incident.file });
    const caseId = report.caseIds[0]!;
    const title = (await call(engine, 'cases.summary', { id: caseId })).case.title;
    const later = await laterExport(incident.file, folder);
    await call(engine, 'vault.lock', { reason: 'user' });
    await page.reload();
    await unlock(page, PASSPHRASE);

    const prompt = () => page.getByRole('group', { name: /holds an incident already in a case/ });
    await test.step('from the case list: the dialog names the case the incident already is, and offers merge, import again, skip', async () => {
      const dialog = await openImport(page, harness, [later]);
      await dialog.getByRole('button', { name: 'Import', exact: true }).click();
      await expect(prompt()).toBeVisible({ timeout: 30_000 });
      await expect(prompt()).toContainText(`incident 2972395 is already case "${title}" (${caseId})`);
      await expect(prompt().getByRole('button', { name: /^Merge into “/ })).toBeFocused();
      await expect(prompt().getByRole('button', { name: 'Import again' })).toBeVisible();
      await expectAccessible(page, 'duplicate import prompt');
      await screenshot(page, 'import-duplicate-prompt');
      await prompt().getByRole('button', { name: 'Skip this file' }).click();
      await expect(dialog.getByText('incident-2972395-later.json: skipped, it repeats an earlier import.')).toBeVisible();
      expect((await call(engine, 'cases.list', {})).cases).toHaveLength(1);
      await dialog.getByRole('button', { name: 'Change options and retry' }).click();

      await dialog.getByRole('button', { name: 'Import', exact: true }).click();
      await prompt()
        .getByRole('button', { name: /^Merge into “/ })
        .click();
      const merged = dialog.getByRole('region', { name: 'Report for incident-2972395-later.json' });
      await expect(merged).toBeVisible({ timeout: 30_000 });
      const summary = merged.getByTestId('merge-summary');
      await expect(summary).toContainText(`Merged into “${title}”: 1 alert updated, 1 alert added, 1 entity added`);
      await expect(summary).toContainText('Updated: Suspicious execution of hidden file (status)');
      await expect(summary).toContainText('Added: Connection to a known bad address');
      await expectAccessible(page, 'merge report');
      await screenshot(page, 'import-merge-report');
    });

    await test.step('the case has both alerts, the first one resolved, and still one case in the vault', async () => {
      const alerts = await call(engine, 'alerts.list', { caseId });
      expect(alerts.map((a) => `${a.title}: ${a.status}`).sort()).toEqual([
        'Connection to a known bad address: new',
        'Suspicious execution of hidden file: resolved',
      ]);
      expect((await call(engine, 'cases.list', {})).cases).toHaveLength(1);
    });
  });
});
