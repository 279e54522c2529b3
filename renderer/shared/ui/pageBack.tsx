import type { KeyboardEvent, ReactNode } from 'react';

/**
 * Going back from a page (an alert's, an entity's) to the list that opened it, with the keyboard's place kept: the
 * list row that opened the page is gone while the page shows, so its text is remembered when it is activated
 * (noteOpener) and, once the list is back, the button or link with that text takes focus; failing that, the selected
 * tab of the workspace does, never the page's <body>.
 */
let openerText: string | null = null;

/** Remembers what has focus now (the row about to open a page). */
export function noteOpener(): void {
  const active = document.activeElement;
  openerText = active instanceof HTMLElement && active !== document.body ? (active.textContent?.trim() ?? null) : null;
}

function focusOpener(text: string | null): void {
  const panel = document.querySelector('[role="tabpanel"]');
  const candidates = [...(panel?.querySelectorAll<HTMLElement>('button, a[href]') ?? [])];
  const target =
    (text && candidates.find((el) => el.textContent?.trim() === text)) || document.querySelector<HTMLElement>('[role="tab"][aria-selected="true"]');
  target?.focus();
}

/** `onBack`, then focus on the opener once the list has rendered. */
export function backWithFocus(onBack: () => void): () => void {
  return () => {
    const text = openerText;
    onBack();
    requestAnimationFrame(() => requestAnimationFrame(() => focusOpener(text)));
  };
}

const isField = (target: EventTarget) => target instanceof HTMLElement && (target.matches('input, textarea, select') || target.isContentEditable);

/** A page that Escape leaves (outside text fields and dialogs, whose Escape is their own). */
export function EscapeBack({ onBack, children }: { onBack: () => void; children: ReactNode }) {
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'Escape' || event.defaultPrevented || isField(event.target)) return;
    if (event.target instanceof HTMLElement && event.target.closest('[role="dialog"]')) return;
    event.preventDefault();
    onBack();
  };
  return (
    <div className="page-escape" onKeyDown={onKeyDown}>
      {children}
    </div>
  );
}
