/**
 * The links a page may hand to the system (the browser or mail client) when
 * clicked: http, https and mailto only, never javascript:, file:, data: or the
 * app's own app:. The renderer draws only these as links (notes' Markdown);
 * the shell opens only these, outside the app (electron/window.ts).
 */
const EXTERNAL_PROTOCOLS = new Set(['http:', 'https:', 'mailto:']);

export function isExternalLink(url: string): boolean {
  try {
    return EXTERNAL_PROTOCOLS.has(new URL(url).protocol);
  } catch {
    return false;
  }
}
