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

export async function openCaseFromList(page: Page, title: string): Promise<void> {
  await page.getByRole('row', { name: title }).click();
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
}

/**
 * Clicks "Import…" (in a case: into it; on the case list: into new cases)
 * with `files` queued as what the user picks in the system dialog, and waits
 * for the first file's preview. Returns the import dialog.
 */
export async function openImport(page: Page, harness: { chooseFiles(paths: string[]): void }, files: string[]) {
  harness.chooseFiles(files);
  await page.getByRole('button', { name: 'Import…' }).click();
  const dialog = page.getByRole('dialog', { name: /^Import into/ });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('status').filter({ hasText: 'Reading the start of the file' })).toHaveCount(0);
  return dialog;
}

/** The events the timeline grid has rendered (a window of them), as their text. */
export function timelineRows(page: Page) {
  return page.getByRole('grid', { name: 'Events' }).locator('.event-body [role="row"]');
}
