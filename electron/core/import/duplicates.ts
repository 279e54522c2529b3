import type { CaseRecord } from '../../../shared/domain/case';
import type { Duplicate, DuplicateCheck, MergeReport } from '../../../shared/domain/duplicates';
import type { ImportFormat, ImportReport } from '../../../shared/domain/import';
import type { AlertRecord, EvidenceRecord } from '../../../shared/domain/records';

/** What a case holds that an import could repeat: its origin, and the files (with their incidents) imported into it. */
export interface KnownCase {
  case: CaseRecord;
  evidence: readonly EvidenceRecord[];
}

/** The incidents an import into a chosen case listed in its evidence (import-commit.ts). */
function importedIncidents(e: EvidenceRecord): string[] {
  const listed = e.attributes.incidents;
  if (!Array.isArray(listed)) return [];
  return listed.flatMap((i: unknown) =>
    i && typeof i === 'object' && typeof (i as { externalId?: unknown }).externalId === 'string' ? [(i as { externalId: string }).externalId] : [],
  );
}

/**
 * The earlier imports a file repeats: the cases holding a file of the same
 * SHA-256 (only the chosen one, `into`, when there is one), and those an
 * incident of the file came from or went into (any case: an incident is one case).
 */
export function findDuplicates(known: readonly KnownCase[], file: { sha256: string; incidents: readonly string[]; into?: string }): Duplicate[] {
  const found: Duplicate[] = [];
  const incidents = new Set(file.incidents);
  for (const { case: c, evidence } of known) {
    const base = { caseId: c.id, caseTitle: c.title };
    for (const e of evidence) {
      // Into a chosen case, the same file in another case is that case's business; an import that makes cases checks them all.
      if (e.kind === 'import' && e.sha256 === file.sha256 && (file.into === undefined || file.into === c.id)) {
        found.push({ kind: 'file', ...base, evidenceId: e.id, name: e.name, addedAt: e.addedAt, addedBy: e.addedBy });
      }
    }
    const seen = new Set<string>();
    const origin = c.origin?.externalId;
    if (origin && incidents.has(origin)) {
      found.push({ kind: 'incident', ...base, externalId: origin, how: 'origin' });
      seen.add(origin);
    }
    for (const e of evidence) {
      for (const id of importedIncidents(e)) {
        if (incidents.has(id) && !seen.has(id)) {
          found.push({ kind: 'incident', ...base, externalId: id, how: 'imported' });
          seen.add(id);
        }
      }
    }
  }
  return found;
}

/** The key an event is known by across two exports of it: its time, kind of time, host, user and message (its source is the file's name, which changes). */
export function eventKey(e: { time: number; timestampDesc: string; host: string; user: string; message: string }): string {
  return `${e.time}\u0000${e.timestampDesc}\u0000${e.host}\u0000${e.user}\u0000${e.message}`;
}

/** Alert fields a newer export changes that the report names (entityIds and attributes are compared as wholes). */
function changedFields(before: AlertRecord, after: AlertRecord): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)] as (keyof AlertRecord)[]);
  const fields: string[] = [];
  for (const key of keys) {
    if (key === 'caseId') continue;
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) fields.push(key);
  }
  return fields;
}

/** What a merge changed: alerts updated (and which fields) or added, entities added, events added and left out. */
export function mergeReport(
  target: CaseRecord,
  before: { alerts: ReadonlyMap<string, AlertRecord>; entityIds: ReadonlySet<string> },
  after: { alerts: ReadonlyMap<string, AlertRecord>; entityIds: Iterable<string> },
  events: { added: number; alreadyThere: number },
): MergeReport {
  const alertsUpdated: MergeReport['alertsUpdated'] = [];
  const alertsAdded: MergeReport['alertsAdded'] = [];
  for (const [id, alert] of after.alerts) {
    const old = before.alerts.get(id);
    if (!old) alertsAdded.push({ id, title: alert.title });
    else {
      const fields = changedFields(old, alert);
      if (fields.length) alertsUpdated.push({ id, title: alert.title, fields });
    }
  }
  let entitiesAdded = 0;
  for (const id of after.entityIds) if (!before.entityIds.has(id)) entitiesAdded++;
  return {
    caseId: target.id,
    caseTitle: target.title,
    nothingNew: false,
    alertsUpdated,
    alertsAdded,
    entitiesAdded,
    eventsAdded: events.added,
    eventsAlreadyThere: events.alreadyThere,
  };
}

/** The report of merging a file the case already holds: nothing read into it, nothing written. */
export function nothingNew(check: DuplicateCheck, timezone: string, target: CaseRecord, started: number): ImportReport {
  return {
    file: check.file,
    format: check.format as ImportFormat,
    sha256: check.sha256,
    size: check.size,
    caseIds: [],
    counts: { events: 0, alerts: 0, entities: 0, indicators: 0, actions: 0, incidents: 0 },
    skipped: [],
    skippedTotal: 0,
    warnings: [],
    timezone,
    zonelessTimes: 0,
    invalidUtf8: null,
    clockOffsets: [],
    durationMs: Math.round(performance.now() - started),
    merge: {
      caseId: target.id,
      caseTitle: target.title,
      nothingNew: true,
      alertsUpdated: [],
      alertsAdded: [],
      entitiesAdded: 0,
      eventsAdded: 0,
      eventsAlreadyThere: 0,
    },
  };
}
