import type { Severity } from '../../../shared/domain/case';
import type { Histogram } from '../../../shared/domain/timeline';
import { formatAxisUs, formatUs } from '../../shared/time';

/** An alert as the chart marks it: at its first activity (µs). */
export interface ChartAlert {
  id: string;
  title: string;
  severity: Severity;
  time: number;
}

/** Marker colours: the severity hues of base.css (an SVG attribute cannot read a CSS variable). */
export const SEVERITY_COLOURS: Record<Severity, string> = {
  informational: '#9aa3ad',
  low: '#5c9ef5',
  medium: '#e3a82b',
  high: '#f26b3a',
  critical: '#ff6fa5',
};

const SHOWN = 6;

/**
 * The alerts whose first activity falls in the chart's span, named under it
 * (the dashed lines on the bars are where they are); each zooms to the bars
 * around it. Without alerts in the span, one faint line says so.
 */
export function AlertMarkers({
  alerts,
  histogram,
  onZoom,
}: {
  alerts: readonly ChartAlert[];
  histogram: Histogram;
  onZoom: (from: number, to: number) => void;
}) {
  const span = histogram.to - histogram.from;
  const inSpan = alerts.filter((a) => a.time >= histogram.from && a.time < histogram.to).sort((a, b) => a.time - b.time);
  if (alerts.length === 0) return null;
  return (
    <div className="alert-markers" role="group" aria-label="Alerts on the time axis">
      <span className="faint">{inSpan.length ? `Alerts (first activity), ${inSpan.length}:` : 'No alert began in this span.'}</span>
      {inSpan.slice(0, SHOWN).map((a) => (
        <button
          key={a.id}
          type="button"
          className="alert-marker"
          title={`${a.title} (${a.severity}), first activity ${formatUs(a.time)}; zooms to the events around it`}
          onClick={() => onZoom(Math.floor(a.time - histogram.binWidth * 2), Math.ceil(a.time + histogram.binWidth * 2))}
        >
          <span className="alert-marker-tick" style={{ background: SEVERITY_COLOURS[a.severity] }} aria-hidden="true" />
          <span className="mono">{formatAxisUs(a.time, span)}</span> <span className="cell-ellipsis">{a.title}</span>
        </button>
      ))}
      {inSpan.length > SHOWN && <span className="faint">and {inSpan.length - SHOWN} more</span>}
    </div>
  );
}
