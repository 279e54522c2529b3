import type { ExportTable, IntelExportFormat, TimelineExportFormat } from '../../../shared/domain/exports';

/**
 * The file names the save dialog proposes: the case's title made safe for
 * any file system (letters, digits, dashes), then what the file holds, so a
 * folder of exports reads as a list of cases.
 */

export function fileStem(title: string): string {
  const stem = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '')
    .toLowerCase();
  return stem || 'case';
}

export const reportName = (title: string, format: 'html' | 'pdf') => `${fileStem(title)}-report.${format}`;

export const timelineName = (title: string, format: TimelineExportFormat) => `${fileStem(title)}-timeline.${format === 'csv' ? 'csv' : 'jsonl'}`;

export const intelName = (title: string, format: IntelExportFormat) => `${fileStem(title)}-${format === 'stix' ? 'stix21' : 'misp'}.json`;

export const tableName = (title: string, table: ExportTable) => `${fileStem(title)}-${table}.csv`;

/** The save dialog's filter for a file name's extension. */
export function filterFor(name: string): { name: string; extensions: string[] } {
  const extension = name.slice(name.lastIndexOf('.') + 1);
  const label: Record<string, string> = { html: 'HTML document', pdf: 'PDF document', csv: 'CSV table', jsonl: 'JSON lines', json: 'JSON document' };
  return { name: label[extension] ?? extension.toUpperCase(), extensions: [extension] };
}
