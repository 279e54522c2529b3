import type { CaseRecord } from '../../../shared/domain/case';
import { custodyReportBase, EVIDENCE_KIND_LABELS, type CustodyEntry, type EvidenceItem, type LinkedTarget } from '../../../shared/domain/evidence';
import type { EvidenceRecord } from '../../../shared/domain/records';
import type { ItemState } from './evidence-state';
import { isoUs } from '../../../shared/time';

/**
 * The custody report: one self-contained HTML page (its style inline, no
 * script, no external resource, every value escaped) for one item or the
 * whole case, to print, to PDF or to hand over. Times are UTC, written so.
 */

export interface ReportInput {
  case: CaseRecord;
  items: readonly ItemState[];
  /** Files imports logged as evidence (the case report lists them too). */
  imports: readonly EvidenceRecord[];
  /** Each item's links named as the case knows them (evidence-links.ts); an item missing here shows its link ids. */
  linked?: ReadonlyMap<string, readonly LinkedTarget[]>;
  at: string;
}

const escapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => escapes[c]!);
const esc = (value: string | number | null | undefined) => (value === null || value === undefined || value === '' ? '—' : escapeHtml(String(value)));
const utc = (iso: string | null) => (iso ? esc(iso.replace('T', ' ').replace(/\.\d+Z$|Z$/, '') + ' UTC') : '—');

const STYLE = `
body { font: 11pt/1.45 system-ui, sans-serif; color: #111; margin: 2em; }
h1 { font-size: 18pt; margin: 0 0 .2em; } h2 { font-size: 14pt; margin: 1.6em 0 .4em; border-bottom: 2px solid #333; }
h3 { font-size: 11pt; margin: 1em 0 .3em; }
table { border-collapse: collapse; width: 100%; margin: .3em 0 1em; } th, td { border: 1px solid #999; padding: 3px 6px; text-align: left; vertical-align: top; }
th { background: #eee; } dl { display: grid; grid-template-columns: 12em 1fr; gap: 2px 12px; margin: 0; } dt { font-weight: 600; }
.hash { font-family: ui-monospace, monospace; font-size: 9pt; word-break: break-all; }
.mismatch { color: #a00000; font-weight: 700; } .match { color: #05620f; } .meta { color: #444; }
section { page-break-inside: avoid; }`;

function hashRows(hashes: EvidenceItem['hashes']): string {
  return (['sha256', 'sha1', 'md5'] as const)
    .filter((alg) => hashes[alg])
    .map((alg) => `<dt>${alg.toUpperCase().replace('SHA', 'SHA-')}</dt><dd class="hash">${esc(hashes[alg])}</dd>`)
    .join('');
}

function verdict(entry: CustodyEntry): string {
  if (entry.hashVerified === 'match') return '<span class="match">hash verified: match</span>';
  if (entry.hashVerified === 'mismatch') return '<span class="mismatch">HASH MISMATCH</span>';
  return 'not checked';
}

function custodyTable(custody: readonly CustodyEntry[]): string {
  if (!custody.length) return '<p>No custody entry recorded.</p>';
  const rows = custody.map(
    (e, i) =>
      `<tr><td>${i + 1}</td><td>${esc(e.event)}${e.corrects ? `<br><small>corrects ${esc(e.corrects)}</small>` : ''}</td><td>${utc(e.at)}</td><td>${esc(e.by)}</td>` +
      `<td>${esc(e.from)}</td><td>${esc(e.to)}</td><td>${esc(e.where)}</td><td>${esc(e.purpose)}</td><td>${verdict(e)}</td><td>${esc(e.notes)}</td>` +
      `<td><small>${esc(e.recordedBy)}<br>${utc(e.recordedAt)}<br>${esc(e.id)}</small></td></tr>`,
  );
  return (
    '<table><thead><tr><th>#</th><th>Event</th><th>When</th><th>By</th><th>From</th><th>To</th><th>Where</th><th>Purpose</th><th>Hash</th><th>Notes</th><th>Recorded</th></tr></thead>' +
    `<tbody>${rows.join('')}</tbody></table>`
  );
}

function manifest(item: EvidenceItem): string {
  if (item.files.length <= 1 && !item.skipped.length) return '';
  const rows = item.files.map(
    (f) => `<tr><td>${esc(f.path)}</td><td>${f.size}</td><td class="hash">${esc(f.sha256)}</td><td class="hash">${esc(f.md5)}</td></tr>`,
  );
  const skipped = item.skipped.length ? `<p>Not stored (not regular files): ${item.skipped.map(esc).join(', ')}</p>` : '';
  return `<h3>Manifest: ${item.files.length} file(s)</h3><table><thead><tr><th>Path</th><th>Bytes</th><th>SHA-256</th><th>MD5</th></tr></thead><tbody>${rows.join('')}</tbody></table>${skipped}`;
}

/** An item's links: named (an entity by value and type, an alert by title, an event by time and message), with the id. */
function linksRows(item: EvidenceItem, linked: readonly LinkedTarget[] | undefined): string {
  const named = (kind: LinkedTarget['kind'], ids: readonly string[]) => {
    const list = ids.map((id) => {
      const l = linked?.find((t) => t.kind === kind && t.id === id);
      if (!l) return esc(id);
      const when = l.time !== null ? `${esc(isoUs(l.time).replace('T', ' ').replace('Z', ''))} UTC · ` : '';
      return `${when}${esc(l.label)}${l.detail ? ` (${esc(l.detail)})` : ''} <small>${esc(id)}</small>`;
    });
    return list.length ? list.join('<br>') : '—';
  };
  return (
    `<dt>Linked entities</dt><dd>${named('entity', item.links.entities)}</dd><dt>Linked alerts</dt><dd>${named('alert', item.links.alerts)}</dd>` +
    `<dt>Linked events</dt><dd>${named('event', item.links.events)}</dd>`
  );
}

function itemSection({ item, custody }: ItemState, linked: readonly LinkedTarget[] | undefined): string {
  return `<section><h2>${esc(item.title)}</h2><dl>
<dt>Item id</dt><dd>${esc(item.id)}</dd><dt>Kind</dt><dd>${esc(EVIDENCE_KIND_LABELS[item.kind])}</dd>
<dt>Held</dt><dd>${item.storage === 'ingested' ? 'ingested into the case vault (encrypted)' : 'by reference'}</dd>
<dt>Description</dt><dd>${esc(item.description)}</dd><dt>Source host or entity</dt><dd>${esc(item.sourceHost)}</dd>
<dt>Acquired by</dt><dd>${esc(item.acquiredBy)}</dd><dt>Acquired at</dt><dd>${utc(item.acquiredAt)}</dd>
<dt>Tool and version</dt><dd>${esc(item.tool)}</dd><dt>Storage location</dt><dd>${esc(item.storageLocation)}</dd>
<dt>Size</dt><dd>${item.size === null ? '—' : `${item.size} bytes`}</dd>${hashRows(item.hashes)}
<dt>Added</dt><dd>${esc(item.addedBy)}, ${utc(item.addedAt)}</dd>
${linksRows(item, linked)}</dl>
${manifest(item)}<h3>Chain of custody</h3>${custodyTable(custody)}</section>`;
}

function importsSection(imports: readonly EvidenceRecord[]): string {
  if (!imports.length) return '';
  const rows = imports.map(
    (r) => `<tr><td>${esc(r.name)}</td><td>${r.size}</td><td class="hash">${esc(r.sha256)}</td><td>${esc(r.addedBy)}</td><td>${utc(r.addedAt)}</td></tr>`,
  );
  return `<section><h2>Files imported into the case</h2><table><thead><tr><th>File</th><th>Bytes</th><th>SHA-256</th><th>Imported by</th><th>When</th></tr></thead><tbody>${rows.join('')}</tbody></table></section>`;
}

export function custodyReport(input: ReportInput): { html: string; fileName: string } {
  const one = input.items.length === 1 && !input.imports.length ? input.items[0]!.item : null;
  const title = one ? `Custody report: ${one.title}` : `Custody report: case ${input.case.title}`;
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${esc(title)}</title><style>${STYLE}</style></head><body>
<h1>${esc(title)}</h1>
<p class="meta">Case ${esc(input.case.title)} (${esc(input.case.id)}). Written ${utc(input.at)} by Casebook from the case's journal.
${input.items.length} evidence item(s)${input.imports.length ? `, ${input.imports.length} imported file(s)` : ''}.</p>
${input.items.map((state) => itemSection(state, input.linked?.get(state.item.id))).join('\n')}
${importsSection(input.imports)}
</body></html>
`;
  return { html, fileName: `${one ? custodyReportBase(one.title, 'item') : custodyReportBase(input.case.title, 'case')}.html` };
}
