import type { ActionRecord, AlertRecord, EntityRecord, IndicatorRecord } from '../../../shared/domain/records';
import type { IncidentInput } from '../importers/types';
import type { TimelineWriter } from './timeline-writer';
import type { FoundEntities } from './found-entities';

// The records of one destination case as the import pipeline's stages pass them on: a module of
// types only, so that the stages (case-groups, oversized, event-writers, tally-merge) can name
// them without importing each other.

/** Records of one destination case: the file's own, or one incident's. */
export interface Group {
  key: string;
  incident: IncidentInput | null;
  alerts: Map<string, AlertRecord>;
  entities: Map<string, EntityRecord>;
  indicators: Map<string, IndicatorRecord>;
  actions: Map<string, ActionRecord>;
  /** Its events' runs (event-writers.ts), made with its first event. */
  timeline: TimelineWriter | null;
  /** µs first/last seen and event count of entities found in events (tally-merge.ts). */
  seen: Map<string, Tally>;
  /** Entities only the group's events name, journaled as tables (most of a large import's entities). */
  found: FoundEntities;
  /** An incident too large to be a case: its records are dropped with it (it is an invalid record). */
  refused: boolean;
}

/** How often and when an entity appeared in a group's events (µs). */
export interface Tally {
  key: string;
  id: string;
  group: Group;
  /** The group's record of the entity, which the tallies' settling gives these figures. */
  entity: EntityRecord;
  first: number;
  last: number;
  events: number;
}
