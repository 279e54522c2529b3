import type { ClockOffset, InvalidUtf8 } from '../../../shared/domain/import';
import { describeInvalid, describePosition, ImportProblem, type InvalidRecord, type Position } from '../importers/problems';
import { readTimeField, zonedIsoUs } from '../importers/time';

/** Keeps the first problems in full; the rest are counted. */
export const MAX_LISTED_INVALID = 1000;
/** Problems and warnings quote the file; they go into the import's commit record, so each is kept short. */
const MAX_PROBLEM_CHARS = 2000;
const MAX_WARNINGS = 200;
const clipText = (text: string) => (text.length > MAX_PROBLEM_CHARS ? text.slice(0, MAX_PROBLEM_CHARS - 1) + '…' : text);

/**
 * What went wrong in a file, as the import reads it: its invalid records (the
 * first 1000 listed, all counted), warnings, times without a zone, invalid
 * UTF-8. Times are read here, since a time that cannot be read is an invalid
 * record of the file.
 */
export class ProblemLog {
  readonly invalidRecords: InvalidRecord[] = [];
  invalidTotal = 0;
  readonly warnings: string[] = [];
  zoneless = 0;
  /** Invalid UTF-8 sequences the text held, and where the first was. */
  invalidUtf8Found: InvalidUtf8 | null = null;
  /** Whole-hour disagreements between time fields of one record, per field, other field and offset. */
  private readonly offsets = new Map<string, ClockOffset>();

  constructor(
    private readonly file: string,
    private readonly timezone: string,
  ) {}

  invalid(record: InvalidRecord): void {
    this.invalidTotal++;
    if (this.invalidRecords.length < MAX_LISTED_INVALID) {
      this.invalidRecords.push({ ...record, field: record.field && clipText(record.field), reason: clipText(record.reason) });
    }
  }

  invalidUtf8(count: number, firstOffset: number, entry?: string): void {
    if (this.invalidUtf8Found) this.invalidUtf8Found.sequences += count;
    else this.invalidUtf8Found = { sequences: count, firstOffset, ...(entry === undefined ? {} : { entry }) };
  }

  clockOffset(field: string, other: string, hours: number): void {
    const key = `${field}\0${other}\0${hours}`;
    const found = this.offsets.get(key);
    if (found) found.records++;
    else this.offsets.set(key, { field, other, hours, records: 1 });
  }

  /** The clock offsets seen, most records first. */
  clockOffsets(): ClockOffset[] {
    return [...this.offsets.values()].sort((a, b) => b.records - a.records);
  }

  warn(message: string, position?: Position): void {
    if (this.warnings.length < MAX_WARNINGS) this.warnings.push(clipText(position ? `${describePosition(position)}: ${message}` : message));
  }

  time(text: unknown, position: Position, field: string): number | null {
    // The usual form, read without making an object (a million times in a large timeline).
    if (typeof text === 'string') {
      const us = zonedIsoUs(text);
      if (us === us) return us;
    }
    const read = readTimeField(text, this.timezone);
    if ('reason' in read) {
      this.invalid({ position, field, reason: read.reason });
      return null;
    }
    if (read.zoneless) this.zoneless++;
    return read.us;
  }

  /** Takes in what another thread found in its part of the file (parallel-tail.ts). */
  add(other: { invalidTotal: number; invalid: InvalidRecord[]; warnings: string[]; zoneless: number }): void {
    this.zoneless += other.zoneless;
    this.invalidTotal += other.invalidTotal;
    this.invalidRecords.push(...other.invalid.slice(0, Math.max(0, MAX_LISTED_INVALID - this.invalidRecords.length)));
    for (const warning of other.warnings) if (!this.warnings.includes(warning)) this.warnings.push(warning);
  }

  /** The strict-mode refusal: every bad record named (the first 1000), nothing committed. */
  refusal(): ImportProblem {
    const listed = this.invalidRecords.slice(0, 20).map((r) => describeInvalid(this.file, r));
    const more = this.invalidTotal - listed.length;
    return new ImportProblem(
      `${this.file}: ${this.invalidTotal} invalid record(s); nothing was imported ` +
        `(use "skip invalid records" to import the rest):\n` +
        listed.join('\n') +
        (more > 0 ? `\n… and ${more} more` : ''),
    );
  }
}
