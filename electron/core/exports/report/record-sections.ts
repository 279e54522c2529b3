import { label } from '../../../../shared/domain/case';
import { techniqueFullName } from '../../../../shared/attack/attack-catalogue';
import { h, utcCell } from './html';
import type { ReportData } from './report-data';
import type { ReportSection } from './report-sections';

/**
 * The report's sections of case records: entities, alerts with their ATT&CK
 * techniques and the files imports logged as evidence, as the shared domain
 * records hold them.
 * Each returns null when the case has none.
 */

const th = (names: string[]) => h`<thead><tr>${names.map((n) => h`<th scope="col">${n}</th>`)}</tr></thead>`;

export function entitiesSection(data: ReportData): ReportSection | null {
  if (!data.entities.length) return null;
  const more =
    data.entitiesTotal > data.entities.length
      ? h`<p class="muted">${data.entities.length} of ${data.entitiesTotal.toLocaleString('en-US')} entities: those with a verdict or a role, or named by an alert. The entities table export lists them all.</p>`
      : '';
  const rows = data.entities.map(
    (e) =>
      h`<tr><td>${e.type}</td><td class="value">${e.display}</td><td>${e.verdict ? h`<span class="verdict" data-verdict="${e.verdict.toLowerCase()}">${e.verdict}</span>` : '—'}</td><td>${e.roles.join(', ') || '—'}</td><td class="num">${e.alerts}</td><td class="num">${e.events}</td><td class="time">${utcCell(e.firstSeen)}</td><td class="time">${utcCell(e.lastSeen)}</td></tr>`,
  );
  const body = h`${more}<table>${th(['Type', 'Value', 'Verdict', 'Roles', 'Alerts', 'Events', 'First seen', 'Last seen'])}<tbody>${rows}</tbody></table>`;
  return { id: 'entities', title: 'Entities', items: data.entities.length, body };
}

function techniques(ids: string[]) {
  if (!ids.length) return '—';
  return ids.map((id) => {
    const name = techniqueFullName(id);
    return h`<div class="technique"><span class="tid">${id}</span> ${name ?? '(not in the ATT&CK catalogue)'}</div>`;
  });
}

export function alertsSection(data: ReportData): ReportSection | null {
  if (!data.alerts.length) return null;
  const rows = data.alerts.map(
    (a) =>
      h`<tr><td><span class="sev sev-${a.severity}">${label(a.severity)}</span></td><td>${a.title}<div class="muted">${a.source}${a.detectionSource ? ` · ${a.detectionSource}` : ''}</div></td><td>${label(a.status)}</td><td class="time">${utcCell(a.firstActivity ?? a.createdAt)}</td><td>${techniques(a.mitreTechniques)}</td><td class="num">${a.entityIds.length}</td></tr>`,
  );
  const body = h`<table>${th(['Severity', 'Alert', 'Status', 'First activity', 'ATT&CK techniques', 'Entities'])}<tbody>${rows}</tbody></table>`;
  return { id: 'alerts', title: 'Alerts', items: data.alerts.length, body };
}

export function evidenceSection(data: ReportData): ReportSection | null {
  if (!data.evidence.length) return null;
  // The custody chain of each item plugs in here once evidence custody records exist (the evidence helper's EvidenceRecord fields).
  const rows = data.evidence.map(
    (e) =>
      h`<tr><td class="value">${e.name}</td><td>${e.kind}${e.importer ? ` (${e.importer})` : ''}</td><td class="num">${e.size.toLocaleString('en-US')}</td><td class="hash">${e.sha256}</td><td>${e.addedBy}</td><td class="time">${utcCell(e.addedAt)}</td></tr>`,
  );
  const body = h`<table>${th(['Item', 'Kind', 'Bytes', 'SHA-256', 'Added by', 'Added'])}<tbody>${rows}</tbody></table>`;
  return { id: 'evidence', title: 'Evidence', items: data.evidence.length, body };
}
