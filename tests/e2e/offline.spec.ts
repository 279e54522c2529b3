import { CONTENT_SECURITY_POLICY } from '../../shared/security/csp';
import { expect, test } from './harness';
import { APP_URL } from './serve';

/**
 * The harness itself: the renderer is served with the shipped CSP (Trusted
 * Types included), and a
 * request that leaves the app is aborted and recorded. (These tests use the
 * bare page, without the engine bridge, because they provoke what the other
 * tests forbid.)
 */
test.describe('offline harness', () => {
  test('the renderer is served with the shipped Content-Security-Policy', async ({ page, traffic }) => {
    const response = await page.goto(APP_URL);
    expect(response?.headers()['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(traffic.missing).toEqual([]);
  });

  test('a request that leaves the app is aborted and recorded', async ({ page, traffic }) => {
    await expect(page.goto('https://example.com/tracker.js')).rejects.toThrow();
    expect(traffic.aborted).toEqual(['https://example.com/tracker.js']);
  });

  test('inside the app, the CSP refuses inline scripts and outside fetches before they reach the network', async ({ page, traffic }) => {
    await page.goto(APP_URL);
    const inlineRan = await page.evaluate(() => {
      const script = document.createElement('script');
      try {
        // Trusted Types refuse the string before the CSP's script-src gets to refuse the script.
        script.textContent = 'window.__inlineRan = true';
        document.head.append(script);
      } catch {
        return false;
      }
      return (window as unknown as { __inlineRan?: boolean }).__inlineRan === true;
    });
    expect(inlineRan).toBe(false);
    const fetched = await page.evaluate(() =>
      fetch('https://example.com/exfiltrate').then(
        () => 'fetched',
        () => 'refused',
      ),
    );
    expect(fetched).toBe('refused');
    expect(traffic.aborted).toEqual([]);
  });

  test('inside the app, Trusted Types refuse a string written to an HTML or script sink, and any new policy', async ({ page, traffic }) => {
    await page.goto(APP_URL);
    expect(traffic.missing).toEqual([]);
    const outcomes = await page.evaluate(() => {
      const attempt = (write: () => void) => {
        try {
          write();
          return 'allowed';
        } catch (err) {
          return (err as Error).name;
        }
      };
      const tt = (window as unknown as { trustedTypes: { createPolicy(name: string, rules: object): unknown } }).trustedTypes;
      return {
        innerHTML: attempt(() => (document.createElement('div').innerHTML = '<img src=x onerror="window.__ran=1">')),
        scriptSrc: attempt(() => (document.createElement('script').src = 'app://casebook/evil.js')),
        policy: attempt(() => tt.createPolicy('bypass', { createHTML: (s: string) => s })),
      };
    });
    expect(outcomes).toEqual({ innerHTML: 'TypeError', scriptSrc: 'TypeError', policy: 'TypeError' });
  });
});
