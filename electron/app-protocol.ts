import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { CONTENT_SECURITY_POLICY } from '../shared/security/csp';
import { APP_HOST } from './app-origin';

/**
 * Serves the renderer bundle over app://casebook/. Written against the Fetch
 * Request/Response globals (what Electron's protocol.handle passes and expects)
 * so it runs, and is tested, under plain Node without 'electron'.
 */

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
};

export function contentTypeOf(filePath: string): string {
  return CONTENT_TYPES[path.extname(filePath).toLowerCase()] ?? 'application/octet-stream';
}

/** Headers on every answer, errors included: a 404 page must not be a hole in the policy. */
function baseHeaders(contentType: string): Record<string, string> {
  return {
    'Content-Type': contentType,
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    // Without it Chromium may sniff a mislabelled file into a script.
    'X-Content-Type-Options': 'nosniff',
  };
}

function refuse(status: 404 | 405, text: string): Response {
  return new Response(text, { status, headers: baseHeaders('text/plain; charset=utf-8') });
}

/**
 * Maps a request URL to a file inside rootDir, or null when it points anywhere
 * else. The URL parser already folds plain "../" segments, but percent-encoded
 * separators ("..%2f", "%5c") only become separators after decoding, so the
 * decoded path is resolved and must still lie inside the root.
 */
export function resolveAppFile(rootDir: string, requestUrl: string): string | null {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return null;
  }
  if (url.host !== APP_HOST) return null;
  let decoded: string;
  try {
    decoded = decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const relative = decoded === '/' || decoded === '' ? 'index.html' : decoded.replace(/^\/+/, '');
  const root = path.resolve(rootDir);
  const target = path.resolve(root, relative);
  const inside = path.relative(root, target);
  const escapes = inside === '..' || inside.startsWith(`..${path.sep}`) || path.isAbsolute(inside);
  if (inside === '' || escapes) return null;
  return target;
}

export function createAppProtocolHandler(rootDir: string): (request: Request) => Promise<Response> {
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return refuse(405, 'method not allowed');
    const file = resolveAppFile(rootDir, request.url);
    if (file === null) return refuse(404, 'not found');
    try {
      const info = await stat(file);
      if (!info.isFile()) return refuse(404, 'not found');
      const headers = baseHeaders(contentTypeOf(file));
      if (request.method === 'HEAD') return new Response(null, { status: 200, headers });
      const body = await readFile(file);
      return new Response(new Uint8Array(body), { status: 200, headers });
    } catch {
      return refuse(404, 'not found');
    }
  };
}
