import type { Handlers } from '../../shared/ipc/dispatch';
import { FAST_KDF, expect, test } from './harness';
import { createCase, createVault, unlock } from './steps';

const PASSPHRASE = 'a long enough passphrase';

test.describe('a view that fails', () => {
  test.use({ kdf: FAST_KDF });

  test('shows what failed instead of a blank window, and locking and reloading gets the responder back', async ({ app: page, engine }) => {
    await createVault(page, PASSPHRASE);
    await createCase(page, { title: 'Broken answer canary' });
    await page.getByRole('button', { name: '← Cases' }).click();

    // An engine answer the views cannot draw (a case whose tags are not a list), as a bug in a new view would be.
    const handlers = engine.handlers as Handlers;
    const open = handlers['cases.open'];
    handlers['cases.open'] = async (input) => {
      const opened = await open(input);
      return { ...opened, case: { ...opened.case, tags: null as never } };
    };
    await page.getByRole('row', { name: /Broken answer canary/ }).click();

    await expect(page.getByRole('heading', { name: 'Something in this view failed' })).toBeVisible();
    await expect(page.getByRole('alert')).toContainText('TypeError');
    await expect(page.getByRole('button', { name: 'Try again' })).toBeFocused();
    await page.screenshot({ path: test.info().outputPath('error-boundary.png') });

    handlers['cases.open'] = open;
    await page.getByRole('button', { name: 'Lock and reload' }).click();
    await expect(page.getByRole('heading', { name: 'Unlock the vault' })).toBeVisible();
    await unlock(page, PASSPHRASE);
    await page.getByRole('row', { name: /Broken answer canary/ }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Broken answer canary' })).toBeVisible();
  });
});
