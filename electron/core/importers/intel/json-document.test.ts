import { describe, expect, it } from 'vitest';
import { parseJsonDocument } from './json-document';
import { ImportProblem } from '../problems';

function problemOf(text: string | Buffer): string {
  try {
    parseJsonDocument(Buffer.isBuffer(text) ? text : Buffer.from(text, 'utf8'), 'doc.json');
  } catch (err) {
    expect(err).toBeInstanceOf(ImportProblem);
    return (err as Error).message;
  }
  throw new Error('expected an ImportProblem');
}

describe('JSON documents', () => {
  it('parses valid JSON, with or without a UTF-8 BOM', () => {
    expect(parseJsonDocument(Buffer.from('{"a": [1, 2]}'), 'x')).toEqual({ a: [1, 2] });
    expect(parseJsonDocument(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('[true]')]), 'x')).toEqual([true]);
  });

  it('a truncated document names the end: its line, column and byte offset', () => {
    const text = '{\n  "type": "bundle",\n  "objects": [\n    {"type": "indica';
    expect(problemOf(text)).toBe(
      `doc.json: not valid JSON at line 4, column 21 (byte ${Buffer.byteLength(text)}): the document ends early (is the file truncated?); the string opened at line 4, column 14 never closes`,
    );
    expect(problemOf('{"a": [1, 2')).toBe('doc.json: not valid JSON at line 1, column 12 (byte 11): the document ends early (is the file truncated?)');
  });

  it('an unexpected token (which V8 reports without a position) is located', () => {
    expect(problemOf('{\n "a": 1,\n "b": [1, x]\n}')).toBe(
      'doc.json: not valid JSON at line 3, column 11 (byte 21): unexpected character "x": expected a value',
    );
  });

  it('byte offsets count UTF-8 bytes, not characters (and the BOM)', () => {
    const bom = Buffer.from([0xef, 0xbb, 0xbf]);
    expect(problemOf(Buffer.concat([bom, Buffer.from('{"é": 1 "x": 2}')]))).toBe(
      `doc.json: not valid JSON at line 1, column 9 (byte ${3 + Buffer.byteLength('{"é": 1 ')}): unexpected "\\"": expected ',' or '}'`,
    );
  });

  it('an empty file is said to be empty', () => {
    expect(problemOf('  \n')).toBe('doc.json: the file is empty');
  });
});
