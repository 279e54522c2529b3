/**
 * Where keyboard focus goes when the control that held it goes away. The
 * rule (WCAG 2.4.3): never to <body>, where the next Tab starts again at the
 * top bar, but to the next sensible place the caller names, else the main
 * screen's heading.
 */

const FIELDS = 'input:not([type=hidden]):not([disabled]), select:not([disabled]), textarea:not([disabled])';
const FOCUSABLE = `${FIELDS}, button:not([disabled]), a[href], [tabindex]:not([tabindex="-1"])`;

/** The first form field inside `root`, else its first focusable element. */
export function firstField(root: ParentNode): HTMLElement | null {
  return root.querySelector<HTMLElement>(FIELDS) ?? root.querySelector<HTMLElement>(FOCUSABLE);
}

/** Focuses the first of `candidates` that is still in the page; returns whether one was. */
export function focusFirst(...candidates: (Element | null | undefined)[]): boolean {
  for (const candidate of candidates) {
    if (candidate instanceof HTMLElement && candidate.isConnected && !candidate.closest('[inert]')) {
      candidate.focus();
      if (document.activeElement === candidate) return true;
    }
  }
  return false;
}

/** The heading of the screen shown (made focusable by script only), the last resort. */
export function mainHeading(): HTMLElement | null {
  const heading = document.querySelector<HTMLElement>('main h1');
  if (heading && !heading.hasAttribute('tabindex')) heading.tabIndex = -1;
  return heading;
}

/** Focus is lost when it sits on <body> (or nowhere), as it does after its element was removed. */
export function focusLost(): boolean {
  return document.activeElement === null || document.activeElement === document.body;
}
