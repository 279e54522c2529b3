import { useCallback, useEffect, useRef, useState, type KeyboardEvent, type PointerEvent, type RefObject } from 'react';

/** Where the graph is drawn: translated by (x, y) screen pixels, then scaled by k. */
export interface View {
  x: number;
  y: number;
  k: number;
}

export const MIN_ZOOM = 0.2;
export const MAX_ZOOM = 3;
/** The fitted view never shrinks the graph below this: a large graph opens readable at its start, not as a smudge. */
const MIN_FIT = 0.85;
const STEP = 1.25;
const PAN = 60;

const clampZoom = (k: number) => Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, k));

/** The view that shows a graph of this size in this frame: whole if it fits at MIN_FIT or more, else its top-left corner at MIN_FIT. */
export function fitView(graph: { width: number; height: number }, frame: { width: number; height: number }): View {
  const k = Math.min(1, Math.max(MIN_FIT, Math.min(frame.width / Math.max(graph.width, 1), frame.height / Math.max(graph.height, 1))));
  const x = graph.width * k <= frame.width ? (frame.width - graph.width * k) / 2 : 0;
  const y = graph.height * k <= frame.height ? (frame.height - graph.height * k) / 2 : 0;
  return { x, y, k };
}

/** Zooming by `factor` keeps the point under (px, py) where it is. */
export function zoomAround(view: View, factor: number, px: number, py: number): View {
  const k = clampZoom(view.k * factor);
  const ratio = k / view.k;
  return { k, x: px - (px - view.x) * ratio, y: py - (py - view.y) * ratio };
}

/**
 * Pan and zoom of the graph's frame: the wheel zooms around the pointer, a
 * drag on the background pans, and the keyboard (+, -, arrows, 0 to fit) and
 * the toolbar's buttons do the same.
 */
export function useViewport(frame: RefObject<HTMLDivElement | null>, graph: { width: number; height: number } | null) {
  const [view, setView] = useState<View>({ x: 0, y: 0, k: 1 });
  const drag = useRef<{ id: number; x: number; y: number; moved: boolean } | null>(null);
  const size = () => ({ width: frame.current?.clientWidth ?? 800, height: frame.current?.clientHeight ?? 600 });

  const fit = useCallback(() => {
    if (graph && frame.current) setView(fitView(graph, { width: frame.current.clientWidth, height: frame.current.clientHeight }));
  }, [graph, frame]);
  useEffect(fit, [fit]);

  const zoomBy = (factor: number) => {
    const { width, height } = size();
    setView((v) => zoomAround(v, factor, width / 2, height / 2));
  };
  const panBy = (dx: number, dy: number) => setView((v) => ({ ...v, x: v.x + dx, y: v.y + dy }));

  // The wheel's default (scrolling the page) must be stopped, which React's passive listener cannot do.
  useEffect(() => {
    const el = frame.current;
    if (!el) return;
    const wheel = (event: WheelEvent) => {
      event.preventDefault();
      const box = el.getBoundingClientRect();
      setView((v) => zoomAround(v, Math.exp(-event.deltaY * 0.0015), event.clientX - box.left, event.clientY - box.top));
    };
    el.addEventListener('wheel', wheel, { passive: false });
    return () => el.removeEventListener('wheel', wheel);
  }, [frame]);

  const onPointerDown = (event: PointerEvent<HTMLDivElement>) => {
    if (event.button !== 0 || (event.target as Element).closest('[data-node]')) return;
    drag.current = { id: event.pointerId, x: event.clientX, y: event.clientY, moved: false };
    event.currentTarget.setPointerCapture(event.pointerId);
  };
  const onPointerMove = (event: PointerEvent<HTMLDivElement>) => {
    const d = drag.current;
    if (!d || d.id !== event.pointerId) return;
    panBy(event.clientX - d.x, event.clientY - d.y);
    drag.current = { ...d, x: event.clientX, y: event.clientY, moved: true };
  };
  const onPointerUp = () => {
    drag.current = null;
  };
  const onKeyDown = (event: KeyboardEvent<HTMLElement>) => {
    const keys: Record<string, () => void> = {
      '+': () => zoomBy(STEP),
      '=': () => zoomBy(STEP),
      '-': () => zoomBy(1 / STEP),
      '0': fit,
      ArrowLeft: () => panBy(PAN, 0),
      ArrowRight: () => panBy(-PAN, 0),
      ArrowUp: () => panBy(0, PAN),
      ArrowDown: () => panBy(0, -PAN),
    };
    const act = keys[event.key];
    if (!act || event.ctrlKey || event.metaKey || event.altKey) return;
    event.preventDefault();
    act();
  };
  return { view, fit, zoomBy, frameProps: { onPointerDown, onPointerMove, onPointerUp, onPointerCancel: onPointerUp, onKeyDown } };
}
