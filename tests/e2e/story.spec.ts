import { expectAccessible } from './a11y';
import { FAST_KDF, expect, screenshot, test } from './harness';
import { openSampleIncidentCase } from './sample-case';

const PASSPHRASE = 'correct horse battery staple';
const CASE = 'LSASS dump on WORKSTATION5';

/** A PowerShell transcript of the responder's session on the host, as Start-Transcript writes it. */
const TRANSCRIPT = [
  '**********************',
  'Windows PowerShell transcript start',
  'Start time: 20201018200512',
  'Username: THESHIRE\\responder',
  'Machine: WORKSTATION5 (Microsoft Windows NT 10.0.18363.0)',
  '**********************',
  'Transcript started, output file is C:\\IR\\ws5.txt',
  'PS C:\\> Get-Process lsass',
  '',
  'Handles  NPM(K)    PM(K)      WS(K)     CPU(s)     Id  SI ProcessName',
  '-------  ------    -----      -----     ------     --  -- -----------',
  '   1532      33    10248      23124       3.42    712   0 lsass',
  'PS C:\\> Get-ChildItem C:\\Windows\\Temp\\*.dmp',
  '',
  '    Directory: C:\\Windows\\Temp',
  '-a----        10/18/2020   7:50 PM       52428800 lsass.dmp',
  'PS C:\\> Stop-Transcript',
  '**********************',
  'Windows PowerShell transcript end',
  'End time: 20201018201900',
  '**********************',
].join('\n');

test.describe('the story', () => {
  test.use({ kdf: FAST_KDF });

  test('annotate an event → the story → notes in safe Markdown → a live-response session, on the host page too', async ({ app: page, engine }) => {
    test.setTimeout(180_000);
    // Given a case holding the incident (its alert, entities and evidence) and a timeline, built through the engine.
    await openSampleIncidentCase(page, engine, { passphrase: PASSPHRASE, title: CASE });

    await test.step('an event in the timeline: star, flag for the report, tag, a note; the marks column shows them', async () => {
      await page.getByRole('tab', { name: 'Timeline' }).click();
      await page.getByLabel('Search messages').fill('comsvcs');
      await page.getByLabel('Search messages').press('Enter');
      const grid = page.getByRole('grid', { name: 'Events' });
      await grid.getByRole('row').nth(1).click();
      const details = page.getByRole('complementary', { name: /Event details/ });
      const story = details.getByRole('region', { name: 'Story' });
      await story.getByRole('button', { name: '☆ Star' }).click();
      await expect(story.getByRole('button', { name: '★ Starred' })).toHaveAttribute('aria-pressed', 'true');
      await story.getByRole('button', { name: '⚐ Flag for the report' }).click();
      await expect(story.getByRole('button', { name: '⚑ Flagged for the report' })).toBeVisible();
      await story.getByLabel('Add a tag to this event').fill('credential-access');
      await story.getByRole('button', { name: 'Tag', exact: true }).click();
      await expect(story.getByRole('button', { name: 'Remove the tag credential-access' })).toBeVisible();
      await story.getByLabel('Link this event to an entity (its value or id)').fill('workstation5');
      await story.getByRole('button', { name: 'Link', exact: true }).last().click();
      await expect(story.getByRole('list', { name: 'Linked alerts and entities' }).getByRole('button', { name: /^workstation5/i })).toHaveCount(1);
      await story.getByLabel('New note (Markdown)').fill('rundll32 calling **comsvcs.dll MiniDump**: the LSASS dump.');
      await story.getByRole('button', { name: 'Add note' }).click();
      await expect(story.getByRole('article', { name: /Note by/ }).locator('strong')).toHaveText('comsvcs.dll MiniDump');
      await expect(grid.getByRole('row').nth(1).getByRole('gridcell').first()).toHaveAttribute(
        'title',
        'starred, flagged for the report, 1 note, credential-access',
      );
      await expectAccessible(page, 'timeline event with its story');
      await screenshot(page, 'story-event');
    });

    await test.step('the Story tab: the marked event with its note, and the alert, in time order with the zone written', async () => {
      await page.getByRole('tab', { name: 'Story' }).click();
      const thread = page.getByRole('list', { name: 'The story, oldest first' });
      await expect(thread.getByRole('listitem').filter({ hasText: 'Event' }).first()).toContainText('comsvcs');
      await expect(thread.getByRole('listitem').filter({ hasText: 'Suspicious execution of hidden file' })).toBeVisible();
      await expect(thread.locator('time').first()).toContainText(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/);
      await page.getByRole('button', { name: '⚑ Flagged' }).click();
      await expect(thread.getByRole('listitem')).toHaveCount(1);
      await page.getByRole('button', { name: 'Everything' }).click();
    });

    await test.step('a case note in Markdown: headings, lists, code, an https link; raw HTML and a javascript: link stay inert text', async () => {
      await page.getByRole('button', { name: 'Add a case note' }).click();
      await page
        .getByLabel('Case note (Markdown)')
        .fill(
          '## Scope so far\n\n- **WORKSTATION5**: LSASS dumped with `comsvcs.dll`\n- tempDns: hidden file run\n\nSee [T1003.001](https://attack.mitre.org/techniques/T1003/001/). <script>window.pwned = 1</script> [click me](javascript:window.pwned=2)',
        );
      await page.getByRole('button', { name: 'Add note' }).click();
      const note = page.getByRole('listitem').filter({ hasText: 'Scope so far' });
      await expect(note.getByRole('heading', { name: 'Scope so far' })).toBeVisible();
      await expect(note.getByRole('link', { name: 'T1003.001' })).toHaveAttribute('href', 'https://attack.mitre.org/techniques/T1003/001/');
      await expect(note.getByRole('link', { name: 'T1003.001' })).toHaveAttribute('target', '_blank');
      await expect(note).toContainText('<script>window.pwned = 1</script>');
      await expect(note.getByRole('link')).toHaveCount(1);
      await expect(note.locator('script')).toHaveCount(0);
      expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
      await expectAccessible(page, 'story with a Markdown note');
      await screenshot(page, 'story-note');

      // An edit is a new text; the old one stays in the note's history.
      await note.getByRole('button', { name: /Edit the note/ }).click();
      await note.getByLabel('Note text (Markdown)').fill('## Scope so far\n\nTwo hosts: WORKSTATION5 and tempDns.');
      await note.getByRole('button', { name: 'Save' }).click();
      await expect(note.getByText('Earlier texts (1)')).toBeVisible();
    });

    await test.step('a live-response session from a pasted PowerShell transcript: host, operator and times read from it', async () => {
      await page.getByRole('button', { name: 'Record live response…' }).click();
      const form = page.getByRole('form', { name: 'Record a live-response session' });
      await form.getByLabel('Tool').fill('PowerShell Remoting');
      await form.getByLabel('Transcript', { exact: true }).fill(TRANSCRIPT);
      await expect(form.getByRole('status')).toHaveText('3 commands read from a PowerShell transcript');
      await expect(form.getByLabel('Host')).toHaveValue('WORKSTATION5');
      await expect(form.getByLabel('Started (UTC)')).toHaveValue('2020-10-18 20:05:12');
      // The transcript's commands land in the editable list, beside any typed by hand.
      await expect(form.getByRole('group', { name: 'Commands (3)' })).toBeVisible();
      await expect(form.getByLabel('Command 1', { exact: true })).toHaveValue('Get-Process lsass');
      await expectAccessible(page, 'live-response form');
      await form.getByRole('button', { name: 'Record the session' }).click();
      const session = page.getByRole('listitem').filter({ hasText: 'PowerShell Remoting on WORKSTATION5' });
      await session.getByText(/PowerShell Remoting on WORKSTATION5 by THESHIRE\\responder, 14 min, 3 commands/).click();
      await expect(session.getByRole('list', { name: 'Commands run on WORKSTATION5' })).toContainText('lsass.dmp');
      await expect(page.getByRole('form', { name: 'Record a live-response session' })).toHaveCount(0);
      await session.scrollIntoViewIfNeeded();
      await expectAccessible(page, 'story with a live-response session');
      await screenshot(page, 'story-live');
    });

    await test.step("the device's page lists its session and its notes", async () => {
      await page.getByRole('tab', { name: 'Entities' }).click();
      await page.getByLabel('Search entities').fill('workstation5');
      await page
        .getByRole('table', { name: 'Entities' })
        .getByRole('button', { name: /^workstation5/i })
        .first()
        .click();
      const live = page.getByRole('region', { name: 'Live response' });
      await expect(live).toContainText('PowerShell Remoting on WORKSTATION5');
      await live.scrollIntoViewIfNeeded();
      await page.getByRole('region', { name: 'Notes' }).getByLabel('New note (Markdown)').fill('Isolated at 20:30 UTC.');
      await page.getByRole('region', { name: 'Notes' }).getByRole('button', { name: 'Add note' }).click();
      await expect(page.getByRole('region', { name: 'Notes' }).getByRole('article')).toHaveCount(1);
      await expectAccessible(page, 'device page with live response and notes');
      await screenshot(page, 'story-device');
    });
  });
});
