import { useEffect, useRef, useState } from 'react';
import type { Histogram } from '../../../shared/domain/timeline';

interface Drag {
  start: number;
  end: number;
}

/** Recharts' pointer state: the bar under the pointer, if any. */
type ChartPointer = { activeTooltipIndex?: number | string | null };

function barOf(state: ChartPointer): number | null {
  const raw = state.activeTooltipIndex;
  const index = raw === null || raw === undefined || raw === '' ? NaN : Number(raw);
  return Number.isInteger(index) ? index : null;
}

/**
 * The histogram's brush: press on a bar, drag across others, release to zoom
 * to them. While dragging, `preview` is the span covered (the From/To fields
 * show it). A release outside the chart still zooms, to the last bar crossed.
 */
export function useBrush(histogram: Histogram | undefined, onZoom: (from: number, to: number) => void) {
  const [drag, setDragState] = useState<Drag | null>(null);
  // The handlers read the drag from a ref: mouse events can come faster than renders, and a stale closure would lose them.
  const dragRef = useRef<Drag | null>(null);
  const setDrag = (next: Drag | null) => {
    dragRef.current = next;
    setDragState(next);
  };
  const binStart = (i: number) => (histogram ? histogram.from + i * histogram.binWidth : 0);
  const spanOf = (d: Drag) => ({ from: Math.floor(binStart(Math.min(d.start, d.end))), to: Math.ceil(binStart(Math.max(d.start, d.end) + 1)) });

  const finish = () => {
    const done = dragRef.current;
    setDrag(null);
    if (!done || !histogram) return;
    const { from, to } = spanOf(done);
    if (to > from) onZoom(from, to);
  };
  const latestFinish = useRef(finish);
  latestFinish.current = finish;
  useEffect(() => {
    if (!drag) return;
    const up = () => latestFinish.current();
    window.addEventListener('mouseup', up);
    return () => window.removeEventListener('mouseup', up);
  }, [drag]);

  return {
    drag,
    preview: drag && histogram ? spanOf(drag) : null,
    onMouseDown: (state: ChartPointer) => {
      const i = barOf(state);
      if (i !== null) setDrag({ start: i, end: i });
    },
    onMouseMove: (state: ChartPointer) => {
      const i = barOf(state);
      const now = dragRef.current;
      if (now && i !== null && i !== now.end) setDrag({ ...now, end: i });
    },
    finish,
  };
}
