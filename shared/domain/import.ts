import type { MergeReport } from './duplicates';
import { z } from 'zod';

export const IMPORT_FORMATS = [
  'graph-security',
  'defender-machine-actions',
  'sentinel',
  'microsoft-csv',
  'timesketch-csv',
  'timesketch-jsonl',
  'plaso-jsonl',
  'plaso-storage',
  'plaso-csv',
  'hayabusa-csv',
  'hayabusa-json',
  'zeek',
  'suricata-eve',
  'cloudtrail',
  'osquery',
  'velociraptor',
  'kape-csv',
  'security-datasets',
  'tar',
  'zip',
  'evtx',
  'evtx-json',
  'evtx-yaml',
  'stix21',
  'misp',
  'generic-csv',
  'generic-jsonl',
] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/** How the columns of an arbitrary CSV/JSONL map to timeline fields; chosen by the user on a preview. */
export const columnMappingSchema = z
  .object({
    time: z.string().min(1, 'choose the time column'),
    /** 'iso' (with or without zone), 'epoch' (s/ms/µs/ns by magnitude), or a pattern like 'DD/MM/YYYY HH:mm:ss'. */
    timeFormat: z.string().default('iso'),
    message: z.array(z.string()).default([]),
    timestampDesc: z.string().optional(),
    host: z.string().optional(),
    user: z.string().optional(),
    source: z.string().optional(),
    tags: z.string().optional(),
  })
  .strict();
export type ColumnMapping = z.output<typeof columnMappingSchema>;

export interface ImportCounts {
  events: number;
  alerts: number;
  entities: number;
  indicators: number;
  actions: number;
  incidents: number;
}

export interface SkippedRecord {
  position: string;
  field: string | null;
  reason: string;
}

export interface ImportReport {
  file: string;
  format: ImportFormat;
  sha256: string;
  size: number;
  /** Cases the import went into (one per incident when no case was chosen). */
  caseIds: string[];
  counts: ImportCounts;
  skipped: SkippedRecord[];
  skippedTotal: number;
  warnings: string[];
  timezone: string;
  /** Times that had no zone and were read in `timezone`. */
  zonelessTimes: number;
  /** Invalid UTF-8 in the file's text (each sequence read as U+FFFD): how many, and where the first was; null when none. */
  invalidUtf8: InvalidUtf8 | null;
  /** Records whose time fields disagree by whole hours (a local time labelled as UTC, or read in the wrong zone); empty when none. */
  clockOffsets: ClockOffset[];
  durationMs: number;
  /** Set when the import was merged into an existing case (import.start's `duplicate: 'merge'`): what changed. */
  merge?: MergeReport;
}

/**
 * Records in which another time field disagrees with the one the event's time
 * was taken from by a whole number of hours (within two minutes, a pipeline's
 * delay): a local time written without a zone and read as UTC, or in the wrong zone.
 */
export interface ClockOffset {
  /** The field the events' time came from. */
  field: string;
  /** The other time field of the same records. */
  other: string;
  /** `other` minus `field`, in whole hours. */
  hours: number;
  records: number;
}

/** "412 record(s): EventTime is 4 hours behind UtcTime (the event time): a local time labelled as UTC, or read in the wrong zone?" */
export function describeClockOffset(o: ClockOffset): string {
  const hours = Math.abs(o.hours);
  return (
    `${o.records} record(s): ${o.other} is ${hours} hour${hours === 1 ? '' : 's'} ${o.hours > 0 ? 'ahead of' : 'behind'} ${o.field} (the event time): ` +
    `a local time labelled as UTC, or read in the wrong zone?`
  );
}

export interface InvalidUtf8 {
  sequences: number;
  /** Byte offset (0-based) of the first, in the file or, with `entry`, in that archive entry. */
  firstOffset: number;
  entry?: string;
}

/** "3 invalid UTF-8 sequence(s), the first at byte 17 (read as U+FFFD)". */
export function describeInvalidUtf8(found: InvalidUtf8): string {
  return `${found.sequences} invalid UTF-8 sequence(s), the first at byte ${found.firstOffset}${found.entry ? ` of entry "${found.entry}"` : ''} (read as U+FFFD)`;
}

export interface ImportPreview {
  file: string;
  size: number;
  format: ImportFormat;
  /** Every format that claimed the file, best first, with its confidence. */
  candidates: { format: ImportFormat; confidence: number }[];
  estimatedRecords: number;
  columns: string[];
  mapping: ColumnMapping | null;
  rows: { time: string; message: string; source: string; host: string; user: string; timestampDesc: string }[];
  counts: ImportCounts;
  problems: string[];
  zonelessTimes: number;
}
