/**
 * Where the time axis runs, shared by the histogram and the asset lanes under it so one time is at one x in both, at
 * every width and zoom: measured from the outer left and right edges of the timeline's column (the chart's box and
 * the lanes' section both span it). Each view turns these into its own margins.
 */
export const PLOT_INSET = { left: 156, right: 64 } as const;

/** The histogram's box (timeline.css .timeline-chart: 1px border, 4px left and 10px right padding) and its y axis. */
export const CHART_BOX = { left: 1 + 4, right: 1 + 10, yAxis: 44 } as const;

/** The histogram's margins (Recharts) that put its plot area at PLOT_INSET. */
export const CHART_MARGIN = {
  top: 6,
  bottom: 0,
  left: PLOT_INSET.left - CHART_BOX.left - CHART_BOX.yAxis,
  right: PLOT_INSET.right - CHART_BOX.right,
} as const;

/** The gap between a lane's name, strip and count (scope.css .lane). */
export const LANE_GAP = 8;

/** A lane's grid columns (name, strip, count), less the lanes' scrollbar when they scroll, so the strip is at PLOT_INSET. */
export function laneColumns(scrollbar: number): string {
  return `${PLOT_INSET.left - LANE_GAP}px minmax(0, 1fr) ${Math.max(0, PLOT_INSET.right - LANE_GAP - scrollbar)}px`;
}
