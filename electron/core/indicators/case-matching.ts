import type { IndicatorRecord } from '../../../shared/domain/records';
import { readEntityPage } from '../entities/entity-pages';
import { entityRecordsOf } from '../cases/event-entity-table';
import { MATCH_LIMITS, type MatchRunSummary } from '../../../shared/domain/indicators';
import type { CaseState } from '../cases/case-state';
import { IndicatorMatcher } from './indicator-matcher';
import { scanEvents, type TimelineFiles } from './event-scan';
import type { StoredMatch } from './indicator-records';

/** A stored value is cut to this many characters (a URL indicator may be 2,048). */
const VALUE_CHARS = 300;

export interface CaseMatches {
  summary: Pick<MatchRunSummary, 'indicators' | 'events' | 'entities' | 'alerts' | 'total' | 'perIndicator' | 'truncated'>;
  matches: StoredMatch[];
}

/**
 * Every indicator of the case against its entities (key and display name),
 * its alerts (title, description, source fields) and every event of its
 * timeline, in one matcher. Every match is counted; the list keeps entity and
 * alert matches first, then events, within MATCH_LIMITS.
 */
export async function matchCase(state: CaseState, files: TimelineFiles): Promise<CaseMatches> {
  const indicators: IndicatorRecord[] = [...state.indicators.values()];
  const matcher = new IndicatorMatcher(indicators);
  const perIndicator: Record<string, number> = {};
  const eventsKept = new Uint32Array(indicators.length);
  const matches: StoredMatch[] = [];
  let total = 0;
  const keep = (indicator: number, match: Omit<StoredMatch, 'indicatorId'>) => {
    const id = indicators[indicator]!.id;
    perIndicator[id] = (perIndicator[id] ?? 0) + 1;
    total++;
    if (matches.length >= MATCH_LIMITS.total) return;
    if (match.place === 'event' && eventsKept[indicator]!++ >= MATCH_LIMITS.eventsPerIndicator) return;
    matches.push({ indicatorId: id, ...match, value: cut(match.value) });
  };
  const none = { eventId: null, time: null, field: null, entityId: null, alertId: null };

  let entities = 0;
  if (matcher.matchable > 0) {
    const seen = new Set<string>();
    const matchEntity = (entity: { id: string; display: string; key: string }) => {
      if (seen.has(entity.id)) return;
      seen.add(entity.id);
      entities++;
      for (const { indicator, value } of findIn(matcher, `${entity.display}\n${entity.key}`)) {
        keep(indicator, { ...none, value, place: 'entity', entityId: entity.id });
      }
    };
    for (const entity of state.entities.values()) matchEntity(entity);
    // The many entities only events name are in sealed pages beside the runs (entities/entity-pages.ts), one page at a time.
    for (const ref of state.imports.flatMap((i) => i.entityPages ?? [])) {
      const page = await readEntityPage(files.dir, files.caseId, files.key, ref);
      for (const entity of entityRecordsOf(page.columns, page.source, files.caseId)) matchEntity(entity);
    }
    for (const alert of state.alerts.values()) {
      const text = `${alert.title}\n${alert.description}\n${JSON.stringify(alert.attributes)}`;
      for (const { indicator, value } of findIn(matcher, text)) keep(indicator, { ...none, value, place: 'alert', alertId: alert.id });
    }
  }
  const events =
    matcher.matchable > 0
      ? await scanEvents(files, matcher, indicators.length, (indicator, eventId, time, field, value) =>
          keep(indicator, { ...none, value, place: 'event', eventId, time, field }),
        )
      : state.runs.reduce((sum, r) => sum + r.count, 0);
  return {
    summary: {
      indicators: matcher.matchable,
      events,
      entities: entities || state.entitiesAtMost,
      alerts: state.alerts.size,
      total,
      perIndicator,
      truncated: total > matches.length,
    },
    matches,
  };
}

/** Each indicator found in a short text, once, with the text it was found as. */
function findIn(matcher: IndicatorMatcher, text: string): { indicator: number; value: string }[] {
  const original = Buffer.from(text, 'utf8');
  const found: { indicator: number; value: string }[] = [];
  matcher.scan(original, 0, original.length, (indicator, s, e) => {
    if (!found.some((f) => f.indicator === indicator)) found.push({ indicator, value: original.toString('utf8', s, e) });
  });
  return found;
}

function cut(value: string): string {
  return value.length > VALUE_CHARS ? `${value.slice(0, VALUE_CHARS - 1)}…` : value;
}
