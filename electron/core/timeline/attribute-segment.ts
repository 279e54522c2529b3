import { CasebookError } from '../../../shared/ipc/errors';
import { dataObject } from '../importers/data-object';

/**
 * A compact form for the attributes of CSV rows: the part of the row's own text
 * that holds its attribute columns, written as it was read. It applies when
 * those columns are side by side in the file and the row held no quote (the
 * CSV reader then splits it at every delimiter, so no value holds one).
 * Storing it takes one string slice and one write per row, where JSON text
 * takes a copy and an escape check per character; and it is half the size.
 *
 * In a run's attribute bytes such a row starts with SEGMENT_MARKER (JSON text
 * starts with '{', and no attributes is no bytes); the run's text header names
 * the columns (AttributeSegment).
 */
export const SEGMENT_MARKER = 0x01;

export interface AttributeSegment {
  /** The attribute names, in the order of their columns. */
  columns: string[];
  /** One ASCII character. */
  delimiter: string;
}

/** The attributes a segment holds, as its JSON text would give them (empty values are left out). */
export function segmentAttributes(text: string, segment: AttributeSegment): Record<string, string> {
  const values = text.split(segment.delimiter);
  if (values.length !== segment.columns.length) {
    throw new CasebookError('corrupt', `timeline run: an attribute segment has ${values.length} values for ${segment.columns.length} columns`);
  }
  const out: Record<string, string> = dataObject();
  for (let k = 0; k < values.length; k++) if (values[k] !== '') out[segment.columns[k]!] = values[k]!;
  return out;
}
