import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

const SCRIPTLESS_FRAMES = 'iframe[sandbox=""]';

/** The rules the app is held to: WCAG 2.0 and 2.1, levels A and AA. */
const WCAG_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/**
 * Runs axe-core on the page as it is now and fails with every violation, each
 * with its rule, impact and the elements it found, so a failure says what to fix.
 */
export async function expectAccessible(page: Page, screen: string): Promise<void> {
  // A frame sandboxed without scripts (the report preview) cannot run axe (trying hangs the run): it is left out.
  const result = await new AxeBuilder({ page }).withTags(WCAG_AA).exclude(SCRIPTLESS_FRAMES).analyze();
  const found = result.violations.map(
    (v) =>
      `${v.id} (${v.impact ?? 'n/a'}): ${v.help}\n${v.nodes.map((n) => `    ${n.target.join(' ')} — ${n.failureSummary?.split('\n').join(' ')}`).join('\n')}`,
  );
  // Soft: one run lists the violations of every screen a test visits.
  expect.soft(found, `axe on "${screen}"`).toEqual([]);
}
