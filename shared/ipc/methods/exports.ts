import { z } from 'zod';
import { caseId, method, returns } from '../method';
import {
  EXPORT_TABLES,
  INTEL_EXPORT_FORMATS,
  REPORT_FORMATS,
  TIMELINE_EXPORT_FORMATS,
  type ExportResult,
  type ReportPreview,
  type SaveTarget,
} from '../../domain/exports';

/**
 * Reports and exports. Each writes one file, `out`: from the CLI a path; from
 * the page a token files.save handed out, which the shell swaps for the path
 * (SAVE_TOKEN_METHODS; a token of the open-file dialog is not one). Files are
 * written atomically: a temporary file beside the target, renamed over it
 * when whole; an error or a cancel leaves nothing.
 */

const out = z.string().min(1, 'choose where to save').max(4096);
const taskId = z.string().min(1).max(100);

export const exportsMethods = {
  /** The report as HTML for the window's preview, with its sections and charts. */
  'exports.reportPreview': method(z.object({ caseId }).strict(), returns<ReportPreview>()),
  /** The report saved as HTML, or PDF (in the app the shell prints it with Chromium's printToPDF; elsewhere headless Chromium). */
  'exports.report': method(z.object({ caseId, format: z.enum(REPORT_FORMATS), out }).strict(), returns<ExportResult>()),
  /** Every event of the timeline, streamed: progress as task.progress events of taskId, exports.cancel stops it. */
  'exports.timeline': method(z.object({ taskId, caseId, format: z.enum(TIMELINE_EXPORT_FORMATS), out }).strict(), returns<ExportResult>()),
  /** The case's indicators and observed entities as a STIX 2.1 bundle or a MISP event. */
  'exports.intel': method(z.object({ caseId, format: z.enum(INTEL_EXPORT_FORMATS), out }).strict(), returns<ExportResult>()),
  /** One table of the case as CSV (the shared writer: RFC 4180, formula cells neutralised). */
  'exports.table': method(z.object({ caseId, table: z.enum(EXPORT_TABLES), out }).strict(), returns<ExportResult>()),
  'exports.cancel': method(z.object({ taskId }).strict(), returns<{ cancelled: boolean }>()),
  /**
   * The system's save-file dialog, answered by the app shell like files.choose: the page gets a
   * token and the name chosen (null when cancelled), never the path; exports.* from the page take only those tokens.
   */
  'files.save': method(
    z
      .object({
        title: z.string().max(200).optional(),
        defaultName: z.string().max(255).default(''),
        /** A folder to write into (a vault restored from a backup), chosen or made in the folder dialog, instead of a file. */
        folder: z.boolean().default(false),
        filters: z
          .array(
            z
              .object({
                name: z.string().min(1).max(100),
                extensions: z
                  .array(z.string().regex(/^[A-Za-z0-9]{1,16}$/, 'an extension is letters and digits without the dot'))
                  .min(1)
                  .max(10),
              })
              .strict(),
          )
          .max(10)
          .default([]),
      })
      .strict(),
    returns<{ file: SaveTarget | null }>(),
  ),
} as const;

/** Every method whose `out`, from the page, is a files.save token (the shell swaps it for the path or refuses the call): exports, case packages and evidence. */
export const SAVE_TOKEN_METHODS = {
  'exports.report': true,
  'exports.timeline': true,
  'exports.intel': true,
  'exports.table': true,
  'packages.export': true,
  'backup.create': true,
  'evidence.export': true,
  'evidence.saveReport': true,
  'backup.restore': true,
  'identity.save': true,
} as const;
export type SaveTokenMethod = keyof typeof SAVE_TOKEN_METHODS;
