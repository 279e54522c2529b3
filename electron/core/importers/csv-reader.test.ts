import { describe, expect, it } from 'vitest';
import { readCsv, type CsvRecord } from './csv-reader';

/** Feeds text in pieces of `size` characters to exercise records split across reads. */
async function parse(text: string, size = 7, onTooLong?: (line: number) => void): Promise<CsvRecord[]> {
  const bytes = Buffer.from(text, 'utf8');
  async function* chunks() {
    for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
  }
  const out: CsvRecord[] = [];
  for await (const batch of readCsv(chunks(), { file: 'test.csv', onTooLong })) out.push(...batch);
  return out;
}

describe('CSV reader', () => {
  it('reads plain records with their physical line numbers, LF or CRLF', async () => {
    expect(await parse('a,b,c\r\n1,2,3\n4,5,6')).toEqual([
      { fields: ['a', 'b', 'c'], line: 1, text: 'a,b,c' },
      { fields: ['1', '2', '3'], line: 2, text: '1,2,3' },
      { fields: ['4', '5', '6'], line: 3, text: '4,5,6' },
    ]);
  });

  it('reads quoted fields with delimiters, doubled quotes and line breaks, at any read size', async () => {
    const text = 'h1,h2\n"a, b","say ""hi"""\n"multi\nline\r\nfield",x\nlast,"end"\n';
    for (const size of [1, 2, 3, 5, 64]) {
      expect(await parse(text, size)).toEqual([
        { fields: ['h1', 'h2'], line: 1, text: 'h1,h2' },
        // A record with a quote has no text: its fields are not its text split at the delimiter.
        { fields: ['a, b', 'say "hi"'], line: 2 },
        { fields: ['multi\nline\r\nfield', 'x'], line: 3 },
        { fields: ['last', 'end'], line: 6 },
      ]);
    }
  });

  it('keeps empty fields and a UTF-8 BOM never reaches the first header', async () => {
    expect(await parse('\ufeffa,,c\n,,\n')).toEqual([
      { fields: ['a', '', 'c'], line: 1, text: 'a,,c' },
      { fields: ['', '', ''], line: 2, text: ',,' },
    ]);
  });

  it('names the line where an unterminated quote began', async () => {
    await expect(parse('a,b\n1,2\n3,"never closed\nmore\n')).rejects.toThrow(/line 3: a quoted field is never closed/);
  });
});

describe('CSV reader on hostile input', () => {
  /** The records of `text`, read in pieces of `size` bytes. */
  async function records(text: string, size: number): Promise<CsvRecord[]> {
    return parse(text, size);
  }

  // Each doubled quote used to search for the next line break from where it
  // stood, to the end of the record: quadratic (a 3.2 MB record took minutes).
  it('reads a 3.2 MB field of doubled quotes in one pass', async () => {
    const field = '""'.repeat(1_600_000);
    const out = await records(`a,b\n1,"${field}"\n2,x\n`, 1 << 20);
    expect(out.map((r) => r.line)).toEqual([1, 2, 3]);
    expect(out[1]!.fields[1]).toBe('"'.repeat(1_600_000));
  }, 30_000);

  // A quoted record running past the end of a piece used to be read again from
  // its start with every piece: quadratic in the record's size.
  it('reads an 8 MB quoted record arriving in 16 KB pieces once, not once per piece', async () => {
    const json = '{' + Array.from({ length: 200_000 }, (_, i) => `""k${i}"":""v${i}\nline""`).join(',') + '}';
    const out = await records(`a,b\n"${json}",x\n"y",z\n`, 16 * 1024);
    expect(out.map((r) => r.line)).toEqual([1, 2, 200_003]);
    expect(out[1]!.fields[0]!.length).toBe(json.length - 800_000);
    expect(out[1]!.fields[1]).toBe('x');
  }, 30_000);

  it('hands out a batch for every piece of input, so a reader can check for a cancel inside a long record', async () => {
    const bytes = Buffer.from(`a\n"${'x'.repeat(100_000)}"\n`);
    async function* chunks() {
      for (let i = 0; i < bytes.length; i += 1000) yield bytes.subarray(i, i + 1000);
    }
    let batches = 0;
    for await (const batch of readCsv(chunks(), { file: 'test.csv' })) {
      expect(batch.length).toBeLessThanOrEqual(1);
      batches++;
    }
    expect(batches).toBeGreaterThanOrEqual(100);
  });
});

describe('CSV reader batches', () => {
  it('hands out at most 256 records at a time from a large piece, quoted or not', async () => {
    const text = 'a,b\n' + Array.from({ length: 2000 }, (_, i) => (i % 3 ? `${i},x` : `${i},"q"`)).join('\n') + '\n';
    async function* one() {
      yield Buffer.from(text);
    }
    const sizes: number[] = [];
    let last = 0;
    for await (const batch of readCsv(one(), { file: 'test.csv' })) {
      sizes.push(batch.length);
      for (const r of batch) expect(r.line).toBe(++last);
    }
    expect(last).toBe(2001);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(256);
  });
});
