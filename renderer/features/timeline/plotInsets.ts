import { useEffect, useState } from 'react';

/**
 * Where the time axis runs, shared by the histogram and the asset lanes under it so one time is at one x in both, at
 * every width and zoom: measured from the outer left and right edges of the timeline's column (the chart's box and
 * the lanes' section both span it). Each view turns these into its own margins. A narrow window (or a high zoom)
 * gives the lane names less room rather than the time axis.
 */
export interface PlotInset {
  left: number;
  right: number;
}
const WIDE: PlotInset = { left: 156, right: 64 };
const NARROW: PlotInset = { left: 112, right: 56 };
/** Below this window width (CSS pixels) the narrow insets apply. */
const NARROW_BELOW = 1000;

const insetFor = (width: number): PlotInset => (width < NARROW_BELOW ? NARROW : WIDE);

/** The insets for the window's width now, followed as it resizes (both views call it, so they always agree). */
export function usePlotInset(): PlotInset {
  const [inset, setInset] = useState(() => insetFor(window.innerWidth));
  useEffect(() => {
    const follow = () => setInset(insetFor(window.innerWidth));
    window.addEventListener('resize', follow);
    return () => window.removeEventListener('resize', follow);
  }, []);
  return inset;
}

/** The histogram's box (timeline.css .timeline-chart: 1px border, 4px left and 10px right padding) and its y axis. */
export const CHART_BOX = { left: 1 + 4, right: 1 + 10, yAxis: 44 } as const;

/** The histogram's margins (Recharts) that put its plot area at the inset. */
export function chartMargin(inset: PlotInset) {
  return { top: 6, bottom: 0, left: inset.left - CHART_BOX.left - CHART_BOX.yAxis, right: inset.right - CHART_BOX.right };
}

/** The gap between a lane's name, strip and count (scope.css .lane). */
export const LANE_GAP = 8;

/** A lane's grid columns (name, strip, count), less the lanes' scrollbar when they scroll, so the strip is at the inset. */
export function laneColumns(inset: PlotInset, scrollbar: number): string {
  return `${inset.left - LANE_GAP}px minmax(0, 1fr) ${Math.max(0, inset.right - LANE_GAP - scrollbar)}px`;
}
