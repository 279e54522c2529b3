import type { Page } from '@playwright/test';
import { FAST_KDF, expect, indexedDbNames, test } from './harness';
import { call } from './seed';
import { createCase, createVault, unlock } from './steps';

const PASSPHRASE = 'a long enough passphrase';

/** Locking must leave nothing readable behind in the page: the Dexie read model is deleted. */
async function expectReadModelGone(page: Page): Promise<void> {
  await expect.poll(() => indexedDbNames(page)).not.toContain('casebook');
}

test.describe('session', () => {
  test.use({ kdf: FAST_KDF });

  test('after the chosen idle time the app locks itself and deletes its read model', async ({ app: page, engine }) => {
    // A fake clock from the first script on, so the idle timer can be fast-forwarded.
    await page.clock.install();
    await page.reload();
    await createVault(page, PASSPHRASE);
    await createCase(page, { title: 'Idle lock canary' });
    expect(await indexedDbNames(page)).toContain('casebook');

    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByLabel('Auto-lock after (minutes)').fill('1');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect(page.getByText('Settings saved.')).toBeVisible();
    await page.keyboard.press('Escape');

    await test.step('activity postpones the lock', async () => {
      await page.clock.fastForward(40_000);
      await page.mouse.move(200, 200);
      await page.mouse.move(220, 240);
      await page.clock.fastForward(40_000);
      await expect(page.getByRole('heading', { level: 1, name: 'Idle lock canary' })).toBeVisible();
    });

    await test.step('a full minute without activity locks', async () => {
      await page.clock.fastForward(61_000);
      await expect(page.getByRole('heading', { name: 'Unlock the vault' })).toBeVisible();
      await expect(page.getByText('Locked after 1 minute without activity.')).toBeVisible();
      await expectReadModelGone(page);
      expect((await call(engine, 'vault.status', {})).state).toBe('locked');
    });

    await test.step('unlocking brings the cases back from the engine', async () => {
      await unlock(page, PASSPHRASE);
      await expect(page.getByRole('row', { name: 'Idle lock canary' })).toBeVisible();
    });
  });

  test('Ctrl+L locks from anywhere and forgets the UI state too', async ({ app: page, engine }) => {
    await createVault(page, PASSPHRASE);
    await createCase(page, { title: 'Hotkey canary' });
    await page.getByRole('button', { name: '← Cases' }).click();
    await page.getByLabel('Search titles').fill('canary');

    await page.keyboard.press('Control+l');
    await expect(page.getByRole('heading', { name: 'Unlock the vault' })).toBeVisible();
    await expectReadModelGone(page);
    expect((await call(engine, 'vault.status', {})).state).toBe('locked');

    await unlock(page, PASSPHRASE);
    await expect(page.getByLabel('Search titles')).toHaveValue('');
    await expect(page.getByRole('row', { name: 'Hotkey canary' })).toBeVisible();
  });

  test('when the engine locks on its own (another window, its own timer) the page wipes itself', async ({ app: page, engine }) => {
    await createVault(page, PASSPHRASE);
    await createCase(page, { title: 'Event canary' });

    await engine.lock('idle');

    await expect(page.getByRole('heading', { name: 'Unlock the vault' })).toBeVisible();
    await expectReadModelGone(page);
  });

  test('a new vault refuses a short passphrase and a mismatched confirmation before asking the engine', async ({ app: page }) => {
    await page.getByLabel('Passphrase', { exact: true }).fill('short');
    await expect(page.getByText('5 more character(s) needed.')).toBeVisible();
    await page.getByLabel('Passphrase', { exact: true }).fill('long enough passphrase');
    await page.getByLabel('Confirm passphrase').fill('long enough passphrasf');
    await page.getByRole('button', { name: 'Create vault' }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'The two passphrases do not match.' })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Create a vault' })).toBeVisible();
  });

  test('the passphrase can be changed in Settings, and only the new one unlocks', async ({ app: page }) => {
    await createVault(page, PASSPHRASE);
    await page.getByRole('button', { name: 'Settings' }).click();
    const dialog = page.getByRole('dialog', { name: 'Settings' });
    await dialog.getByLabel('Current passphrase').fill(PASSPHRASE);
    await dialog.getByLabel('New passphrase', { exact: true }).fill('an even longer new passphrase');
    await dialog.getByLabel('Confirm new passphrase').fill('an even longer new passphrase');
    await dialog.getByRole('button', { name: 'Change passphrase' }).click();
    await expect(dialog.getByText('Passphrase changed.')).toBeVisible();
    await dialog.getByRole('button', { name: 'Close' }).click();

    await page.keyboard.press('Control+l');
    await page.getByLabel('Passphrase').fill(PASSPHRASE);
    await page.getByRole('button', { name: 'Unlock' }).click();
    await expect(page.getByRole('alert')).toContainText('Wrong passphrase');
    await unlock(page, 'an even longer new passphrase');
  });
});
