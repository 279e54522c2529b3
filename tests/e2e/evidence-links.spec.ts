import { promises as fs } from 'node:fs';
import path from 'node:path';
import { expectAccessible } from './a11y';
import { FAST_KDF, expect, screenshot, test } from './harness';
import { openSampleIncidentCase } from './sample-case';
import { call } from './seed';

const PASSPHRASE = 'correct horse battery staple';
const CASE = 'LSASS dump on WORKSTATION5';
const ALERT = 'Suspicious execution of hidden file';

test.describe('evidence linked to what it is evidence of', () => {
  test.use({ kdf: FAST_KDF });

  test('link an item to an entity, an alert and an event → named links opening their pages → the evidence on those pages → a session with typed commands and chosen evidence', async ({
    app: page,
    engine,
    folder,
  }) => {
    test.setTimeout(240_000);
    const caseId = await openSampleIncidentCase(page, engine, { passphrase: PASSPHRASE, title: CASE });
    await test.step('given a memory image held elsewhere with its custody, an ingested dump, and an approved action waiting for its outcome', async () => {
      const dump = path.join(folder, 'lsass.dmp');
      await fs.writeFile(dump, Buffer.alloc(256 * 1024, 7));
      const memory = await call(engine, 'evidence.addRef', {
        caseId,
        fields: {
          title: 'WORKSTATION5 memory image',
          kind: 'memory-image',
          sourceHost: 'WORKSTATION5',
          storageLocation: 'Locker 2, bag 0231',
          tool: 'WinPmem 4.0',
        },
        hashes: { sha256: 'ab'.repeat(32) },
        size: 17_179_869_184,
      });
      const itemId = memory.result.id;
      await call(engine, 'evidence.custody', {
        caseId,
        itemId,
        entry: { event: 'collected', by: 'R. Okafor', at: '2020-10-18T20:40:00Z', where: 'Finance floor 2' },
      });
      await call(engine, 'evidence.custody', {
        caseId,
        itemId,
        entry: { event: 'transferred', from: 'R. Okafor', to: 'Evidence room (J. Lind)', at: '2020-10-18T22:10:00Z', hashVerified: 'match' },
      });
      await call(engine, 'evidence.add', {
        caseId,
        taskId: 'dump',
        file: dump,
        fields: { title: 'lsass.dmp from WORKSTATION5', kind: 'file', sourceHost: 'WORKSTATION5' },
      });
      await call(engine, 'vault.settings', { twoPersonRule: false });
      const device = (await call(engine, 'entities.list', { caseId, types: ['device'], text: 'workstation5' })).rows[0]!;
      const proposed = await call(engine, 'actions.propose', {
        caseId,
        kind: 'collect-package',
        targets: [device.id],
        rationale: 'Memory and triage for the LSASS dump',
      });
      await call(engine, 'actions.decide', { caseId, ids: [proposed.actions[0]!.id], decision: 'approve', comment: 'Go' });
    });

    await test.step('the item page: Link… opens a searchable picker; an entity, the alert and an event are ticked and linked in one go', async () => {
      await page.getByRole('tab', { name: 'Evidence' }).click();
      await page.getByRole('button', { name: 'WORKSTATION5 memory image', exact: true }).click();
      await expect(page.getByText('Not linked to any entity, alert or event yet.')).toBeVisible();
      await page.getByRole('button', { name: 'Link…' }).click();
      const dialog = page.getByRole('dialog', { name: 'Link “WORKSTATION5 memory image”' });
      await dialog.getByLabel('Entity type').selectOption('device');
      await dialog.getByLabel('Search').fill('workstation5');
      await dialog
        .getByRole('checkbox', { name: /^workstation5/i })
        .first()
        .check();
      await dialog.getByLabel('Link to').selectOption('alerts');
      await dialog.getByLabel('Search').fill('hidden file');
      await dialog.getByRole('checkbox', { name: new RegExp(ALERT) }).check();
      await dialog.getByLabel('Link to').selectOption('events');
      await dialog.getByLabel('Search').fill('comsvcs');
      await dialog.getByRole('checkbox').first().check();
      await expect(dialog.getByText('3 picked')).toBeVisible();
      await expectAccessible(page, 'evidence link picker');
      await screenshot(page, 'evidence-link-picker');
      await dialog.getByRole('button', { name: 'Link 3' }).click();
      await expect(dialog).toHaveCount(0);
    });

    await test.step('the links are shown by name (not id), each with Unlink; the item keeps its custody chain', async () => {
      const links = page.getByRole('list', { name: 'Linked entities, alerts and events' });
      await expect(links.getByRole('listitem')).toHaveCount(3);
      await expect(links.getByRole('button', { name: /^workstation5/i })).toBeVisible();
      await expect(links.getByRole('button', { name: ALERT, exact: true })).toBeVisible();
      await expect(links.getByRole('listitem').nth(2)).toContainText('A new process has been created. Creator Subject: Security ID:');
      await expect(links.getByRole('listitem').nth(2)).toContainText(/\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+ UTC/);
      await expect(page.getByRole('table', { name: 'Chain of custody, oldest first' }).locator('tbody tr')).toHaveCount(2);
      await expectAccessible(page, 'evidence item with links');
      await screenshot(page, 'evidence-item-links');
    });

    await test.step("a link opens the entity's page, which lists the item; the item opens back from there", async () => {
      await page
        .getByRole('list', { name: 'Linked entities, alerts and events' })
        .getByRole('button', { name: /^workstation5/i })
        .click();
      await expect(page.getByRole('tab', { name: 'Entities' })).toHaveAttribute('aria-selected', 'true');
      const evidence = page.getByRole('region', { name: 'Linked evidence' });
      await expect(evidence.getByRole('button', { name: 'WORKSTATION5 memory image' })).toBeVisible();
      await evidence.scrollIntoViewIfNeeded();
      await screenshot(page, 'evidence-on-entity');
      await evidence.getByRole('button', { name: 'WORKSTATION5 memory image' }).click();
      await expect(page.getByRole('heading', { name: 'WORKSTATION5 memory image' })).toBeVisible();
    });

    await test.step("the alert's page lists the item too; unlinking the alert is recorded and takes it off", async () => {
      await page.getByRole('list', { name: 'Linked entities, alerts and events' }).getByRole('button', { name: ALERT, exact: true }).click();
      await expect(page.getByRole('tab', { name: 'Alerts' })).toHaveAttribute('aria-selected', 'true');
      await expect(page.getByRole('region', { name: 'Linked evidence' }).getByRole('button', { name: 'WORKSTATION5 memory image' })).toBeVisible();
      await page.getByRole('region', { name: 'Linked evidence' }).getByRole('button', { name: 'WORKSTATION5 memory image' }).click();
      await page.getByRole('button', { name: `Unlink alert ${ALERT}` }).click();
      await expect(page.getByRole('list', { name: 'Linked entities, alerts and events' }).getByRole('listitem')).toHaveCount(2);
      const audit = await call(engine, 'audit.list', { caseId });
      expect(audit.filter((e) => e.type === 'evidence.linked')).toHaveLength(2);
    });

    await test.step('a live-response session: commands typed one at a time and edited, the dump chosen from the evidence log', async () => {
      await page.getByRole('tab', { name: 'Story' }).click();
      await page.getByRole('button', { name: 'Record live response…' }).click();
      const form = page.getByRole('form', { name: 'Record a live-response session' });
      await form.getByLabel('Host').fill('WORKSTATION5');
      await form.getByLabel('Tool').fill('Defender Live Response');
      await form.getByLabel('Started (UTC)').fill('2020-10-18 20:30:00');
      await form.getByRole('button', { name: 'Add a command' }).click();
      await expect(form.getByLabel('Command 1', { exact: true })).toBeFocused();
      await page.keyboard.type('processes');
      await form.getByLabel('Output of command 1').fill('  712 lsass.exe\n 4488 rundll32.exe');
      await form.getByRole('button', { name: 'Add a command' }).click();
      await form.getByLabel('Command 2', { exact: true }).fill('getfile C:\\Windows\\Temp\\lsas.dmp');
      // Edited before saving: the typo fixed.
      await form.getByLabel('Command 2', { exact: true }).fill('getfile C:\\Windows\\Temp\\lsass.dmp');
      await form.getByLabel('Output of command 2').fill('Downloaded lsass.dmp (52428800 bytes)');
      await form.getByRole('button', { name: 'Add a command' }).click();
      await form.getByRole('button', { name: 'Remove command 3' }).click();
      await form.getByRole('checkbox', { name: 'lsass.dmp from WORKSTATION5 (file)' }).check();
      await form.getByLabel('Summary').fill('Collected the dump left in Temp.');
      await expectAccessible(page, 'live-response form with typed commands');
      await screenshot(page, 'evidence-live-form');
      await form.getByRole('button', { name: 'Record the session' }).click();
      const session = page.getByRole('listitem').filter({ hasText: 'Defender Live Response on WORKSTATION5' });
      await session.getByText(/Defender Live Response on WORKSTATION5 by .*, 2 commands/).click();
      await expect(session.getByRole('list', { name: 'Commands run on WORKSTATION5' })).toContainText('getfile C:\\Windows\\Temp\\lsass.dmp');
      await expect(session).toContainText('lsass.dmp from WORKSTATION5');
      await session.scrollIntoViewIfNeeded();
      await screenshot(page, 'evidence-live-session');
    });

    await test.step('an action carried out with evidence chosen from the log; the history names it by title', async () => {
      await page.getByRole('tab', { name: 'Actions' }).click();
      await page.getByRole('tab', { name: /To carry out/ }).click();
      await page.getByRole('button', { name: 'Record outcome…' }).first().click();
      const outcome = page.getByRole('form', { name: /Outcome of/ });
      await outcome.getByLabel('Result note').fill('Package collected by the on-site team');
      await outcome.getByLabel('Evidence item (optional)').selectOption({ label: 'lsass.dmp from WORKSTATION5 (file)' });
      await expectAccessible(page, 'action outcome with evidence');
      await screenshot(page, 'evidence-action-outcome');
      await outcome.getByRole('button', { name: 'Executed' }).click();
      await page.getByRole('tab', { name: /History/ }).click();
      await expect(page.getByRole('list', { name: 'Action history' })).toContainText('evidence: lsass.dmp from WORKSTATION5');
      await screenshot(page, 'evidence-action-history');
    });

    await test.step('the case custody report, saved through the save dialog, names the links', async () => {
      await page.getByRole('tab', { name: 'Evidence' }).click();
      await page.getByRole('button', { name: '← Evidence' }).click();
      await expectAccessible(page, 'evidence list');
      await screenshot(page, 'evidence-list-linked');
      const { html } = await call(engine, 'evidence.report', { caseId });
      expect(html).toMatch(/workstation5 \(device\)/i);
      const context = await page
        .context()
        .browser()!
        .newContext({ viewport: { width: 1280, height: 900 } });
      const report = await context.newPage();
      try {
        await report.setContent(html);
        await expectAccessible(report, 'custody report with links');
        await screenshot(report, 'evidence-report-links');
      } finally {
        await context.close();
      }
    });
  });
});
