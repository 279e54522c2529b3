import { expect, type Page } from '@playwright/test';

/** What a responder does, step by step, in the words of the UI. */

export async function createVault(page: Page, passphrase: string): Promise<void> {
  await expect(page.getByRole('heading', { name: 'Create a vault' })).toBeVisible();
  await page.getByLabel('Passphrase', { exact: true }).fill(passphrase);
  await page.getByLabel('Confirm passphrase').fill(passphrase);
  await page.getByRole('button', { name: 'Create vault' }).click();
  await expect(page.getByRole('heading', { name: 'Cases' })).toBeVisible();
}

export async function unlock(page: Page, passphrase: string): Promise<void> {
  await page.getByLabel('Passphrase').fill(passphrase);
  await page.getByLabel('Passphrase').press('Enter');
  await expect(page.getByRole('heading', { name: 'Cases' })).toBeVisible();
}

export async function lock(page: Page): Promise<void> {
  await page.getByRole('button', { name: /^Lock/ }).click();
  await expect(page.getByRole('heading', { name: 'Unlock the vault' })).toBeVisible();
}

export async function createCase(page: Page, fields: { title: string; description?: string; severity?: string }): Promise<void> {
  await page.getByRole('button', { name: 'New case' }).click();
  const dialog = page.getByRole('dialog', { name: 'New case' });
  await dialog.getByLabel('Title').fill(fields.title);
  if (fields.description) await dialog.getByLabel('Description').fill(fields.description);
  if (fields.severity) await dialog.getByLabel('Severity').selectOption({ label: fields.severity });
  await dialog.getByRole('button', { name: 'Create case' }).click();
  // A new case opens in its workspace.
  await expect(page.getByRole('heading', { level: 1, name: fields.title })).toBeVisible();
}

export async function backToCases(page: Page): Promise<void> {
  await page.getByRole('button', { name: '← Cases' }).click();
  await expect(page.getByRole('heading', { name: 'Cases' })).toBeVisible();
}

/** The visible rows of the case list, as their titles, top to bottom. */
export function caseTitles(page: Page): Promise<string[]> {
  return page.locator('.case-table tbody tr').evaluateAll((rows) => rows.map((row) => row.getAttribute('aria-label') ?? ''));
}
