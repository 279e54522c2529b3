import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { expectAccessible } from './a11y';
import { FAST_KDF, expect, screenshot, test } from './harness';
import { call } from './seed';
import { openCaseFromList, unlock } from './steps';
import { sampleFile } from './fixtures';

const PASSPHRASE = 'correct horse battery staple';
const CASE = 'Beaconing from WKS-1';
const DEVICE_ID = 'f46b9bb259ed4a7fb9981b73510e3cc7aa81ec1f';

/** Defender machine actions: one isolation pending for an hour, one from 2018 never decided (expired), one finished scan. */
function machineActions(): string {
  const action = (id: string, type: string, status: string, created: string) => ({
    id,
    type,
    requestor: 'soc@contoso.com',
    requestorComment: `${type} asked by the SOC`,
    status,
    machineId: DEVICE_ID,
    computerDnsName: 'desktop-39g9tgl',
    creationDateTimeUtc: created,
    lastUpdateTimeUtc: created,
    relatedFileInfo: null,
  });
  const hourAgo = new Date(Date.now() - 3_600_000).toISOString();
  const value = [
    action('11111111-1111-4111-8111-111111111111', 'Isolate', 'Pending', hourAgo),
    action('33333333-3333-4333-8333-333333333333', 'RestrictCodeExecution', 'Pending', '2018-12-04T12:00:00Z'),
    action('22222222-2222-4222-8222-222222222222', 'RunAntiVirusScan', 'Succeeded', '2018-12-04T12:18:27Z'),
  ];
  return JSON.stringify({ '@odata.context': 'https://api.securitycenter.windows.com/api/$metadata#MachineActions', value });
}

test.describe('response actions', () => {
  test.use({ kdf: FAST_KDF });

  test('the queue: filter, approve a kind at once, reject with a comment, the two-person rule; propose from an entity; outcome, undo, history, runbook', async ({
    app: page,
    engine,
    folder,
  }) => {
    test.setTimeout(180_000);
    // Given a case with Defender's machine actions and a timeline, and alice's proposals.
    await call(engine, 'vault.create', { passphrase: PASSPHRASE });
    await call(engine, 'vault.settings', { actor: 'alice', twoPersonRule: true });
    const caseId = (await call(engine, 'cases.create', { title: CASE, severity: 'high' })).cases![0]!.id;
    const actionsFile = path.join(folder, 'machine-actions.json');
    await writeFile(actionsFile, machineActions());
    const timeline = path.join(folder, 'timeline.csv');
    await writeFile(
      timeline,
      'message,datetime,timestamp_desc,hostname,username\nbeacon to 203.0.113.9,2026-11-30T10:00:00+00:00,Event Recorded,WKS-1,mallory\n',
    );
    await call(engine, 'import.start', { taskId: 'a', file: actionsFile, caseId });
    await call(engine, 'import.start', { taskId: 't', file: timeline, caseId });
    const entities = (await call(engine, 'entities.list', { caseId })).rows;
    const id = (display: string) => entities.find((e) => e.display.toLowerCase() === display.toLowerCase())!.id;
    await call(engine, 'actions.propose', { caseId, kind: 'isolate', targets: [id('WKS-1'), id('desktop-39g9tgl')], rationale: 'beaconing to 203.0.113.9' });
    await call(engine, 'actions.propose', { caseId, kind: 'disable-user', targets: [id('mallory')], rationale: 'account used for the beacon' });
    // The window's analyst is bob.
    await call(engine, 'vault.settings', { actor: 'bob' });
    await call(engine, 'vault.lock', { reason: 'user' });
    await page.reload();
    await unlock(page, PASSPHRASE);
    await openCaseFromList(page, CASE);
    await page.getByRole('tab', { name: 'Actions' }).click();

    const queue = page.getByRole('table', { name: 'Pending actions' });
    await test.step('the queue: pending actions with their exact targets; the expired one is not there', async () => {
      await expect(page.getByRole('tab', { name: 'Queue (4)' })).toBeVisible();
      await expect(page.getByText('Two-person rule on')).toBeVisible();
      await expect(queue.getByRole('row', { name: /desktop-39g9tgl/ }).first()).toContainText(DEVICE_ID);
      await expect(queue.getByRole('row', { name: /Disable user/ })).toContainText('account used for the beacon');
      await expect(queue.getByRole('row', { name: /Restrict app execution/ })).toHaveCount(0);
      await expectAccessible(page, 'action queue');
      await screenshot(page, 'actions-queue');
    });

    await test.step('filter by kind, approve the three isolations at once; reject the other only with a comment', async () => {
      await page.getByLabel('Kind').selectOption('isolate');
      await expect(queue.getByRole('row')).toHaveCount(4);
      await page.getByLabel('Select every pending action shown').check();
      const bar = page.getByRole('form', { name: 'Decide on the selected actions' });
      await expect(bar).toContainText('3 actions selected: Isolate device');
      await screenshot(page, 'actions-decision-bar');
      await bar.getByRole('button', { name: 'Approve' }).click();
      await expect(page.getByText('Approved 3 actions.')).toBeVisible();
      await page.getByLabel('Kind').selectOption('');
      await expect(page.getByRole('tab', { name: 'Queue (1)' })).toBeVisible();
      await page.getByLabel('Select Disable user on mallory').check();
      await bar.getByRole('button', { name: 'Reject' }).click();
      await expect(bar.getByRole('alert')).toHaveText('A rejection needs a comment saying why.');
      await bar.getByLabel('Comment').fill('mallory is the service account of the backup job');
      await bar.getByRole('button', { name: 'Reject' }).click();
      await expect(page.getByText('Rejected 1 action.')).toBeVisible();
    });

    const dialog = page.getByRole('dialog', { name: 'Propose action' });
    await test.step('propose from an entity page: the target is filled in; bob cannot approve his own proposal', async () => {
      await page.getByRole('tab', { name: 'Entities' }).click();
      await page.getByRole('button', { name: 'WKS-1', exact: true }).click();
      await page.getByRole('button', { name: 'Propose action…' }).click();
      await expect(dialog.getByLabel('Action')).toHaveValue('isolate');
      await expect(dialog.getByRole('checkbox', { name: /WKS-1/ })).toBeChecked();
      await dialog.getByLabel('Action').selectOption('av-scan');
      await dialog.getByLabel('Rationale').fill('look for the dropper');
      await expectAccessible(page, 'propose action dialog');
      await screenshot(page, 'actions-propose');
      await dialog.getByRole('button', { name: 'Propose action' }).click();
      await expect(dialog).toHaveCount(0);
      await page.getByRole('button', { name: 'Open the queue' }).click();
      await page.getByLabel('Select Run antivirus scan on WKS-1').check();
      await page.getByRole('button', { name: 'Approve' }).click();
      await expect(page.getByRole('form', { name: 'Decide on the selected actions' }).getByRole('alert')).toContainText(
        'bob proposed it, and the two-person rule says whoever proposed an action cannot approve it',
      );
    });

    await test.step('to carry out: an outcome with its note; undo proposes the release', async () => {
      await page.getByRole('tab', { name: 'To carry out (3)' }).click();
      const approved = page.getByRole('table', { name: 'Approved actions to carry out' });
      const wks = approved.getByRole('row', { name: /WKS-1/ });
      await wks.getByRole('button', { name: 'Record outcome…' }).click();
      await wks.getByLabel('Result note').fill('isolated from the console at 10:05 UTC');
      await wks.getByRole('button', { name: 'Executed' }).click();
      await expect(page.getByRole('tab', { name: 'To carry out (2)' })).toBeVisible();
      await approved
        .getByRole('row', { name: /Isolate.*desktop-39g9tgl.*by bob/ })
        .first()
        .getByRole('button', { name: 'Undo' })
        .click();
      await expect(page.getByText('Proposed Release device from isolation: it waits in the queue for a decision.')).toBeVisible();
      await expect(page.getByRole('tab', { name: 'Queue (2)' })).toBeVisible();
    });

    await test.step('history: every decision with who, when and why; the expired action; the runbook', async () => {
      await page.getByRole('tab', { name: /^History/ }).click();
      const history = page.getByRole('list', { name: 'Action history' });
      const rejected = history.getByRole('listitem').filter({ hasText: 'Disable user' });
      await expect(rejected).toContainText('Rejected');
      await expect(rejected.getByRole('row', { name: /Rejected.*bob.*backup job/ })).toBeVisible();
      const expired = history.getByRole('listitem').filter({ hasText: 'Restrict app execution' });
      await expect(expired.getByRole('row', { name: /Expired.*Casebook.*no decision before it expired/ })).toBeVisible();
      await expect(history.getByRole('listitem').filter({ hasText: 'isolated from the console' })).toContainText('Executed');
      await expectAccessible(page, 'action history');
      await screenshot(page, 'actions-history');

      await page.getByRole('button', { name: 'Runbook…' }).click();
      const runbook = page.getByRole('dialog', { name: 'Runbook of approved actions' });
      await expect(runbook.getByRole('textbox', { name: 'Runbook in Markdown' })).toHaveValue(new RegExp(`Device id: \` ${DEVICE_ID} \``));
      await runbook.getByLabel('Format').selectOption('csv');
      await expect(runbook.getByRole('textbox', { name: /Runbook in CSV/ })).toHaveValue(/^target,target type,identifier name,identifier/);
      await expectAccessible(page, 'runbook dialog');
      await runbook.getByRole('button', { name: 'Close' }).first().click();
    });

    await test.step('the entity list shows remediation: WKS-1 remediated by its executed isolation; a selection proposes one action per entity', async () => {
      await page.getByRole('tab', { name: 'Entities' }).click();
      await page.getByRole('button', { name: '← Entities' }).click();
      const list = page.getByRole('table', { name: 'Entities' });
      await expect(list.getByRole('row', { name: /WKS-1/ })).toContainText('Remediated');
      await expect(list.getByRole('row', { name: /desktop-39g9tgl/ })).toContainText('In progress');
      await screenshot(page, 'actions-entities-remediation');
      await list.getByLabel('Select 203.0.113.9').check();
      await list.getByLabel('Select contoso.com').check();
      await page.getByRole('form', { name: 'Change the selected entities' }).getByRole('button', { name: 'Propose action…' }).click();
      await expect(dialog.getByLabel('Action')).toHaveValue('block-indicator');
      await expect(dialog.getByRole('group', { name: 'Targets (2 of 2)' })).toBeVisible();
      await dialog.getByLabel('Rationale').fill('C2 infrastructure');
      await dialog.getByRole('button', { name: 'Propose 2 actions' }).click();
      await expect(page.getByText('Proposed 2 actions: they wait in the Actions queue for a decision.')).toBeVisible();
      // A remediation status set by hand: one audited record for the selection.
      await page.getByRole('form', { name: 'Change the selected entities' }).getByLabel('Remediation').selectOption('excluded');
      await page.getByRole('form', { name: 'Change the selected entities' }).getByRole('button', { name: 'Apply' }).click();
      await expect(list.getByRole('row').filter({ has: page.getByRole('button', { name: 'contoso.com', exact: true }) })).toContainText('Excluded');
    });
  });

  test('propose from an alert page: its entities are the targets', async ({ app: page, engine }) => {
    test.setTimeout(120_000);
    const incident = await sampleFile('defender', 'graph-incident-with-alert.json');
    test.skip(incident.missing !== null, incident.missing ?? '');
    await call(engine, 'vault.create', { passphrase: PASSPHRASE });
    const caseId = (await call(engine, 'cases.create', { title: CASE })).cases![0]!.id;
    await call(engine, 'import.start', { taskId: 'incident', file: incident.file, caseId });
    await call(engine, 'vault.lock', { reason: 'user' });
    await page.reload();
    await unlock(page, PASSPHRASE);
    await openCaseFromList(page, CASE);
    await page.getByRole('tab', { name: 'Alerts' }).click();
    await page.getByRole('button', { name: 'Suspicious execution of hidden file' }).click();
    await page.getByRole('button', { name: 'Propose action…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Propose action' });
    await expect(dialog.getByRole('checkbox', { name: /tempDns/ })).toBeChecked();
    const targets = await dialog.getByRole('checkbox').count();
    expect(targets).toBeGreaterThanOrEqual(4);
    // Only the device: untick the rest.
    const boxes = dialog.getByRole('checkbox');
    for (let i = 0; i < targets; i++) {
      const name = await boxes.nth(i).evaluate((box) => box.closest('label')?.textContent ?? '');
      if (!name.includes('tempDns')) await boxes.nth(i).uncheck();
    }
    await expect(dialog.getByRole('group', { name: `Targets (1 of ${targets})` })).toBeVisible();
    await dialog.getByLabel('Action').selectOption('isolate');
    await dialog.getByLabel('Rationale').fill('hidden file executed');
    await dialog.getByRole('button', { name: 'Propose action' }).click();
    await page.getByRole('button', { name: 'Open the queue' }).click();
    await expect(page.getByRole('table', { name: 'Pending actions' }).getByRole('row', { name: /Isolate device.*tempDns/ })).toBeVisible();
  });
});
