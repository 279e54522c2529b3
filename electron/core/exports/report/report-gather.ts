import { SEVERITIES, type Severity } from '../../../../shared/domain/case';
import type { EntityListQuery, EntityRow } from '../../../../shared/domain/entities';
import type { ExportSources, CaseSnapshot } from '../export-sources';
import { isoUs } from '../../../../shared/time';
import { REPORT_ENTITY_LIMIT, REPORT_SCOPE_LIMIT, type ReportData } from './report-data';
import { replayStory } from '../../story/story-state';
import { replayActions } from '../../actions/action-state';
import { evidenceItems } from '../../evidence/evidence-state';
import type { CuratedData } from './report-data';

/** Reads what a report shows from one case: its replayed state, its entity store and its timeline. */

const HISTOGRAM_BINS = 60;

/** Malicious first, then suspicious, then any other verdict, then none. */
function verdictRank(verdict: string | null): number {
  const v = verdict?.toLowerCase() ?? '';
  return v === 'malicious' ? 0 : v === 'suspicious' ? 1 : v ? 2 : 3;
}

/** The entities worth naming: a verdict or a role, or named by an alert; the most telling first. */
async function storyEntities(sources: ExportSources, caseId: string): Promise<{ rows: EntityRow[]; total: number }> {
  const list = (query: Partial<EntityListQuery>) => sources.entities({ caseId, ...query });
  const judged = await list({ sort: 'verdict', order: 'desc', limit: 1000 });
  const named = await list({ namedByAlert: true, sort: 'alerts', order: 'desc', limit: 1000 });
  const byId = new Map<string, EntityRow>();
  for (const row of [...judged.rows.filter((r) => r.verdict || r.roles.length), ...named.rows]) byId.set(row.id, row);
  const rows = [...byId.values()].sort((a, b) => verdictRank(a.verdict) - verdictRank(b.verdict) || b.alerts - a.alerts || b.events - a.events);
  return { rows: rows.slice(0, REPORT_ENTITY_LIMIT), total: judged.all };
}

function earliest(values: (string | null)[]): string | null {
  return values.filter((v): v is string => !!v).reduce<string | null>((min, v) => (min === null || v < min ? v : min), null);
}
function latest(values: (string | null)[]): string | null {
  return values.filter((v): v is string => !!v).reduce<string | null>((max, v) => (max === null || v > max ? v : max), null);
}

/** What the analysts recorded, replayed from the journal as their own services replay it. */
function curatedOf(records: CaseSnapshot['records'], now: Date): CuratedData {
  const decided = [...replayActions(records, now.getTime()).values()].sort((a, b) => a.proposedAt.localeCompare(b.proposedAt));
  const items = [...evidenceItems(records).values()]
    .map(({ item, custody }) => ({ item, custody }))
    .sort((a, b) => a.item.addedAt.localeCompare(b.item.addedAt));
  return { story: replayStory(records), decided, items };
}

export async function gatherReport(sources: ExportSources, snapshot: CaseSnapshot): Promise<ReportData> {
  const { state, head } = snapshot;
  const generatedAt = new Date();
  const caseId = state.case.id;
  const alerts = [...state.alerts.values()].sort(
    (a, b) => SEVERITIES.indexOf(b.severity) - SEVERITIES.indexOf(a.severity) || (a.firstActivity ?? '').localeCompare(b.firstActivity ?? ''),
  );
  const alertsBySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const a of alerts) alertsBySeverity[a.severity]++;
  const timeline = await sources.timeline(caseId, async (store) => {
    const summary = store.summary();
    const histogram = summary.count ? await store.histogram({}, HISTOGRAM_BINS) : null;
    return { summary, histogram };
  });
  const devices = await sources.entities({ caseId, types: ['device'], sort: 'events', order: 'desc', limit: REPORT_SCOPE_LIMIT });
  const users = await sources.entities({ caseId, types: ['user'], sort: 'events', order: 'desc', limit: REPORT_SCOPE_LIMIT });
  const entities = await storyEntities(sources, caseId);
  const { minTime, maxTime, count } = timeline.summary;
  return {
    case: state.case,
    head,
    generatedAt: generatedAt.toISOString(),
    counts: {
      events: count,
      alerts: alerts.length,
      entities: entities.total,
      indicators: state.indicators.size,
      actions: state.actions.size,
      evidence: state.evidence.size,
    },
    alerts,
    alertsBySeverity,
    entities: entities.rows,
    entitiesTotal: entities.total,
    scope: {
      devices: devices.rows,
      deviceTotal: devices.total,
      users: users.rows,
      userTotal: users.total,
      firstActivity: earliest([...alerts.map((a) => a.firstActivity ?? a.createdAt), minTime === null ? null : isoUs(minTime)]),
      lastActivity: latest([...alerts.map((a) => a.lastActivity ?? a.firstActivity), maxTime === null ? null : isoUs(maxTime)]),
    },
    actions: [...state.actions.values()].sort((a, b) => (a.createdAt ?? '').localeCompare(b.createdAt ?? '')),
    curated: curatedOf(snapshot.records, generatedAt),
    evidence: [...state.evidence.values()].sort((a, b) => a.addedAt.localeCompare(b.addedAt)),
    histogram: timeline.histogram && {
      from: timeline.histogram.from,
      to: timeline.histogram.to,
      binWidth: timeline.histogram.binWidth,
      counts: timeline.histogram.counts,
    },
  };
}
