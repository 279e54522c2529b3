import { label } from '../../../../shared/domain/case';
import { alertsBySeveritySvg, eventsOverTimeSvg } from './report-charts';
import { h, utcCell, utcText, type Safe } from './html';
import type { ReportData } from './report-data';
import type { EntityRow } from '../../../../shared/domain/entities';

/**
 * The report's sections about the case itself: summary and triage fields,
 * scope, charts. Each is a function of the report's data returning its
 * section, or null when it has nothing to show (then the report leaves it
 * out rather than printing an empty heading).
 */

export interface ReportSection {
  id: string;
  title: string;
  /** How many items it lists, null for prose. */
  items: number | null;
  body: Safe;
}

const field = (name: string, value: unknown) => h`<div class="field"><dt>${name}</dt><dd>${value}</dd></div>`;

export function summarySection(data: ReportData): ReportSection {
  const c = data.case;
  const tags = c.tags.length ? c.tags.map((t) => h`<span class="tag">${t}</span> `) : '—';
  const body = h`<dl class="fields">
${field('Severity', h`<span class="sev sev-${c.severity}">${label(c.severity)}</span>`)}
${field('Status', label(c.status))}
${field('Classification', label(c.classification))}
${field('Determination', label(c.determination))}
${field('Owner', c.owner || '—')}
${field('TLP', h`<span class="tlp" data-tlp="${c.tlp}">${label(c.tlp)}</span>`)}
${field('Tags', tags)}
${field('Created', utcText(c.createdAt))}
${field('Last changed', utcText(c.updatedAt))}
${field('Resolved', utcText(c.resolvedAt))}
${c.origin ? field('Imported from', `${c.origin.format} ${c.origin.file} (incident ${c.origin.externalId})`) : ''}
</dl>
${c.description ? h`<h3>Description</h3><p class="prose">${c.description}</p>` : ''}`;
  return { id: 'summary', title: 'Summary', items: null, body };
}

function scopeList(rows: EntityRow[], total: number, noun: string): Safe {
  if (!rows.length) return h`<p class="muted">No ${noun} named in the case.</p>`;
  const more = total > rows.length ? h`<p class="muted">${total - rows.length} more ${noun} (the entities table export lists them all).</p>` : '';
  return h`<table><thead><tr><th scope="col">Name</th><th scope="col" class="num">Events</th><th scope="col" class="num">Alerts</th><th scope="col">First seen</th><th scope="col">Last seen</th></tr></thead><tbody>
${rows.map((r) => h`<tr><td class="value">${r.display}</td><td class="num">${r.events}</td><td class="num">${r.alerts}</td><td class="time">${utcCell(r.firstSeen)}</td><td class="time">${utcCell(r.lastSeen)}</td></tr>`)}
</tbody></table>${more}`;
}

export function scopeSection(data: ReportData): ReportSection {
  const s = data.scope;
  const k = data.counts;
  const body = h`<dl class="fields">
${field('First activity', utcText(s.firstActivity))}
${field('Last activity', utcText(s.lastActivity))}
${field('Devices', s.deviceTotal)}
${field('Users', s.userTotal)}
${field('Events', k.events.toLocaleString('en-US'))}
${field('Alerts', k.alerts)}
${field('Entities', data.entitiesTotal.toLocaleString('en-US'))}
${field('Indicators', k.indicators)}
</dl>
<h3>Devices</h3>${scopeList(s.devices, s.deviceTotal, 'devices')}
<h3>Users</h3>${scopeList(s.users, s.userTotal, 'users')}`;
  return { id: 'scope', title: 'Scope', items: s.deviceTotal + s.userTotal, body };
}

/** The charts, each as a figure with its caption; the same SVG the preview shows. */
export function chartSvgs(data: ReportData): { title: string; svg: Safe }[] {
  const charts: { title: string; svg: Safe }[] = [];
  if (data.histogram) charts.push({ title: 'Events over time (UTC)', svg: eventsOverTimeSvg(data.histogram) });
  if (data.alerts.length) charts.push({ title: 'Alerts by severity', svg: alertsBySeveritySvg(data.alertsBySeverity) });
  return charts;
}

export function chartsSection(data: ReportData): ReportSection | null {
  const charts = chartSvgs(data);
  if (!charts.length) return null;
  const body = h`${charts.map((c) => h`<figure>${c.svg}<figcaption>${c.title}</figcaption></figure>`)}`;
  return { id: 'charts', title: 'Activity', items: null, body };
}
