import { z } from 'zod';

/**
 * Timeline events: millions of rows, kept in the engine's columnar store and
 * queried through the contract (histogram, page, search, facets).
 */

/** One event as an importer produces it and as a page of rows returns it. */
export interface TimelineEvent {
  /** Microseconds since the Unix epoch, UTC. */
  time: number;
  /** What the time means (Timesketch timestamp_desc), e.g. 'Event Recorded'. */
  timestampDesc: string;
  message: string;
  /** Where it came from: the file name, or the source's own name (e.g. 'WinEVTX'). */
  source: string;
  host: string;
  user: string;
  tags: string[];
  /** Every other field of the source row, as strings. */
  attributes: Record<string, string>;
}

/** An event in a query result: the event with its stable id in the store. */
export interface StoredEvent extends TimelineEvent {
  id: number;
}

export const FACET_FIELDS = ['source', 'host', 'user', 'tag', 'timestampDesc'] as const;
export type FacetField = (typeof FACET_FIELDS)[number];

export interface TimelineFilter {
  /** Inclusive start, exclusive end, µs since epoch. */
  from?: number;
  to?: number;
  sources?: string[];
  hosts?: string[];
  users?: string[];
  tags?: string[];
  /** Events whose message, host, user or attributes mention this entity key. */
  entity?: string;
  /** Case-insensitive substring of the message. */
  text?: string;
  /** Events the analyst starred, flagged or gave a story tag (any of those named). */
  marks?: EventMarkKind[];
}

const names = z.array(z.string().max(1000)).max(1000);
/** The analyst's marks on events (story.annotate) a timeline filter can ask for: any of them passes (tagged: a story tag). */
export const EVENT_MARKS = ['starred', 'flagged', 'tagged'] as const;
export type EventMarkKind = (typeof EVENT_MARKS)[number];

export const timelineFilterSchema = z
  .object({
    from: z.number().finite().optional(),
    to: z.number().finite().optional(),
    sources: names.optional(),
    hosts: names.optional(),
    users: names.optional(),
    tags: names.optional(),
    entity: z.string().max(1000).optional(),
    text: z.string().max(1000).optional(),
    marks: z.array(z.enum(EVENT_MARKS)).max(EVENT_MARKS.length).optional(),
  })
  .strict();

export interface TimelineSummary {
  count: number;
  minTime: number | null;
  maxTime: number | null;
  sources: string[];
}

export interface Histogram {
  from: number;
  to: number;
  binWidth: number;
  total: number;
  counts: number[];
  series: { value: string; counts: number[] }[] | null;
}

export interface EventPage {
  events: StoredEvent[];
  total: number;
  nextCursor: string | null;
}

export interface Facet {
  field: FacetField;
  values: { value: string; count: number }[];
  distinct: number;
}
