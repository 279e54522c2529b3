/**
 * The Content-Security-Policy every page of the app is served with.
 *
 * It lives in shared/ (no 'electron' import) because two servers must send the
 * very same header: the shell's app:// protocol handler and the browser test
 * harness that serves the renderer to Playwright. A test that passes under a
 * looser policy than the shipped one proves nothing.
 *
 * Why each directive:
 * - default-src 'none': anything not listed below is refused.
 * - script-src / style-src 'self': no inline code, no eval; the bundle ships as files.
 * - img-src data: blob:: icons inlined by the bundler and images rendered from evidence.
 * - connect-src 'self': fetch only from app:// itself; there is no network to talk to.
 * - worker-src blob:: bundlers emit workers as blob URLs.
 * - base-uri, form-action, frame-ancestors, object-src: close the classic injection routes.
 * - require-trusted-types-for 'script': the DOM's HTML and script sinks (innerHTML,
 *   document.write, script.src, new Worker(url)...) refuse plain strings, so
 *   markup that reaches one cannot become code. No code of the bundle writes to
 *   one (React does only for dangerouslySetInnerHTML, which the renderer never
 *   uses); the browser tests fail on any Trusted Types violation.
 * - trusted-types 'none': and no script may create a policy to turn strings into
 *   trusted values, so nothing can open those sinks again.
 * - frame-src blob:: the incident report's preview, a blob: URL the page made of the
 *   engine's self-contained report, in an iframe with sandbox="" (no script, an
 *   opaque origin). Not srcdoc: it is a Trusted Types sink, which 'none' closes. A
 *   blob: document inherits this policy, so style-src also allows the report's one
 *   stylesheet by its hash (REPORT_STYLE_HASH) and nothing else inline.
 */

/** SHA-256 of the report's stylesheet (electron/core/exports/report/report-style.ts); a test keeps the two in step. */
export const REPORT_STYLE_HASH = 'sha256-3e4Broz32rgt8wBYJbC2MsyOZwUlTUEU47fBsauaL0w=';
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  `style-src 'self' '${REPORT_STYLE_HASH}'`,
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  'frame-src blob:',
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
  "require-trusted-types-for 'script'",
  "trusted-types 'none'",
].join('; ');
