import { CONTENT_SECURITY_POLICY } from '../../shared/security/csp';
import { expect, test } from './harness';
import { APP_URL } from './serve';

/**
 * The harness itself: the renderer is served with the shipped CSP, and a
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

  test('inside the app, the CSP refuses inline scripts and outside fetches before they reach the network', async ({
    page,
    traffic,
  }) => {
    await page.goto(APP_URL);
    const inlineRan = await page.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'window.__inlineRan = true';
      document.head.append(script);
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
});
