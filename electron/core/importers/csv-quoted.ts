/**
 * One CSV record that holds a quote, read field by field. It may be read in
 * several calls, one per piece of input: a record that runs past the end of a
 * piece goes on where it stopped, so a 16 MiB record costs one pass over its
 * text, not one per piece. Text between the special characters is taken as
 * slices, never character by character.
 */
export class QuotedRecord {
  readonly fields: string[] = [];
  /** Line breaks inside quoted fields, for the line numbers of the records after it. */
  newlines = 0;
  /** Characters read so far, against the record size limit. */
  chars = 0;
  /** The record ended (at a line break, or at the end of the input). */
  complete = false;
  /** Pieces of the field being read. */
  private parts: string[] = [];
  /** The field has begun: a quote now is a literal character, not the start of a quoted field. */
  private started = false;
  private inQuotes = false;

  constructor(
    /** The physical line the record starts on. */
    readonly line: number,
    private readonly delimiter: number,
  ) {}

  /**
   * Reads from `from` to the end of the record or of `buf`, and returns where it
   * stopped: after the record, or where the next piece must start (before a
   * final quote or carriage return whose meaning the next character decides).
   * At the end of the input (`final`) a record still inside quotes stays incomplete.
   */
  read(buf: string, from: number, final: boolean): number {
    const end = this.scan(buf, from, final);
    this.chars += end - from;
    return end;
  }

  private endField(): void {
    this.fields.push(this.parts.length === 1 ? this.parts[0]! : this.parts.join(''));
    this.parts = [];
    this.started = false;
  }

  private scan(buf: string, from: number, final: boolean): number {
    const n = buf.length;
    const d = this.delimiter;
    // The next line break at or after i (-2: not searched yet, -1: none), found once per call.
    let nl = -2;
    let i = from;
    while (i < n) {
      if (this.inQuotes) {
        // Up to the closing quote; "" is a literal quote.
        const q = buf.indexOf('"', i);
        const stop = q === -1 ? n : q;
        if (nl !== -1 && nl < i) nl = buf.indexOf('\n', i);
        while (nl !== -1 && nl < stop) {
          this.newlines++;
          nl = buf.indexOf('\n', nl + 1);
        }
        if (q === -1) {
          this.parts.push(buf.slice(i));
          return n;
        }
        if (q + 1 >= n && !final) {
          // Closing, or the first of a doubled quote: the next piece says which.
          this.parts.push(buf.slice(i, q));
          return q;
        }
        if (buf.charCodeAt(q + 1) === 34) {
          this.parts.push(buf.slice(i, q + 1));
          i = q + 2;
          continue;
        }
        this.parts.push(buf.slice(i, q));
        this.inQuotes = false;
        i = q + 1;
        continue;
      }
      if (!this.started && buf.charCodeAt(i) === 34) {
        this.started = this.inQuotes = true;
        i++;
        continue;
      }
      // Unquoted text, or text after a closing quote (kept, leniently, as most exporters' readers do).
      let j = i;
      let c = 0;
      while (j < n) {
        c = buf.charCodeAt(j);
        if (c === d || c === 10 || c === 13) break;
        j++;
      }
      if (j > i) {
        this.parts.push(buf.slice(i, j));
        this.started = true;
        i = j;
      }
      if (j >= n) break;
      if (c === d) {
        this.endField();
        i = j + 1;
        continue;
      }
      if (c === 10) return this.finish(j + 1);
      // A carriage return: the end of the record before a line feed, else a character of the field.
      if (j + 1 >= n && !final) return j;
      if (buf.charCodeAt(j + 1) === 10) return this.finish(j + 2);
      this.parts.push('\r');
      this.started = true;
      i = j + 1;
    }
    if (final && !this.inQuotes) return this.finish(n);
    return n;
  }

  private finish(next: number): number {
    this.endField();
    this.complete = true;
    return next;
  }
}
