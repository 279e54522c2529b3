import type { BrowserContext, Route } from '@playwright/test';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { CONTENT_SECURITY_POLICY } from '../../shared/security/csp';

/**
 * Serves the built renderer at http://casebook.test/ with the app's real
 * Content-Security-Policy (so 'self' means that origin) and aborts every
 * other request, recording it: the app must work with no network at all.
 */
export const APP_ORIGIN = 'http://casebook.test';
export const APP_URL = `${APP_ORIGIN}/`;
export const RENDERER_DIR = path.resolve(__dirname, '../../dist/renderer');

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
};

export interface Traffic {
  /** URLs the app tried to reach outside its own origin; must stay empty. */
  aborted: string[];
  /** App URLs with no file behind them (a broken reference in the build). */
  missing: string[];
}

async function fulfillFromDist(route: Route, url: URL, traffic: Traffic): Promise<void> {
  const relative = decodeURIComponent(url.pathname === '/' ? '/index.html' : url.pathname);
  const file = path.resolve(RENDERER_DIR, `.${relative}`);
  // Never serve anything outside dist/renderer, whatever the path says.
  if (!file.startsWith(RENDERER_DIR + path.sep)) {
    traffic.missing.push(url.href);
    await route.fulfill({ status: 403, body: 'outside the renderer' });
    return;
  }
  let body: Buffer;
  try {
    body = await fs.readFile(file);
  } catch {
    traffic.missing.push(url.href);
    await route.fulfill({ status: 404, body: 'not found' });
    return;
  }
  await route.fulfill({
    status: 200,
    body,
    headers: {
      'Content-Type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream',
      'Content-Security-Policy': CONTENT_SECURITY_POLICY,
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-store',
    },
  });
}

export async function serveRenderer(context: BrowserContext): Promise<Traffic> {
  try {
    await fs.access(path.join(RENDERER_DIR, 'index.html'));
  } catch {
    throw new Error(`${RENDERER_DIR}/index.html is missing: run \`npm run build:renderer\` before the e2e tests`);
  }
  const traffic: Traffic = { aborted: [], missing: [] };
  await context.route('**/*', async (route) => {
    const url = new URL(route.request().url());
    if (url.origin === APP_ORIGIN) return fulfillFromDist(route, url, traffic);
    traffic.aborted.push(url.href);
    return route.abort('blockedbyclient');
  });
  return traffic;
}
