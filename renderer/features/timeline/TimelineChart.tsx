import { memo, useMemo } from 'react';
import { Bar, BarChart, CartesianGrid, ReferenceArea, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { FacetField, Histogram } from '../../../shared/domain/timeline';
import { SEVERITIES, type Severity } from '../../../shared/domain/case';
import { formatCount } from '../../shared/format';
import { formatAxisUs, formatUs, niceTimesUs } from '../../shared/time';
import { AlertMarkers, SEVERITY_COLOURS, type ChartAlert } from './AlertMarkers';
import { ChartToolbar } from './ChartToolbar';
import { compactCount } from './duration';
import { useBrush } from './useBrush';
import { HistogramText } from './HistogramText';
import { FACET_LABELS } from './view';
import { CHART_BOX, chartMargin, usePlotInset } from './plotInsets';

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
  /** The case's alerts, marked on the axis at their first activity. */
  alerts: readonly ChartAlert[];
  zoomed: boolean;
  onSplitBy: (field: FacetField | null) => void;
  onZoom: (from: number, to: number) => void;
  onResetZoom: () => void;
}

/**
 * Events over time: one bar per bin (about 100 across the shown span),
 * stacked by a field if asked. Drag across bars (or click one) to zoom to
 * them; the From/To fields do the same from the keyboard. Times in UTC.
 * Memoised: an answer for the facets, lanes or table does not draw it again.
 */
export const TimelineChart = memo(function TimelineChart({ histogram, loading, splitBy, alerts, zoomed, onSplitBy, onZoom, onResetZoom }: Props) {
  const brush = useBrush(histogram, onZoom);
  return (
    <section className="timeline-chart" aria-label="Events over time">
      <ChartToolbar
        histogram={histogram}
        preview={brush.preview}
        splitBy={splitBy}
        zoomed={zoomed}
        onSplitBy={onSplitBy}
        onZoom={onZoom}
        onResetZoom={onResetZoom}
      />
      <div className={`chart-frame${loading ? ' is-loading' : ''}`} data-testid="histogram" aria-hidden="true">
        {histogram && <ChartBars histogram={histogram} alerts={alerts} brush={brush} />}
      </div>
      {histogram && <AlertMarkers alerts={alerts} histogram={histogram} onZoom={onZoom} />}
      {histogram && <HistogramText histogram={histogram} />}
      {histogram?.series && <ChartLegend series={histogram.series} splitBy={splitBy} />}
    </section>
  );
});

/** The bars as Recharts rows (one per bin, a column per series), and the axis ticks on round UTC times. */
function useChartRows(histogram: Histogram) {
  const data = useMemo<Row[]>(
    () =>
      histogram.counts.map((count, i) => {
        const row: Row = { i, count };
        histogram.series?.forEach((s, k) => (row[`s${k}`] = s.counts[i] ?? 0));
        return row;
      }),
    [histogram],
  );
  // Ticks on round UTC times (00:00, 06:00…), each on the bar that holds it, labelled with that time.
  const ticks = useMemo(() => {
    const labels = new Map<number, string>();
    const span = histogram.to - histogram.from;
    for (const t of niceTimesUs(histogram.from, histogram.to, 9)) {
      const i = Math.min(histogram.counts.length - 1, Math.floor((t - histogram.from) / histogram.binWidth));
      if (!labels.has(i)) labels.set(i, formatAxisUs(t, span));
    }
    return labels;
  }, [histogram]);
  return { data, ticks };
}

/** The histogram drawn by Recharts from its bins only (about 100 bars, never one per event), with the alerts' lines and the brush's area. */
function ChartBars({ histogram, alerts, brush }: { histogram: Histogram; alerts: readonly ChartAlert[]; brush: ReturnType<typeof useBrush> }) {
  const { data, ticks } = useChartRows(histogram);
  const markers = useMemo(() => binnedAlerts(alerts, histogram), [alerts, histogram]);
  const span = histogram.to - histogram.from;
  const drag = brush.drag;
  // The plot area's insets are the asset lanes' too, so one time is at one x in both.
  const inset = usePlotInset();
  return (
    <ResponsiveContainer width="100%" height={150} initialDimension={{ width: 800, height: 150 }}>
      <BarChart
        // Recharts' keyboard layer is an unnamed Tab stop whose tooltip is never read; the summary and table below say it instead.
        accessibilityLayer={false}
        data={data}
        margin={chartMargin(inset)}
        barCategoryGap={1}
        onMouseDown={brush.onMouseDown}
        onMouseMove={brush.onMouseMove}
        onMouseUp={brush.finish}
      >
        <CartesianGrid vertical={false} stroke="#2a2f35" />
        <XAxis
          dataKey="i"
          type="category"
          ticks={[...ticks.keys()]}
          tickFormatter={(i: number) => ticks.get(i) ?? formatAxisUs(histogram.from + i * histogram.binWidth, span)}
          interval={0}
          minTickGap={8}
          tickLine={false}
          axisLine={{ stroke: '#434a53' }}
          height={22}
        />
        <YAxis width={CHART_BOX.yAxis} allowDecimals={false} tickFormatter={compactCount} tickLine={false} axisLine={false} />
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
        {markers.map((m) => (
          <ReferenceLine key={m.bin} x={m.bin} stroke={SEVERITY_COLOURS[m.severity]} strokeWidth={2} strokeDasharray="3 2" ifOverflow="extendDomain" />
        ))}
        {drag && <ReferenceArea x1={Math.min(drag.start, drag.end)} x2={Math.max(drag.start, drag.end)} fill="#3fb8ac" fillOpacity={0.22} />}
      </BarChart>
    </ResponsiveContainer>
  );
}

function ChartLegend({ series, splitBy }: { series: NonNullable<Histogram['series']>; splitBy: FacetField | null }) {
  return (
    <ul className="chart-legend" aria-label={`Stacked by ${FACET_LABELS[splitBy ?? 'source'].toLowerCase()}`}>
      {series.map((s, k) => (
        <li key={s.value}>
          <span className="legend-swatch" style={{ background: SERIES_COLOURS[k % SERIES_COLOURS.length] }} aria-hidden="true" />
          {s.value || '(empty)'}
        </li>
      ))}
    </ul>
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

/** One marker per bin holding alerts, coloured by the most severe of them. */
function binnedAlerts(alerts: readonly ChartAlert[], histogram: Histogram): { bin: number; severity: Severity }[] {
  const byBin = new Map<number, Severity>();
  for (const a of alerts) {
    if (a.time < histogram.from || a.time >= histogram.to) continue;
    const bin = Math.min(histogram.counts.length - 1, Math.floor((a.time - histogram.from) / histogram.binWidth));
    const had = byBin.get(bin);
    if (!had || SEVERITIES.indexOf(a.severity) > SEVERITIES.indexOf(had)) byBin.set(bin, a.severity);
  }
  return [...byBin].map(([bin, severity]) => ({ bin, severity }));
}
