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
