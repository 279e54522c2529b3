import { useLayoutEffect, useRef, type KeyboardEvent, type RefObject } from 'react';

/**
 * Roving tab index: a list of controls is one Tab stop. Up/Down (and
 * Left/Right when `horizontal`), Home and End move between its items; Tab
 * leaves it. The item that last had focus keeps tabIndex 0, remembered by its
 * `data-roving-key`, so a re-render that replaces the element (a facet value
 * that moves, a row that re-sorts) keeps the place; if the focused item
 * itself went away, focus goes to the item now at its place (or the last).
 *
 * Items are found in the DOM (`selector` inside `container`); their tabIndex
 * is set here, so the components that render them must not set one.
 */
export function useRovingFocus(container: RefObject<HTMLElement | null>, selector: string) {
  const current = useRef<{ key: string | null; index: number }>({ key: null, index: 0 });
  /** Whether focus was inside the list when it last changed: only then may a re-render move it. */
  const focusInside = useRef(false);

  const items = () => (container.current ? [...container.current.querySelectorAll<HTMLElement>(selector)] : []);

  useLayoutEffect(() => {
    const all = items();
    if (all.length === 0) return;
    let index = all.findIndex((item) => item.dataset.rovingKey === current.current.key);
    const lost = index < 0;
    if (lost) index = Math.min(current.current.index, all.length - 1);
    all.forEach((item, i) => (item.tabIndex = i === index ? 0 : -1));
    current.current = { key: all[index]?.dataset.rovingKey ?? null, index };
    const active = document.activeElement;
    if (focusInside.current && (active === document.body || active === null)) all[index]?.focus();
  });

  const onFocus = (event: { target: EventTarget }) => {
    const all = items();
    const index = all.indexOf(event.target as HTMLElement);
    if (index < 0) return;
    focusInside.current = true;
    all.forEach((item, i) => (item.tabIndex = i === index ? 0 : -1));
    current.current = { key: all[index]?.dataset.rovingKey ?? null, index };
  };

  const onBlur = (event: { relatedTarget: EventTarget | null }) => {
    // Focus moving elsewhere on purpose (Tab, a click): forget; to nowhere (the element was removed): keep, to restore it.
    if (event.relatedTarget) focusInside.current = container.current?.contains(event.relatedTarget as Node) ?? false;
  };

  const onKeyDown = (event: KeyboardEvent) => {
    const all = items();
    const index = all.indexOf(event.target as HTMLElement);
    if (index < 0) return;
    const next =
      event.key === 'ArrowDown' || event.key === 'ArrowRight'
        ? Math.min(all.length - 1, index + 1)
        : event.key === 'ArrowUp' || event.key === 'ArrowLeft'
          ? Math.max(0, index - 1)
          : event.key === 'Home'
            ? 0
            : event.key === 'End'
              ? all.length - 1
              : -1;
    if (next < 0) return;
    event.preventDefault();
    all[next]?.focus();
  };

  /** Focuses the list's Tab stop (for a shortcut); false when the list is empty. */
  const focus = () => {
    const stop = items().find((item) => item.tabIndex === 0) ?? items()[0];
    stop?.focus();
    return Boolean(stop);
  };

  return { onFocus, onBlur, onKeyDown, focus };
}
