/**
 * Where the app's pages live and which URLs the window may touch. Pure string
 * logic, no 'electron' import, so the policy can be tested on its own and the
 * shell files that do import 'electron' stay thin.
 */

export const APP_SCHEME = 'app';
export const APP_HOST = 'casebook';
/** Every page and asset of the app is below this prefix; IPC senders must be on it. */
export const APP_ORIGIN_PREFIX = `${APP_SCHEME}://${APP_HOST}/`;
export const APP_INDEX_URL = `${APP_ORIGIN_PREFIX}index.html`;

/**
 * Schemes a page may request. app: is the bundle itself; blob: and data: are
 * made in the page and never leave the process. Everything else (http, https,
 * ws, wss, file, ftp, chrome-extension...) is cancelled: the app is offline by
 * construction and must not read the disk behind the engine's back either.
 */
const ALWAYS_ALLOWED_SCHEMES = new Set(['app:', 'blob:', 'data:']);
/** The DevTools front end loads itself from devtools:// (only in unpackaged builds). */
const DEVTOOLS_SCHEMES = new Set(['devtools:']);

function schemeOf(url: string): string | null {
  const colon = url.indexOf(':');
  // A scheme is at least one character; "C:\..." style paths are not URLs we allow either way.
  if (colon <= 0) return null;
  return url.slice(0, colon + 1).toLowerCase();
}

export function isAllowedRequestUrl(url: string, options: { allowDevTools: boolean }): boolean {
  const scheme = schemeOf(url);
  if (scheme === null) return false;
  if (ALWAYS_ALLOWED_SCHEMES.has(scheme)) return true;
  return options.allowDevTools && DEVTOOLS_SCHEMES.has(scheme);
}

/** True for the app's own page (with any hash or query), the only place a window may navigate to. */
export function isAppIndexUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST && parsed.pathname === '/index.html';
}

/** True for any page or asset served by the app (the check IPC applies to the sending frame). */
export function isAppUrl(url: string): boolean {
  return url.startsWith(APP_ORIGIN_PREFIX);
}
