import type { CaseRecord, Severity } from '../../../../shared/domain/case';
import type { ActionRecord, AlertRecord, EvidenceRecord } from '../../../../shared/domain/records';
import type { EntityRow } from '../../../../shared/domain/entities';
import type { JournalHead } from '../../../../shared/domain/exports';
import type { HistogramData } from './report-charts';
import type { CaseAction } from '../../../../shared/domain/actions';
import type { CustodyEntry, EvidenceItem } from '../../../../shared/domain/evidence';
import type { CaseStory } from '../../../../shared/domain/story';

/** Everything a report shows, read from one state of the case (the journal at `head`). */
export interface ReportData {
  case: CaseRecord;
  head: JournalHead;
  /** ISO 8601 UTC. */
  generatedAt: string;
  counts: { events: number; alerts: number; entities: number; indicators: number; actions: number; evidence: number };
  alerts: AlertRecord[];
  alertsBySeverity: Record<Severity, number>;
  /** The entities that matter to the story: with a verdict or a role, or named by an alert; at most REPORT_ENTITY_LIMIT. */
  entities: EntityRow[];
  /** How many entities the case has in all. */
  entitiesTotal: number;
  scope: {
    devices: EntityRow[];
    deviceTotal: number;
    users: EntityRow[];
    userTotal: number;
    /** The earliest and latest activity any alert or event shows (ISO 8601 UTC). */
    firstActivity: string | null;
    lastActivity: string | null;
  };
  actions: ActionRecord[];
  evidence: EvidenceRecord[];
  /** What the analysts recorded: the story, notes, actions with their decisions, evidence items with their custody. */
  curated: CuratedData;
  /** Events per bin over the whole timeline; null when the case has no events. */
  histogram: HistogramData | null;
}

export const REPORT_ENTITY_LIMIT = 300;
export const REPORT_SCOPE_LIMIT = 50;

/** What the analysts recorded in the case, replayed from its journal (curated-sections.ts shows it). */
export interface CuratedData {
  story: CaseStory;
  /** The case's actions as the action log replays them (proposals, decisions, outcomes, imported ones). */
  decided: CaseAction[];
  items: { item: EvidenceItem; custody: CustodyEntry[] }[];
}
