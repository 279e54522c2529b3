import { createHash, randomUUID } from 'node:crypto';
import type { Handlers } from '../../../shared/ipc/dispatch';
import type { IndicatorRecord } from '../../../shared/domain/records';
import type { IndicatorMatch, MatchList, MatchRunSummary } from '../../../shared/domain/indicators';
import { CasebookError } from '../../../shared/ipc/errors';
import type { ParsedInput } from '../../../shared/ipc/contract';
import type { CaseAccess } from '../cases/case-access';
import type { CaseJournal } from '../vault/case-journal';
import { committedRuns, replayState } from '../cases/case-state';
import { toAuditEntry } from '../cases/case-model';
import {
  INDICATOR_ADDED,
  INDICATORS_MATCHED,
  latestMatchRun,
  type IndicatorAddedData,
  type IndicatorsMatchedData,
  type StoredMatch,
} from './indicator-records';
import { matchCase } from './case-matching';

type IndicatorMethods = 'indicators.list' | 'indicators.add' | 'matches.run' | 'matches.list';

/**
 * Indicators of compromise: those imported from STIX and MISP (import records)
 * and those typed in by hand (indicator.added records), matched against the
 * case's events, entities and alerts. A matching run is one journal record
 * holding what it found (indicator-records.ts), so listing matches is reading
 * it back. Matching runs after every import into a case that has indicators
 * (afterImport), when an indicator is typed in, and on request.
 */
export class IndicatorService {
  readonly handlers: Pick<Handlers, IndicatorMethods>;

  constructor(private readonly cases: CaseAccess) {
    this.handlers = {
      'indicators.list': ({ caseId }) =>
        this.cases.withReadable(caseId, (journal) => {
          const state = replayState(caseId, journal.records);
          return { indicators: [...state.indicators.values()], run: latestMatchRun(journal.records)?.run ?? null };
        }),
      'indicators.add': (input) => this.add(input),
      'matches.run': ({ caseId }) => this.run(caseId, 'request'),
      'matches.list': ({ caseId }) => this.cases.withReadable(caseId, (journal) => listOf(journal)),
    };
  }

  /**
   * Matches the indicators of the cases an import wrote into, those that have
   * any; returns the ids of the cases matched. The import is committed already:
   * a failed match is one of its warnings (matches.run tries again), not its failure.
   */
  async afterImport(caseIds: readonly string[], warnings: string[]): Promise<string[]> {
    const matched: string[] = [];
    for (const caseId of caseIds) {
      try {
        const hasIndicators = await this.cases.withReadable(caseId, (journal) => replayState(caseId, journal.records).indicators.size > 0);
        if (!hasIndicators) continue;
        await this.run(caseId, 'import');
        matched.push(caseId);
      } catch (err) {
        warnings.push(`case ${caseId}: its indicators were not matched against it (${(err as Error).message}); match them with "match run"`);
      }
    }
    return matched;
  }

  private async add(input: ParsedInput<'indicators.add'>) {
    const { caseId, type } = input;
    const value = input.value.trim();
    return this.cases.withWritable(caseId, async (journal) => {
      const id = indicatorId(type, value);
      const known = replayState(caseId, journal.records).indicators.get(id);
      if (known) {
        throw new CasebookError('conflict', `indicators.add: value: the case already has ${type} indicator "${known.value}" (from ${known.source})`);
      }
      const at = new Date().toISOString();
      const indicator: IndicatorRecord = {
        id,
        caseId,
        type,
        value,
        forDetection: true,
        source: 'typed in',
        externalId: null,
        description: input.description,
        tlp: input.tlp,
        labels: [],
        origin: 'typed in',
        validFrom: at,
        validUntil: null,
        attributes: {},
      };
      const data: IndicatorAddedData = { indicator };
      const added = await journal.append({ at, actor: this.cases.actor(), type: INDICATOR_ADDED, data });
      const matched = await this.matchInto(journal, 'indicator-added');
      return {
        changes: {
          indicators: [indicator],
          audit: [toAuditEntry(caseId, added.record, added.tag), toAuditEntry(caseId, matched.record, matched.tag)],
        },
        run: (matched.record.data as IndicatorsMatchedData).run,
      };
    });
  }

  private async run(caseId: string, trigger: MatchRunSummary['trigger']): Promise<MatchList> {
    return this.cases.withWritable(caseId, async (journal) => {
      await this.matchInto(journal, trigger);
      return listOf(journal);
    });
  }

  /** Matches every indicator of the case as its journal stands, and appends the run's record. */
  private async matchInto(journal: CaseJournal, trigger: MatchRunSummary['trigger']) {
    const caseId = journal.caseId;
    const started = performance.now();
    const state = replayState(caseId, journal.records);
    const found = await matchCase(state, { dir: journal.dir, caseId, key: journal.dataKey, runs: committedRuns(journal.records) });
    const run: MatchRunSummary = {
      id: randomUUID(),
      at: new Date().toISOString(),
      actor: this.cases.actor(),
      trigger,
      ...found.summary,
      ms: Math.round(performance.now() - started),
    };
    const data: IndicatorsMatchedData = { run, matches: found.matches };
    return journal.append({ at: run.at, actor: run.actor, type: INDICATORS_MATCHED, data });
  }
}

/** The latest run's matches with their indicator's type and value joined in, events first in time order. */
function listOf(journal: CaseJournal): MatchList {
  const latest = latestMatchRun(journal.records);
  if (!latest) return { run: null, matches: [] };
  const indicators = replayState(journal.caseId, journal.records).indicators;
  const matches: IndicatorMatch[] = latest.matches.map((m: StoredMatch) => {
    const indicator = indicators.get(m.indicatorId);
    return { ...m, type: indicator?.type ?? 'other', indicator: indicator?.value ?? m.value };
  });
  // The story first: events in time order, then the alerts and entities that name the indicators.
  const rank = { event: 0, alert: 1, entity: 2 } as const;
  matches.sort((a, b) => rank[a.place] - rank[b.place] || (a.time ?? 0) - (b.time ?? 0) || a.indicator.localeCompare(b.indicator));
  return { run: latest.run, matches };
}

/** The id an import gives the same indicator (import/collector.ts), so one typed in twice, or typed and imported, is one. */
function indicatorId(type: string, value: string): string {
  const key = type === 'url' ? value : value.toLowerCase();
  return 'ioc-' + createHash('sha256').update([type, key].join('\0')).digest('hex').slice(0, 24);
}
