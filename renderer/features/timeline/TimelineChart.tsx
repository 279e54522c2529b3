import { useEffect, useId, useMemo, useState, type FormEvent } from 'react';
import { HistogramText } from './HistogramText';
import { Bar, BarChart, CartesianGrid, ReferenceArea, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { FACET_FIELDS, type FacetField, type Histogram } from '../../../shared/domain/timeline';
import { formatCount } from '../../shared/format';
import { formatAxisUs, formatUs, niceTimesUs, parseUtcInput } from '../../shared/time';
import { FACET_LABELS } from './view';

/** Series colours: distinct on the dark surface and never the severity hues' meaning (the accent first). */
export const SERIES_COLOURS = ['#3fb8ac', '#7aa2f7', '#c792ea', '#e0af68', '#9ece6a', '#f7768e', '#73daca', '#ff9e64', '#8b95a3'];

interface Row {
  i: number;
  count: number;
  [series: `s${number}`]: number;
}

interface Props {
  histogram: Histogram | undefined;
  loading: boolean;
  splitBy: FacetField | null;
  zoomed: boolean;
  onSplitBy: (field: FacetField | null) => void;
  onZoom: (from: number, to: number) => void;
  onResetZoom: () => void;
}

/**
 * Events over time: one bar per bin (about 100 across the shown span),
 * stacked by a field if asked. Drag across bars (or click one) to zoom to
 * them; the From/To fields do the same from the keyboard. Times in UTC.
 */
export function TimelineChart({ histogram, loading, splitBy, zoomed, onSplitBy, onZoom, onResetZoom }: Props) {
  const splitId = useId();
  const [drag, setDrag] = useState<{ start: number; end: number } | null>(null);

  const data = useMemo<Row[]>(() => {
    if (!histogram) return [];
    return histogram.counts.map((count, i) => {
      const row: Row = { i, count };
      histogram.series?.forEach((s, k) => (row[`s${k}`] = s.counts[i] ?? 0));
      return row;
    });
  }, [histogram]);

  const span = histogram ? histogram.to - histogram.from : 0;
  const binStart = (i: number) => (histogram ? histogram.from + i * histogram.binWidth : 0);
  // Ticks on round UTC times (00:00, 06:00…), each on the bar that holds it, labelled with that time.
  const ticks = useMemo(() => {
    const labels = new Map<number, string>();
    if (!histogram) return labels;
    const span = histogram.to - histogram.from;
    for (const t of niceTimesUs(histogram.from, histogram.to, 9)) {
      const i = Math.min(histogram.counts.length - 1, Math.floor((t - histogram.from) / histogram.binWidth));
      if (!labels.has(i)) labels.set(i, formatAxisUs(t, span));
    }
    return labels;
  }, [histogram]);

  const indexOf = (state: { activeTooltipIndex?: number | string | null }) => {
    const raw = state.activeTooltipIndex;
    const index = raw === null || raw === undefined || raw === '' ? NaN : Number(raw);
    return Number.isInteger(index) ? index : null;
  };

  const finishDrag = () => {
    if (!drag || !histogram) return setDrag(null);
    const lo = Math.min(drag.start, drag.end);
    const hi = Math.max(drag.start, drag.end);
    setDrag(null);
    const from = Math.floor(binStart(lo));
    const to = Math.ceil(binStart(hi + 1));
    if (to > from) onZoom(from, to);
  };

  return (
    <section className="timeline-chart" aria-label="Events over time">
      <div className="chart-toolbar">
        <h2 className="section-title">Events over time</h2>
        <span className="faint chart-span">{histogram ? `UTC · bars of ${formatDuration(histogram.binWidth)}` : ''}</span>
        <span className="spacer" />
        {/* Not keyed by the range: remounting it would remove the Zoom button that has focus. */}
        {histogram && <RangeForm from={histogram.from} to={histogram.to} onZoom={onZoom} />}
        {/* aria-disabled, not disabled: after a click it stays focused instead of dropping focus to the page. */}
        <button type="button" className="btn" onClick={() => zoomed && onResetZoom()} aria-disabled={!zoomed || undefined}>
          Reset zoom
        </button>
        <div className="field field-inline">
          <label className="field-label" htmlFor={splitId}>
            Stack by
          </label>
          <select
            id={splitId}
            className="input select"
            value={splitBy ?? ''}
            onChange={(e) => onSplitBy(e.target.value ? (e.target.value as FacetField) : null)}
          >
            <option value="">Nothing</option>
            {FACET_FIELDS.map((f) => (
              <option key={f} value={f}>
                {FACET_LABELS[f]}
              </option>
            ))}
          </select>
        </div>
      </div>
      <div className={`chart-frame${loading ? ' is-loading' : ''}`} data-testid="histogram" aria-hidden="true">
        {histogram && (
          <ResponsiveContainer width="100%" height={150} initialDimension={{ width: 800, height: 150 }}>
            <BarChart
              // Recharts' keyboard layer is an unnamed Tab stop whose tooltip is never read; the summary and table below say it instead.
              accessibilityLayer={false}
              data={data}
              margin={{ top: 6, right: 30, bottom: 0, left: 0 }}
              barCategoryGap={1}
              onMouseDown={(state) => {
                const i = indexOf(state);
                if (i !== null) setDrag({ start: i, end: i });
              }}
              onMouseMove={(state) => {
                const i = indexOf(state);
                if (drag && i !== null && i !== drag.end) setDrag({ ...drag, end: i });
              }}
              onMouseUp={finishDrag}
              onMouseLeave={() => setDrag(null)}
            >
              <CartesianGrid vertical={false} stroke="#2a2f35" />
              <XAxis
                dataKey="i"
                type="category"
                ticks={[...ticks.keys()]}
                tickFormatter={(i: number) => ticks.get(i) ?? formatAxisUs(binStart(i), span)}
                interval={0}
                minTickGap={8}
                tickLine={false}
                axisLine={{ stroke: '#434a53' }}
                height={22}
              />
              <YAxis width={44} allowDecimals={false} tickFormatter={compact} tickLine={false} axisLine={false} />
              <Tooltip
                cursor={{ fill: 'rgba(255, 255, 255, 0.06)' }}
                isAnimationActive={false}
                content={(props) => <BinTooltip active={props.active} payload={props.payload} label={props.label} histogram={histogram} />}
              />
              {histogram.series ? (
                histogram.series.map((s, k) => (
                  <Bar
                    key={s.value}
                    dataKey={`s${k}`}
                    name={s.value || '(empty)'}
                    stackId="split"
                    fill={SERIES_COLOURS[k % SERIES_COLOURS.length]}
                    isAnimationActive={false}
                  />
                ))
              ) : (
                <Bar dataKey="count" name="Events" fill={SERIES_COLOURS[0]} isAnimationActive={false} minPointSize={(v) => (v ? 2 : 0)} />
              )}
              {drag && <ReferenceArea x1={Math.min(drag.start, drag.end)} x2={Math.max(drag.start, drag.end)} fill="#3fb8ac" fillOpacity={0.22} />}
            </BarChart>
          </ResponsiveContainer>
        )}
      </div>
      {histogram && <HistogramText histogram={histogram} />}
      {histogram?.series && (
        <ul className="chart-legend" aria-label={`Stacked by ${FACET_LABELS[splitBy ?? 'source'].toLowerCase()}`}>
          {histogram.series.map((s, k) => (
            <li key={s.value}>
              <span className="legend-swatch" style={{ background: SERIES_COLOURS[k % SERIES_COLOURS.length] }} aria-hidden="true" />
              {s.value || '(empty)'}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** From/To in UTC: the keyboard way to zoom (Enter applies). */
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

interface TooltipEntry {
  value?: unknown;
  name?: unknown;
  color?: string;
  dataKey?: unknown;
}

function BinTooltip({ active, payload, label, histogram }: { active?: boolean; payload?: readonly TooltipEntry[]; label?: unknown; histogram: Histogram }) {
  if (!active || !payload?.length) return null;
  const i = Number(label);
  const start = histogram.from + i * histogram.binWidth;
  const total = histogram.counts[i] ?? 0;
  return (
    <div className="chart-tooltip">
      <div className="mono">{formatUs(start)}</div>
      <div className="mono faint">to {formatUs(start + histogram.binWidth)}</div>
      <div className="chart-tooltip-total">{formatCount(total)} events</div>
      {histogram.series &&
        payload
          .filter((p) => Number(p.value) > 0)
          .map((p) => (
            <div key={String(p.dataKey)} className="chart-tooltip-row">
              <span className="legend-swatch" style={{ background: p.color }} aria-hidden="true" />
              <span className="cell-ellipsis">{String(p.name)}</span>
              <span className="mono">{formatCount(Number(p.value))}</span>
            </div>
          ))}
    </div>
  );
}

function compact(n: number): string {
  if (n >= 1e6) return `${(n / 1e6).toFixed(n >= 1e7 ? 0 : 1)}M`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(n >= 1e4 ? 0 : 1)}k`;
  return String(n);
}

/** A bin width for people: "28 min 48 s", "2 h", "350 ms". */
export function formatDuration(us: number): string {
  if (us < 1000) return `${Math.round(us)} µs`;
  if (us < 1e6) return `${Math.round(us / 1000)} ms`;
  const seconds = Math.round(us / 1e6);
  const parts: string[] = [];
  const d = Math.floor(seconds / 86400);
  const h = Math.floor((seconds % 86400) / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  if (d) parts.push(`${d} d`);
  if (h) parts.push(`${h} h`);
  if (m && !d) parts.push(`${m} min`);
  if (s && !d && !h) parts.push(`${s} s`);
  return parts.join(' ') || '0 s';
}
