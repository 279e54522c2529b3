import type { Histogram } from '../../../shared/domain/timeline';
import { formatCount } from '../../shared/format';
import { formatUs } from '../../shared/time';

/**
 * The chart's text alternative: one sentence (span, total, busiest bar) read
 * by everyone who cannot see the bars, and on request a table of the bars
 * that hold events (a <details>, closed by default, so it costs one Tab stop).
 */
export function HistogramText({ histogram }: { histogram: Histogram }) {
  const total = histogram.counts.reduce((sum, n) => sum + n, 0);
  let peak = 0;
  histogram.counts.forEach((n, i) => {
    if (n > (histogram.counts[peak] ?? 0)) peak = i;
  });
  const start = (i: number) => histogram.from + i * histogram.binWidth;
  const bins = histogram.counts.map((count, i) => ({ i, count })).filter((bin) => bin.count > 0);

  return (
    <div className="chart-text">
      <p className="sr-only" data-testid="histogram-summary">
        {`${formatCount(total)} events from ${formatUs(histogram.from)} to ${formatUs(histogram.to)} in ${histogram.counts.length} bars; ` +
          (total ? `the busiest starts ${formatUs(start(peak))} with ${formatCount(histogram.counts[peak] ?? 0)} events.` : 'none has events.')}
      </p>
      <details className="chart-table">
        <summary className="faint">Data table ({bins.length} bars with events)</summary>
        <div className="chart-table-scroll" tabIndex={0} role="region" aria-label="Events per bar">
          <table className="table">
            <caption className="sr-only">Events per bar, UTC</caption>
            <thead>
              <tr>
                <th scope="col">From (UTC)</th>
                <th scope="col">To (UTC)</th>
                <th scope="col">Events</th>
              </tr>
            </thead>
            <tbody>
              {bins.map(({ i, count }) => (
                <tr key={i}>
                  <td className="mono">{formatUs(start(i))}</td>
                  <td className="mono">{formatUs(start(i + 1))}</td>
                  <td className="mono">{formatCount(count)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </div>
  );
}
