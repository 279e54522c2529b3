import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../shared/security/csp';
import { createAppProtocolHandler, resolveAppFile } from './app-protocol';

let base: string;
let root: string;
let serve: (request: Request) => Promise<Response>;

beforeAll(async () => {
  base = await mkdtemp(path.join(os.tmpdir(), 'casebook-protocol-'));
  root = path.join(base, 'renderer');
  await mkdir(path.join(root, 'assets'), { recursive: true });
  await writeFile(path.join(root, 'index.html'), '<!doctype html><title>Casebook</title>');
  await writeFile(path.join(root, 'assets', 'index.js'), 'console.log(1)');
  await writeFile(path.join(root, 'assets', 'index.css'), 'body{}');
  await writeFile(path.join(root, 'assets', 'font.woff2'), 'wOF2');
  // Beside the root, where a traversal would land.
  await writeFile(path.join(base, 'secret.txt'), 'the vault key');
  await mkdir(path.join(base, 'renderer-evil'), { recursive: true });
  await writeFile(path.join(base, 'renderer-evil', 'x.js'), 'evil');
  serve = createAppProtocolHandler(root);
});

afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

const get = (url: string, method = 'GET') => serve(new Request(url, { method }));

describe('app:// protocol handler', () => {
  it('serves index.html with the CSP header and an HTML content type', async () => {
    const response = await get('app://casebook/index.html');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await response.text()).toContain('<title>Casebook</title>');
  });

  it('serves / as index.html', async () => {
    const response = await get('app://casebook/');
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('Casebook');
  });

  it.each([
    ['assets/index.js', 'text/javascript; charset=utf-8'],
    ['assets/index.css', 'text/css; charset=utf-8'],
    ['assets/font.woff2', 'font/woff2'],
  ])('serves %s as %s, with the CSP', async (file, type) => {
    const response = await get(`app://casebook/${file}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(type);
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
  });

  it('answers HEAD without a body', async () => {
    const response = await get('app://casebook/index.html', 'HEAD');
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('');
  });

  it.each([
    'app://casebook/../secret.txt',
    'app://casebook/..%2fsecret.txt',
    'app://casebook/%2e%2e%2fsecret.txt',
    'app://casebook/assets/..%2f..%2fsecret.txt',
    'app://casebook/..%5csecret.txt',
    'app://casebook/..%2frenderer-evil%2fx.js',
    'app://casebook/%2fetc%2fpasswd',
    'app://casebook/index.html%00.js',
    'app://casebook/%E0%A4%A',
  ])('refuses %s with a 404 that still carries the CSP', async (url) => {
    const response = await get(url);
    expect(response.status).toBe(404);
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(await response.text()).not.toContain('vault key');
  });

  it('resolves traversals to nothing rather than to a file outside the root', () => {
    expect(resolveAppFile(root, 'app://casebook/..%2fsecret.txt')).toBeNull();
    expect(resolveAppFile(root, 'app://casebook/assets/..%2f..%2f..%2fsecret.txt')).toBeNull();
    expect(resolveAppFile(root, 'app://casebook/assets/index.js')).toBe(path.join(root, 'assets', 'index.js'));
  });

  it('answers 404 for missing files, folders and other hosts', async () => {
    expect((await get('app://casebook/missing.js')).status).toBe(404);
    expect((await get('app://casebook/assets')).status).toBe(404);
    expect((await get('app://other/index.html')).status).toBe(404);
  });

  it('refuses methods other than GET and HEAD', async () => {
    const response = await get('app://casebook/index.html', 'POST');
    expect(response.status).toBe(405);
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
  });
});
