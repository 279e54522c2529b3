import type { Severity } from '../../../../shared/domain/case';
import { SEVERITIES, label } from '../../../../shared/domain/case';
import { h, type Safe } from './html';

/**
 * The report's charts as static SVG, drawn here (no script, no library): they
 * print as vectors and open in any viewer. Colours only through attributes,
 * since the report's CSP allows no inline style attributes.
 */

export interface HistogramData {
  from: number;
  to: number;
  binWidth: number;
  counts: number[];
}

const WIDTH = 640;
const HEIGHT = 180;
const LEFT = 48;
const BOTTOM = 28;

const day = (us: number) => new Date(us / 1000).toISOString().slice(0, 16).replace('T', ' ');

/** Events per bin as bars, with the busiest count on the axis and the range's ends below it. */
export function eventsOverTimeSvg(histogram: HistogramData, title = 'Events over time'): Safe {
  const max = Math.max(1, ...histogram.counts);
  const plotW = WIDTH - LEFT - 8;
  const plotH = HEIGHT - BOTTOM - 8;
  const barW = plotW / Math.max(1, histogram.counts.length);
  const bars = histogram.counts.map((n, i) => {
    const barH = n ? Math.max(1, (n / max) * plotH) : 0;
    return h`<rect x="${(LEFT + i * barW).toFixed(1)}" y="${(8 + plotH - barH).toFixed(1)}" width="${Math.max(0.5, barW - 1).toFixed(1)}" height="${barH.toFixed(1)}" fill="#2b6cb0"><title>${day(histogram.from + i * histogram.binWidth)} UTC: ${n}</title></rect>`;
  });
  const total = histogram.counts.reduce((a, b) => a + b, 0);
  return h`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" role="img" aria-label="${title}: ${total} events from ${day(histogram.from)} to ${day(histogram.to)} UTC">
<title>${title}</title>
<line x1="${LEFT}" y1="${8 + plotH}" x2="${WIDTH - 8}" y2="${8 + plotH}" stroke="#555" stroke-width="1"/>
<line x1="${LEFT}" y1="8" x2="${LEFT}" y2="${8 + plotH}" stroke="#555" stroke-width="1"/>
<text x="${LEFT - 4}" y="14" font-size="10" text-anchor="end" fill="#222">${max}</text>
<text x="${LEFT - 4}" y="${8 + plotH}" font-size="10" text-anchor="end" fill="#222">0</text>
${bars}
<text x="${LEFT}" y="${HEIGHT - 8}" font-size="10" fill="#222">${day(histogram.from)} UTC</text>
<text x="${WIDTH - 8}" y="${HEIGHT - 8}" font-size="10" text-anchor="end" fill="#222">${day(histogram.to)} UTC</text>
</svg>`;
}

export const SEVERITY_COLOURS: Record<Severity, string> = {
  critical: '#7b1d1d',
  high: '#c53030',
  medium: '#c05621',
  low: '#2f855a',
  informational: '#4a5568',
};

/** Alerts per severity, most severe first, as labelled horizontal bars. */
export function alertsBySeveritySvg(counts: Record<Severity, number>): Safe {
  const order = [...SEVERITIES].reverse();
  const max = Math.max(1, ...order.map((s) => counts[s]));
  const rowH = 26;
  const height = order.length * rowH + 8;
  const barMax = WIDTH - 140 - 60;
  const rows = order.map((s, i) => {
    const w = counts[s] ? Math.max(2, (counts[s] / max) * barMax) : 0;
    const y = 4 + i * rowH;
    return h`<text x="132" y="${y + 16}" font-size="12" text-anchor="end" fill="#222">${label(s)}</text>
<rect x="140" y="${y + 4}" width="${w.toFixed(1)}" height="16" fill="${SEVERITY_COLOURS[s]}"/>
<text x="${(146 + w).toFixed(1)}" y="${y + 16}" font-size="12" fill="#222">${counts[s]}</text>`;
  });
  const total = order.reduce((a, s) => a + counts[s], 0);
  const summary = order.map((s) => `${label(s)} ${counts[s]}`).join(', ');
  return h`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" role="img" aria-label="Alerts by severity: ${total} alerts; ${summary}">
<title>Alerts by severity</title>
${rows}
</svg>`;
}
