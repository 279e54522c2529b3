import { useEffect, useRef } from 'react';

/** The Performance marks and measure a brush zoom leaves (tests/e2e/scope.spec.ts reads them). */
export const ZOOM_START = 'casebook:zoom-start';
export const ZOOM_END = 'casebook:zoom-end';
export const ZOOM_MEASURE = 'casebook:zoom';

/**
 * Times a zoom from the gesture (start(), at the mouse-up or Enter) to the
 * first frame that shows both the chart and the table of the new range: the
 * effect after the render where both answers are in, then the next frame.
 */
export function useZoomTiming(range: { from: number | null; to: number | null }, chartFrom: number | undefined, tableReady: boolean) {
  const pending = useRef<{ from: number | null; to: number | null } | null>(null);
  useEffect(() => {
    const want = pending.current;
    if (!want || want.from !== range.from || want.to !== range.to) return;
    if (chartFrom !== (range.from ?? chartFrom) || !tableReady) return;
    pending.current = null;
    requestAnimationFrame(() => {
      performance.mark(ZOOM_END);
      performance.measure(ZOOM_MEASURE, ZOOM_START, ZOOM_END);
    });
  });
  return (from: number | null, to: number | null) => {
    pending.current = { from, to };
    performance.mark(ZOOM_START);
  };
}
