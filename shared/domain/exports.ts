/**
 * What leaves a case: the incident report (HTML, PDF), the timeline as
 * Timesketch JSONL or CSV, its intelligence as a STIX 2.1 bundle or a MISP
 * event, and any of its tables as CSV (engine: electron/core/exports/).
 */

export const REPORT_FORMATS = ['html', 'pdf'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export const TIMELINE_EXPORT_FORMATS = ['timesketch-jsonl', 'csv'] as const;
export type TimelineExportFormat = (typeof TIMELINE_EXPORT_FORMATS)[number];

export const INTEL_EXPORT_FORMATS = ['stix', 'misp'] as const;
export type IntelExportFormat = (typeof INTEL_EXPORT_FORMATS)[number];

export const EXPORT_TABLES = ['alerts', 'entities', 'indicators', 'matches', 'actions', 'evidence', 'audit'] as const;
export type ExportTable = (typeof EXPORT_TABLES)[number];

/** The journal's head when the export was made: ties a report or file to one state of the case. */
export interface JournalHead {
  /** Sequence number of the last record (the case's revision). */
  seq: number;
  /** Hex of the last record's authentication tag, which chains every record before it. */
  hash: string;
}

/** A file an export wrote (atomically: it is whole, or it is not there). */
export interface ExportResult {
  /** The file's name (never its path: the page only knows names). */
  name: string;
  bytes: number;
  /** What was written: events, objects, attributes or rows. */
  items: number;
  head: JournalHead;
  /** What could not be expressed in the format, and was left out (said, never silent). */
  notes: string[];
}

/** A report section as the preview lists it. */
export interface ReportSectionInfo {
  id: string;
  title: string;
  /** How many items it shows (events, entities, alerts...), null for prose. */
  items: number | null;
}

/** The report, for the window's preview: the document itself and what it holds. */
export interface ReportPreview {
  html: string;
  title: string;
  generatedAt: string;
  head: JournalHead;
  sections: ReportSectionInfo[];
  /** The charts of the report, as standalone SVG documents. */
  charts: { title: string; svg: string }[];
}

/** Where the user chose to save, as the page gets it from files.save: a token for exports.*, and the name to show. */
export interface SaveTarget {
  token: string;
  name: string;
}
