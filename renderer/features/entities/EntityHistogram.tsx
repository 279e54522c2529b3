import type { Histogram } from '../../../shared/domain/timeline';
import { formatCount } from '../../shared/format';
import { formatUs } from '../../shared/time';

/** The entity's events over time: bars on the span they cover, with the span's ends written out. */
export function EntityHistogram({ histogram }: { histogram: Histogram }) {
  if (histogram.total === 0)
    return <p className="faint">None of the case's timeline events name it (its events come from alerts only, or no timeline was imported).</p>;
  const max = Math.max(...histogram.counts);
  const summary = `${formatCount(histogram.total)} events from ${formatUs(histogram.from)} to ${formatUs(histogram.to)}`;
  return (
    <figure className="entity-histogram">
      <div className="entity-bars" role="img" aria-label={summary}>
        {histogram.counts.map((count, i) => (
          <span
            key={i}
            className="entity-bar"
            style={{ height: `${count ? Math.max(4, (count / max) * 100) : 0}%` }}
            title={`${formatCount(count)} from ${formatUs(histogram.from + i * histogram.binWidth)}`}
          />
        ))}
      </div>
      <figcaption className="entity-axis faint">
        <span>{formatUs(histogram.from).slice(0, 19)}</span>
        <span>
          peak {formatCount(max)} per {binWidthText(histogram.binWidth)}
        </span>
        <span>{formatUs(histogram.to).slice(0, 19)} UTC</span>
      </figcaption>
    </figure>
  );
}

function binWidthText(us: number): string {
  const s = us / 1e6;
  if (s < 1) return `${Math.round(us / 1000)} ms`;
  if (s < 120) return `${Math.round(s)} s`;
  if (s < 7200) return `${Math.round(s / 60)} min`;
  if (s < 172_800) return `${Math.round(s / 3600)} h`;
  return `${Math.round(s / 86_400)} days`;
}
