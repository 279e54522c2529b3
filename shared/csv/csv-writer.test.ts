import { describe, expect, it } from 'vitest';
import Papa from 'papaparse';
import { csvField, csvRecord, csvTable } from './csv-writer';

describe('the shared CSV writer', () => {
  it('quotes fields holding a comma, a quote, CR or LF, doubling quotes (RFC 4180), and ends records with CRLF', () => {
    expect(csvRecord(['plain', 'a,b', 'say "hi"', 'two\nlines', 'cr\rhere'])).toBe('plain,"a,b","say ""hi""","two\nlines","cr\rhere"\r\n');
  });

  it('neutralises cells a spreadsheet would run as a formula: =, +, -, @, tab and CR at the start', () => {
    expect(csvField('=HYPERLINK("http://evil.example","x")')).toBe(`"'=HYPERLINK(""http://evil.example"",""x"")"`);
    expect(csvField('+1+1')).toBe("'+1+1");
    expect(csvField('-2+3')).toBe("'-2+3");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('\tcmd')).toBe("'\tcmd");
    expect(csvField('\rcmd')).toBe(`"'\rcmd"`);
    // Only the start counts; numbers stay numbers.
    expect(csvField('a=b')).toBe('a=b');
    expect(csvField(-5)).toBe('-5');
  });

  it('writes null as empty, booleans as words and objects as JSON', () => {
    expect(csvRecord([null, undefined, true, { a: 1 }])).toBe(',,true,"{""a"":1}"\r\n');
  });

  it('reads back with a standard CSV parser to the same cells (neutralised ones with their apostrophe)', () => {
    const rows = [
      { name: 'cmd.exe /c "whoami"', note: 'line one\r\nline two' },
      { name: '=1+2', note: '' },
    ];
    const text = csvTable(
      [
        { header: 'name', value: (r: (typeof rows)[number]) => r.name },
        { header: 'note', value: (r: (typeof rows)[number]) => r.note },
      ],
      rows,
    );
    const parsed = Papa.parse<string[]>(text, { newline: '\r\n' }).data.filter((r) => r.length > 1);
    expect(parsed).toEqual([
      ['name', 'note'],
      ['cmd.exe /c "whoami"', 'line one\r\nline two'],
      ["'=1+2", ''],
    ]);
  });
});
