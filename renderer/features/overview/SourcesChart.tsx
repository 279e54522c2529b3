import type { Histogram } from '../../../shared/domain/timeline';
import { formatCount } from '../../shared/format';
import { formatAxisUs, formatUs, niceTimesUs } from '../../shared/time';

/** Series colours of the timeline chart (the accent first), so a source looks the same in both. */
const COLOURS = ['#3fb8ac', '#7aa2f7', '#c792ea', '#e0af68', '#9ece6a', '#8b95a3'];
const HEIGHT = 90;

/** Events by source over the case's span: a small stacked bar chart, its legend giving each source's total. */
export function SourcesChart({ histogram, onOpen }: { histogram: Histogram | undefined; onOpen: () => void }) {
  if (!histogram) return <p className="faint">No timeline events yet. Import a timeline (Timesketch, Plaso, EVTX, CSV) to see its sources over time.</p>;
  const series = histogram.series ?? [{ value: 'Events', counts: histogram.counts }];
  const peak = Math.max(1, ...histogram.counts);
  const bins = histogram.counts.length;
  const span = histogram.to - histogram.from;
  const totals = series.map((s) => s.counts.reduce((a, b) => a + b, 0));
  return (
    <figure className="sources-chart">
      <svg
        viewBox={`0 0 ${bins} ${HEIGHT}`}
        preserveAspectRatio="none"
        role="img"
        aria-label={`${formatCount(histogram.total)} events from ${formatUs(histogram.from)} to ${formatUs(histogram.to)}: ${series.map((s, k) => `${s.value || '(empty)'} ${formatCount(totals[k]!)}`).join(', ')}`}
      >
        {histogram.counts.map((_, b) => {
          let y = HEIGHT;
          return series.map((s, k) => {
            // A bar of one event among thousands still shows (at least 2 units of 90).
            const n = s.counts[b] ?? 0;
            const h = n ? Math.max(2, (n / peak) * (HEIGHT - 2)) : 0;
            y -= h;
            return h > 0 ? <rect key={`${b}-${k}`} x={b + 0.08} y={y} width={0.84} height={h} fill={COLOURS[k % COLOURS.length]} /> : null;
          });
        })}
      </svg>
      <div className="sources-axis" aria-hidden="true">
        {niceTimesUs(histogram.from, histogram.to, 5).map((t) => (
          <span key={t} style={{ left: `${((t - histogram.from) / span) * 100}%` }}>
            {formatAxisUs(t, span)}
          </span>
        ))}
      </div>
      <figcaption>
        <ul className="sources-legend">
          {series.map((s, k) => (
            <li key={s.value}>
              <span className="swatch" style={{ background: COLOURS[k % COLOURS.length] }} aria-hidden="true" />
              <span className="cell-ellipsis">{s.value || '(empty)'}</span> <span className="faint mono">{formatCount(totals[k]!)}</span>
            </li>
          ))}
        </ul>
        <button type="button" className="btn btn-ghost" onClick={onOpen}>
          Open the timeline
        </button>
      </figcaption>
    </figure>
  );
}
