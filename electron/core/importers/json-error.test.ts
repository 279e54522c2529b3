import { describe, expect, it } from 'vitest';
import { describeJsonError, locateJsonError } from './json-error';

const at = (text: string) => {
  const found = locateJsonError(text);
  return found && { index: found.index, reason: found.reason };
};

describe('where a JSON document goes wrong', () => {
  it('is nowhere in valid JSON', () => {
    expect(locateJsonError('{"a": [1, {"b": null}], "c": -1.5e3, "d": "\\u00e9\\n"}')).toBeNull();
  });

  it('names trailing commas, bad escapes, control characters and text after the document', () => {
    expect(at('[1, 2,]')).toEqual({ index: 6, reason: "a trailing comma before ']'" });
    expect(at('{"a": 1,}')).toEqual({ index: 8, reason: "a trailing comma before '}'" });
    expect(at('["a\\x"]')).toEqual({ index: 3, reason: '"\\x" is not a JSON escape' });
    expect(at('["\\u12"]')).toEqual({ index: 2, reason: 'a \\u escape needs four hex digits' });
    expect(at('["a\tb"]')).toEqual({ index: 3, reason: 'a control character (line break, tab...) inside a string must be escaped' });
    expect(at('["abc\ndef"]')).toEqual({ index: 5, reason: 'a control character (line break, tab...) inside a string must be escaped' });
    expect(at('{} {}')).toEqual({ index: 3, reason: 'unexpected text after the end of the JSON document' });
    expect(at('[1] x')).toEqual({ index: 4, reason: 'unexpected text after the end of the JSON document' });
  });

  it('names what was expected where an unexpected character stands', () => {
    expect(at('{"a" 1}')).toEqual({ index: 5, reason: `unexpected "1": expected ':' after the property name` });
    expect(at('{"a": 1 "b": 2}')).toEqual({ index: 8, reason: `unexpected "\\"": expected ',' or '}'` });
    expect(at('[1 2]')).toEqual({ index: 3, reason: `unexpected "2": expected ',' or ']'` });
    expect(at('[1, x]')).toEqual({ index: 4, reason: 'unexpected character "x": expected a value' });
    expect(at('{a: 1}')).toEqual({ index: 1, reason: 'unexpected character "a": expected a double-quoted property name' });
    expect(at('[01]')).toMatchObject({ index: 2 });
    expect(at('// a comment\n{}')).toMatchObject({ index: 0 });
  });

  it('calls a document that stops in the middle truncated, whatever it stopped in', () => {
    for (const cut of ['{"a": [1, 2', '{"a": tru', '{"a": 1.', '{"a": ', '{"a"', '[1,\n  ']) {
      expect(at(cut)).toEqual({ index: cut.length, reason: 'the document ends early (is the file truncated?)' });
    }
    expect(locateJsonError('{"a": "xx')).toMatchObject({ opened: 6 });
  });

  it('gives 1-based lines and columns and the byte offset in UTF-8, after what preceded the text', () => {
    expect(describeJsonError('{\n "a": 1,\n "b": [1, x]\n}', new Error('Unexpected token'))).toBe(
      'at line 3, column 11 (byte 21): unexpected character "x": expected a value',
    );
    expect(describeJsonError('{"é": 1 "x": 2}', new Error('x'), 3)).toBe(
      `at line 1, column 9 (byte ${3 + Buffer.byteLength('{"é": 1 ')}): unexpected "\\"": expected ',' or '}'`,
    );
    expect(describeJsonError('{\n"a": "open', new Error('x'))).toBe(
      'at line 2, column 11 (byte 12): the document ends early (is the file truncated?); the string opened at line 2, column 6 never closes',
    );
  });
});
