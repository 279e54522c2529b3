import { useSyncExternalStore } from 'react';

/**
 * One polite live region for news that has no visible status of its own in
 * the place the user is looking: import progress and completion, the chain
 * check's result. Failures are shown as alerts (role="alert") and need no
 * help. Screen readers read a live region's changes, not its first content,
 * so the region is always in the page and only its text changes.
 */

let message = '';
/** Repeating the same words must still be read ("Chain verified" twice): alternate an invisible suffix. */
let toggle = false;
const listeners = new Set<() => void>();

export function announce(text: string): void {
  toggle = !toggle;
  message = toggle ? text : `${text}\u00a0`;
  listeners.forEach((listener) => listener());
}

/**
 * A throttled announcer for progress: at most one message per `intervalMs`
 * (a screen reader cannot keep up with every report, and the user does not
 * want it to), the first at once.
 */
export function throttledAnnouncer(intervalMs: number): (text: string) => void {
  let last = 0;
  return (text) => {
    const now = Date.now();
    if (now - last < intervalMs) return;
    last = now;
    announce(text);
  };
}

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function Announcer() {
  const text = useSyncExternalStore(subscribe, () => message);
  return (
    <div className="sr-only" role="status" aria-live="polite" aria-atomic="true" data-testid="announcer">
      {text}
    </div>
  );
}
