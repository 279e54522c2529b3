import { z } from 'zod';
import { ENTITY_TYPES, type AlertRecord, type EntityType } from './records';
import type { Histogram } from './timeline';
import { REMEDIATION_STATUSES } from './actions';

/**
 * Entities as the engine's entity store answers for them (entities.list,
 * entities.get): every distinct entity of a case, however many, merged from
 * every source, with the analyst's verdict and tags over it. The read model
 * never holds them all; views ask for a page at a time.
 */

/** The verdicts an analyst may set (sources bring their own words, e.g. Defender's "Suspicious"). */
export const ENTITY_VERDICTS = ['malicious', 'suspicious', 'benign', 'unknown'] as const;
export type EntityVerdict = (typeof ENTITY_VERDICTS)[number];

export const ENTITY_SORT_KEYS = ['display', 'type', 'events', 'alerts', 'firstSeen', 'lastSeen', 'verdict'] as const;
export type EntitySortKey = (typeof ENTITY_SORT_KEYS)[number];

/** Who set something, and when (a journal record). */
export interface SetBy {
  actor: string;
  at: string;
}

/** One entity as a list shows it. */
export interface EntityRow {
  id: string;
  type: EntityType;
  display: string;
  key: string;
  /** Events that name it, over all imports. */
  events: number;
  /** Alerts that name it. */
  alerts: number;
  /** ISO 8601 UTC, or null when no source gave a time. */
  firstSeen: string | null;
  lastSeen: string | null;
  /** The analyst's verdict, else the last source's. */
  verdict: string | null;
  remediationStatus: string | null;
  tags: string[];
  roles: string[];
  sources: string[];
  /** Whether an indicator of the case has its value. */
  matchesIndicator: boolean;
}

export const entityListSchema = z
  .object({
    caseId: z.string().uuid('not a case id'),
    /** Case-insensitive substring of the value or key. */
    text: z.string().max(1000).optional(),
    types: z.array(z.enum(ENTITY_TYPES)).max(ENTITY_TYPES.length).optional(),
    /** A verdict (case-insensitive), or "none" for entities without one. */
    verdict: z.string().max(100).optional(),
    tag: z.string().max(64).optional(),
    namedByAlert: z.boolean().optional(),
    matchesIndicator: z.boolean().optional(),
    sort: z.enum(ENTITY_SORT_KEYS).default('events'),
    order: z.enum(['asc', 'desc']).default('desc'),
    offset: z.number().int().min(0).default(0),
    limit: z.number().int().min(1).max(1000).default(100),
  })
  .strict();
export type EntityListQuery = z.output<typeof entityListSchema>;

export interface EntityList {
  rows: EntityRow[];
  /** Entities that pass the filter. */
  total: number;
  /** Entities of the case. */
  all: number;
  offset: number;
  /** Per type, how many pass every filter but the type one (for the kind tabs). */
  byType: Partial<Record<EntityType, number>>;
  tookMs: number;
}

/** What one source said about an entity. */
export interface EntitySourceView {
  source: string;
  attributes: Record<string, unknown>;
  roles: string[];
  verdict: string | null;
  remediationStatus: string | null;
  events: number;
  firstSeen: string | null;
  lastSeen: string | null;
}

export interface RelatedAlert {
  id: string;
  title: string;
  severity: AlertRecord['severity'];
  status: string;
  firstActivity: string | null;
}

export interface CooccurringEntity {
  id: string;
  type: EntityType;
  display: string;
  /** Events (of those sampled) that name both. */
  together: number;
  /** Alerts that name both. */
  sharedAlerts: number;
}

export interface EntityDetail {
  entity: EntityRow;
  bySource: EntitySourceView[];
  /** Who set the verdict by hand (null: the verdict, if any, is a source's). */
  verdictSetBy: SetBy | null;
  tagsSetBy: SetBy | null;
  /** Where the remediation status came from: a source's name, "set by hand" or an action's outcome. */
  remediationSource: string | null;
  /** Who set the remediation status (by hand or by an action's decision or outcome); null when a source gave it. */
  remediationSetBy: SetBy | null;
  alerts: RelatedAlert[];
  cooccurring: CooccurringEntity[];
  /** How many of its events were read to find co-occurring entities. */
  cooccurrenceSample: number;
  /** The timeline filter value that selects its events (timeline filter `entity`). */
  timelineEntity: string;
  histogram: Histogram;
}

export const entitySetSchema = z
  .object({
    caseId: z.string().uuid('not a case id'),
    ids: z.array(z.string().min(1).max(200)).min(1, 'choose at least one entity').max(100_000),
    /** A verdict, or null to clear the analyst's (the sources' stays). */
    verdict: z.enum(ENTITY_VERDICTS).nullable().optional(),
    addTags: z.array(z.string().trim().min(1).max(64)).max(20).default([]),
    removeTags: z.array(z.string().trim().min(1).max(64)).max(20).default([]),
    /** A remediation status set by hand, or null to clear the analyst's (a source's or an action's stays). */
    remediation: z.enum(REMEDIATION_STATUSES).nullable().optional(),
  })
  .strict()
  .refine(
    (v) => v.verdict !== undefined || v.remediation !== undefined || v.addTags.length > 0 || v.removeTags.length > 0,
    'set a verdict or a remediation status, or add or remove a tag',
  );

/** One alert as a list shows it. */
export interface AlertRow {
  id: string;
  title: string;
  severity: AlertRecord['severity'];
  status: string;
  category: string | null;
  source: string;
  detectionSource: string | null;
  mitreTechniques: string[];
  firstActivity: string | null;
  lastActivity: string | null;
  entityCount: number;
}

export interface AlertDetail {
  alert: AlertRecord;
  /** Its entities as the store has them, with the roles its source gave. */
  entities: EntityRow[];
}
