/**
 * The links a page may hand to the system (the browser or mail client) when
 * clicked: http, https and mailto only, never javascript:, file:, data: or the
 * app's own app:. The renderer draws only these as links (notes' Markdown);
 * the shell opens only these, outside the app (electron/window.ts).
 */
const EXTERNAL = /^(?:https?:\/\/[^/?#]+|mailto:[^/?#]+)/i;

/**
 * Whether the URL is one to open outside. Browsers drop tabs, newlines and
 * leading spaces from a URL ("java\tscript:"), so a URL holding any control
 * character or space is refused outright, whatever its scheme seems to be.
 */
export function isExternalLink(url: string): boolean {
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0020\u007f]/.test(url)) return false;
  return EXTERNAL.test(url);
}
