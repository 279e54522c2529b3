import type { ActionRecord, AlertRecord, EvidenceRecord, IndicatorRecord } from '../../../shared/domain/records';
import type { EntityRow } from '../../../shared/domain/entities';
import type { IndicatorMatch } from '../../../shared/domain/indicators';
import type { AuditEntry } from '../../../shared/domain/audit';
import type { CsvColumn } from '../../../shared/csv/csv-writer';
import { techniqueFullName } from '../../../shared/attack/attack-catalogue';
import { isoUs } from '../../../shared/time';

/** The columns of each table a case can be exported as (CSV through the shared writer). */

const col = <Row>(header: string, value: (row: Row) => unknown): CsvColumn<Row> => ({ header, value });
const joined = (values: readonly string[]) => values.join('; ');

export const ALERT_COLUMNS: CsvColumn<AlertRecord>[] = [
  col('id', (a) => a.id),
  col('external_id', (a) => a.externalId),
  col('title', (a) => a.title),
  col('severity', (a) => a.severity),
  col('status', (a) => a.status),
  col('category', (a) => a.category),
  col('source', (a) => a.source),
  col('detection_source', (a) => a.detectionSource),
  col('created_at', (a) => a.createdAt),
  col('first_activity', (a) => a.firstActivity),
  col('last_activity', (a) => a.lastActivity),
  col('techniques', (a) => joined(a.mitreTechniques)),
  col('technique_names', (a) => joined(a.mitreTechniques.map((t) => techniqueFullName(t) ?? t))),
  col('entities', (a) => a.entityIds.length),
  col('description', (a) => a.description),
];

export const ENTITY_COLUMNS: CsvColumn<EntityRow>[] = [
  col('id', (e) => e.id),
  col('type', (e) => e.type),
  col('value', (e) => e.display),
  col('key', (e) => e.key),
  col('events', (e) => e.events),
  col('alerts', (e) => e.alerts),
  col('first_seen', (e) => e.firstSeen),
  col('last_seen', (e) => e.lastSeen),
  col('verdict', (e) => e.verdict),
  col('remediation_status', (e) => e.remediationStatus),
  col('tags', (e) => joined(e.tags)),
  col('roles', (e) => joined(e.roles)),
  col('sources', (e) => joined(e.sources)),
  col('matches_indicator', (e) => e.matchesIndicator),
];

export const INDICATOR_COLUMNS: CsvColumn<IndicatorRecord>[] = [
  col('id', (i) => i.id),
  col('type', (i) => i.type),
  col('value', (i) => i.value),
  col('for_detection', (i) => i.forDetection),
  col('source', (i) => i.source),
  col('external_id', (i) => i.externalId),
  col('tlp', (i) => i.tlp),
  col('labels', (i) => joined(i.labels)),
  col('valid_from', (i) => i.validFrom),
  col('valid_until', (i) => i.validUntil),
  col('origin', (i) => i.origin),
  col('description', (i) => i.description),
];

export const MATCH_COLUMNS: CsvColumn<IndicatorMatch>[] = [
  col('indicator_type', (m) => m.type),
  col('indicator', (m) => m.indicator),
  col('value_found', (m) => m.value),
  col('place', (m) => m.place),
  col('event_id', (m) => m.eventId),
  col('event_time', (m) => (m.time === null ? null : isoUs(m.time))),
  col('field', (m) => m.field),
  col('entity_id', (m) => m.entityId),
  col('alert_id', (m) => m.alertId),
  col('indicator_id', (m) => m.indicatorId),
];

export const ACTION_COLUMNS: CsvColumn<ActionRecord>[] = [
  col('id', (a) => a.id),
  col('external_id', (a) => a.externalId),
  col('type', (a) => a.type),
  col('status', (a) => a.status),
  col('target', (a) => a.target),
  col('requestor', (a) => a.requestor),
  col('comment', (a) => a.comment),
  col('source', (a) => a.source),
  col('created_at', (a) => a.createdAt),
  col('updated_at', (a) => a.updatedAt),
];

export const EVIDENCE_COLUMNS: CsvColumn<EvidenceRecord>[] = [
  col('id', (e) => e.id),
  col('kind', (e) => e.kind),
  col('name', (e) => e.name),
  col('size', (e) => e.size),
  col('sha256', (e) => e.sha256),
  col('importer', (e) => e.importer),
  col('counts', (e) => joined(Object.entries(e.counts).map(([k, n]) => `${k}=${n}`))),
  col('warnings', (e) => e.warnings.length),
  col('added_by', (e) => e.addedBy),
  col('added_at', (e) => e.addedAt),
];

const changeText = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value ?? null));

export const AUDIT_COLUMNS: CsvColumn<AuditEntry>[] = [
  col('seq', (a) => a.seq),
  col('at', (a) => a.at),
  col('actor', (a) => a.actor),
  col('type', (a) => a.type),
  col('changes', (a) => joined(a.changes.map((c) => `${c.field}: ${changeText(c.from)} → ${changeText(c.to)}`))),
  col('tag', (a) => a.tag),
];
