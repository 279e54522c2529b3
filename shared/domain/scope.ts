import { z } from 'zod';
import { FACET_FIELDS, timelineFilterSchema, type FacetField, type TimelineFilter } from './timeline';
import type { Severity } from './case';

/**
 * Seeing a case's scope: asset timelines (one lane per device or user, its
 * events and alerts on the timeline's time axis) and saved timeline views.
 */

/** What a lane is: a device (the events' host) or a user. */
export const LANE_FIELDS = ['host', 'user'] as const;
export type LaneField = (typeof LANE_FIELDS)[number];

/** Lanes shown when none are chosen: the assets with the most alerts, then the most events. */
export const DEFAULT_LANES = 6;
export const MAX_LANES = 20;

export interface AssetLane {
  value: string;
  /** Events of this asset in the span. */
  events: number;
  /** Alerts naming this asset (with a first activity in the span). */
  alerts: number;
  /** Events per bin, the bins of `AssetLanes`. */
  counts: number[];
}

/** An alert on the lanes' axis: at its first activity, on the lane of each asset it names. */
export interface AlertMark {
  id: string;
  title: string;
  severity: Severity;
  /** µs since the epoch. */
  time: number;
  lanes: string[];
}

export interface AssetLanes {
  field: LaneField;
  from: number;
  to: number;
  binWidth: number;
  lanes: AssetLane[];
  alerts: AlertMark[];
  /** Assets that could be lanes, most alerts then most events first (at most 50). */
  candidates: { value: string; events: number; alerts: number }[];
}

export const laneQuerySchema = z
  .object({
    caseId: z.string().uuid('not a case id'),
    field: z.enum(LANE_FIELDS).default('host'),
    /** The lanes, in order; absent or empty: the default ones. */
    values: z.array(z.string().max(1000)).max(MAX_LANES, `at most ${MAX_LANES} lanes`).optional(),
    filter: timelineFilterSchema.default({}),
    bins: z.number().int().min(1).max(2000).default(100),
  })
  .strict();

/** A named timeline view: the filter, the time range and the stacking, saved per case. */
export interface SavedView {
  name: string;
  filter: TimelineFilter;
  splitBy: FacetField | null;
  /** The asset lanes chosen with it (none: the default ones). */
  lanes: { field: LaneField; values: string[] } | null;
  savedAt: string;
}

export const savedViewSchema = z
  .object({
    name: z.string().trim().min(1, 'name the view').max(100, 'a view name is at most 100 characters'),
    filter: timelineFilterSchema,
    splitBy: z.enum(FACET_FIELDS).nullable(),
    lanes: z
      .object({ field: z.enum(LANE_FIELDS), values: z.array(z.string().max(1000)).max(MAX_LANES) })
      .strict()
      .nullable(),
  })
  .strict();

/** The part of the vault's sealed settings that holds saved views: per case id, by name (electron/core/scope/saved-views.ts). */
export interface ScopeSettings {
  savedViews: Record<string, SavedView[]>;
}
