import type { AuditEntry, ChainVerification, VaultVerification } from '../../shared/domain/audit';
import { describeClockOffset, describeInvalidUtf8, type ImportReport } from '../../shared/domain/import';
import { label, type CaseRecord } from '../../shared/domain/case';

/** Times are shown in UTC with the zone written. */
export function utc(iso: string | null): string {
  if (!iso) return '-';
  return iso.replace('T', ' ').replace(/\.\d+Z$|Z$/, '') + ' UTC';
}

export function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

export function caseTable(cases: CaseRecord[]): string {
  return table(
    ['ID', 'SEVERITY', 'STATUS', 'UPDATED', 'TITLE'],
    cases.map((c) => [c.id, label(c.severity), label(c.status), utc(c.updatedAt), c.title]),
  );
}

export function caseDetails(c: CaseRecord): string {
  const rows: [string, string][] = [
    ['ID', c.id],
    ['Title', c.title],
    ['Severity', label(c.severity)],
    ['Status', label(c.status)],
    ['Classification', label(c.classification)],
    ['Determination', label(c.determination)],
    ['Owner', c.owner || '-'],
    ['Tags', c.tags.join(', ') || '-'],
    ['TLP', label(c.tlp)],
    ['Created', utc(c.createdAt)],
    ['Updated', utc(c.updatedAt)],
    ['Resolved', utc(c.resolvedAt)],
    ['Version', String(c.version)],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  const out = rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`);
  if (c.description) out.push('', c.description);
  return out.join('\n');
}

function show(value: unknown): string {
  if (value === null || value === undefined || value === '') return '∅';
  return Array.isArray(value) ? `[${value.join(', ')}]` : String(value);
}

export function auditTable(entries: AuditEntry[]): string {
  return table(
    ['SEQ', 'TIME', 'ACTOR', 'ACTION', 'CHANGES'],
    entries.map((e) => [String(e.seq), utc(e.at), e.actor, e.type, e.changes.map((ch) => `${ch.field}: ${show(ch.from)} → ${show(ch.to)}`).join('; ')]),
  );
}

export function verificationText(v: ChainVerification): string {
  const lines = [v.ok ? `chain verified: ${v.records} record(s), head ${v.head ?? '-'}` : `chain FAILED after ${v.records} good record(s)`];
  for (const p of v.problems) lines.push(`  record ${p.seq} at byte ${p.offset}: ${p.reason}`);
  if (v.tornTail) lines.push(`  torn record at the end (byte ${v.tornTail.offset}, ${v.tornTail.bytes} bytes): an interrupted write`);
  return lines.join('\n');
}

export function vaultVerificationText(v: VaultVerification): string {
  const m = v.manifest;
  const lines = [
    m.state === 'ok'
      ? `vault manifest: copy ${m.generation}, kept since ${m.startedAt}${m.adopted ? ' (adopted from a vault that had none)' : ''}`
      : `vault manifest ${m.state.toUpperCase()}: ${m.message ?? ''}`,
  ];
  for (const c of v.cases) {
    lines.push(`${c.caseId}  ${c.ok ? `ok, ${c.records} record(s)` : 'FAILED'}`);
    for (const p of c.problems) lines.push(`  ${p.reason}`);
  }
  for (const a of m.accepted) lines.push(`accepted by ${a.actor} at ${a.at}${a.caseId ? ` for case ${a.caseId}` : ''}: ${a.what}`);
  for (const id of v.unlisted) lines.push(`${id}  not in the manifest yet (added at the next unlock)`);
  lines.push(v.ok ? `vault verified: ${v.cases.length} case(s)` : `vault verification FAILED`);
  return lines.join('\n');
}

export function importTable(reports: ImportReport[]): string {
  if (reports.length === 0) return 'nothing imported';
  const rows = table(
    ['FILE', 'FORMAT', 'EVENTS', 'ALERTS', 'ENTITIES', 'IOCS', 'ACTIONS', 'SKIPPED', 'CASES'],
    reports.map((r) => [
      r.file,
      r.format,
      String(r.counts.events),
      String(r.counts.alerts),
      String(r.counts.entities),
      String(r.counts.indicators),
      String(r.counts.actions),
      String(r.skippedTotal),
      r.caseIds.join(' '),
    ]),
  );
  // Damaged text is imported (as U+FFFD) but said, per file, under the table.
  const notes = reports.filter((r) => r.invalidUtf8).map((r) => `${r.file}: ${describeInvalidUtf8(r.invalidUtf8!)}`);
  // Time fields of one record hours apart: the timeline may be hours off, so it is said under the table too.
  const clocks = reports.flatMap((r) => r.clockOffsets.map((o) => `${r.file}: ${describeClockOffset(o)}`));
  return [rows, ...notes, ...clocks].join('\n');
}

export function progressLine(p: { label: string; done: number; total: number | null; records?: number }): string {
  const pct = p.total ? Math.floor((p.done / p.total) * 100) : 0;
  return `\r\x1b[K${p.label}: ${pct}% (${(p.done / 2 ** 20).toFixed(1)} MiB, ${p.records ?? 0} records)`;
}
