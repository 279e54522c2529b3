import { describe, expect, it } from 'vitest';
import { APP_INDEX_URL, isAllowedRequestUrl, isAppIndexUrl, isAppUrl } from './app-origin';

describe('request policy', () => {
  const packaged = { allowDevTools: false };

  it.each([
    'https://example.com/',
    'http://example.com/',
    'ws://example.com/socket',
    'wss://example.com/socket',
    'file:///etc/passwd',
    'ftp://example.com/',
    'chrome-extension://abc/page.html',
    'devtools://devtools/bundled/inspector.html',
    'not a url',
    '',
  ])('refuses %s', (url) => {
    expect(isAllowedRequestUrl(url, packaged)).toBe(false);
  });

  it.each([APP_INDEX_URL, 'app://casebook/assets/index-abc.js', 'blob:app://casebook/1234', 'data:image/png;base64,AAAA', 'APP://casebook/index.html'])(
    'lets %s through',
    (url) => {
      expect(isAllowedRequestUrl(url, packaged)).toBe(true);
    },
  );

  it('lets DevTools load only when DevTools are allowed', () => {
    const url = 'devtools://devtools/bundled/inspector.html';
    expect(isAllowedRequestUrl(url, { allowDevTools: true })).toBe(true);
    expect(isAllowedRequestUrl('https://example.com/', { allowDevTools: true })).toBe(false);
  });
});

describe('app URLs', () => {
  it('recognises the index page with a hash or query, and nothing else', () => {
    expect(isAppIndexUrl(APP_INDEX_URL)).toBe(true);
    expect(isAppIndexUrl(`${APP_INDEX_URL}#/cases/1`)).toBe(true);
    expect(isAppIndexUrl(`${APP_INDEX_URL}?x=1`)).toBe(true);
    expect(isAppIndexUrl('app://casebook/other.html')).toBe(false);
    expect(isAppIndexUrl('app://evil/index.html')).toBe(false);
    expect(isAppIndexUrl('https://casebook/index.html')).toBe(false);
    expect(isAppIndexUrl('file:///index.html')).toBe(false);
    expect(isAppIndexUrl('garbage')).toBe(false);
  });

  it('accepts only pages under app://casebook/ as IPC senders', () => {
    expect(isAppUrl(APP_INDEX_URL)).toBe(true);
    expect(isAppUrl('app://casebook.evil/index.html')).toBe(false);
    expect(isAppUrl('app://casebookx/index.html')).toBe(false);
    expect(isAppUrl('https://example.com/app://casebook/')).toBe(false);
  });
});
