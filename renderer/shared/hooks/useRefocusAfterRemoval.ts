import { useLayoutEffect, useRef, type RefObject } from 'react';
import { focusFirst } from '../ui/focus';

/**
 * For lists whose buttons remove their own item (a tag's ×, a filter chip's
 * ×): call the returned function with the removed item's index before
 * removing it; after the next render focus goes to the item now at that
 * index, else the one before, else `fallback` (the list's input, say), never
 * to <body>.
 */
export function useRefocusAfterRemoval(list: RefObject<HTMLElement | null>, selector: string, fallback: () => Element | null) {
  const pending = useRef<number | null>(null);
  useLayoutEffect(() => {
    const index = pending.current;
    if (index === null) return;
    pending.current = null;
    const items = list.current ? [...list.current.querySelectorAll<HTMLElement>(selector)] : [];
    focusFirst(items[index], items[index - 1], fallback());
  });
  return (index: number) => {
    pending.current = index;
  };
}
