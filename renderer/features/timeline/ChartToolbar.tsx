import { useEffect, useId, useState, type FormEvent } from 'react';
import { FACET_FIELDS, type FacetField, type Histogram } from '../../../shared/domain/timeline';
import { formatUs, parseUtcInput } from '../../shared/time';
import { formatDuration } from './duration';
import { FACET_LABELS } from './view';

interface Props {
  histogram: Histogram | undefined;
  /** The span being dragged across the bars, shown in the From/To fields while the drag lasts. */
  preview: { from: number; to: number } | null;
  splitBy: FacetField | null;
  zoomed: boolean;
  onSplitBy: (field: FacetField | null) => void;
  onZoom: (from: number, to: number) => void;
  onResetZoom: () => void;
}

/** The chart's title and controls: the time range (the keyboard's brush), zoom out, reset and the stacking. */
export function ChartToolbar({ histogram, preview, splitBy, zoomed, onSplitBy, onZoom, onResetZoom }: Props) {
  const splitId = useId();
  const zoomOut = () => {
    if (!histogram) return;
    const span = histogram.to - histogram.from;
    onZoom(Math.floor(histogram.from - span / 2), Math.ceil(histogram.to + span / 2));
  };
  return (
    <div className="chart-toolbar">
      <h2 className="section-title">Events over time</h2>
      <span className="faint chart-span">{histogram ? `UTC · bars of ${formatDuration(histogram.binWidth)}` : ''}</span>
      <span className="spacer" />
      {/* Not keyed by the range: remounting it would remove the Zoom button that has focus. */}
      {histogram && <RangeForm from={preview?.from ?? histogram.from} to={preview?.to ?? histogram.to} onZoom={onZoom} />}
      <button type="button" className="btn" onClick={zoomOut} title="Show twice the span, centred on this one">
        Zoom out
      </button>
      {/* aria-disabled, not disabled: after a click it stays focused instead of dropping focus to the page. */}
      <button type="button" className="btn" onClick={() => zoomed && onResetZoom()} aria-disabled={!zoomed || undefined}>
        Reset zoom
      </button>
      <div className="field field-inline">
        <label className="field-label" htmlFor={splitId}>
          Stack by
        </label>
        <select id={splitId} className="input select" value={splitBy ?? ''} onChange={(e) => onSplitBy(e.target.value ? (e.target.value as FacetField) : null)}>
          <option value="">Nothing</option>
          {FACET_FIELDS.map((f) => (
            <option key={f} value={f}>
              {FACET_LABELS[f]}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}

/** From/To in UTC: the keyboard way to zoom (Enter applies); they follow the chart's range and a drag across it. */
function RangeForm({ from, to, onZoom }: { from: number; to: number; onZoom: (from: number, to: number) => void }) {
  const [fromText, setFromText] = useState(formatUs(from).replace(' UTC', ''));
  const [toText, setToText] = useState(formatUs(to).replace(' UTC', ''));
  const [error, setError] = useState<string | null>(null);
  // A new range (zoomed here or by dragging) refills the fields.
  useEffect(() => {
    setFromText(formatUs(from).replace(' UTC', ''));
    setToText(formatUs(to).replace(' UTC', ''));
  }, [from, to]);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const a = parseUtcInput(fromText);
    const b = parseUtcInput(toText);
    if (a === null || b === null) return setError('Write times as YYYY-MM-DD HH:MM:SS (UTC).');
    if (b <= a) return setError('The end must be after the start.');
    setError(null);
    onZoom(a, b);
  };
  return (
    <form className="range-form" onSubmit={submit} aria-label="Time range (UTC)">
      <input
        className="input mono"
        aria-label="From (UTC)"
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? 'range-error' : undefined}
        value={fromText}
        onChange={(e) => setFromText(e.target.value)}
      />
      <span className="faint">→</span>
      <input
        className="input mono"
        aria-label="To (UTC)"
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? 'range-error' : undefined}
        value={toText}
        onChange={(e) => setToText(e.target.value)}
      />
      <button type="submit" className="btn">
        Zoom
      </button>
      {error && (
        <span className="field-error" id="range-error" role="alert">
          {error}
        </span>
      )}
    </form>
  );
}
