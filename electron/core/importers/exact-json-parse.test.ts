import { describe, expect, it } from 'vitest';
import { parseExactJson, quoteLongNumbers } from './exact-json';
import { jsonObjects } from './json-objects';
import { epochSecondsUs } from './epoch-text';

describe('exact JSON numbers', () => {
  it('keeps numbers of more than 15 significant digits as their text, outside strings only', () => {
    expect(parseExactJson('{"flow_id":1234567890123456789,"ts":1588316963.457737,"n":-12345678901234567,"small":739928877279099,"f":0.5}')).toEqual({
      flow_id: '1234567890123456789',
      ts: '1588316963.457737',
      n: '-12345678901234567',
      small: 739928877279099,
      f: 0.5,
    });
    const inString = '{"s":"id 1234567890123456789 \\" 9999999999999999999","e":1e300}';
    expect(quoteLongNumbers(inString)).toBe(inString);
    expect(parseExactJson('[0.000000000000000001, 100000000000000000000]')).toEqual([1e-18, '100000000000000000000']);
  });

  it('reads epoch seconds to the exact microsecond', () => {
    expect(epochSecondsUs('1541117137.618695')).toBe(1541117137618695);
    expect(epochSecondsUs('1588316963.4577379')).toBe(1588316963457737);
    expect(epochSecondsUs('1512669453')).toBe(1512669453000000);
    expect(epochSecondsUs('1.5e9')).toBeNull();
    expect(epochSecondsUs('-1')).toBeNull();
  });
});

describe('concatenated JSON objects', () => {
  async function split(text: string, chunk: number) {
    const bytes = Buffer.from(text);
    const chunks = (async function* () {
      for (let i = 0; i < bytes.length; i += chunk) yield bytes.subarray(i, i + chunk);
    })();
    const out: { text: string; line: number }[] = [];
    for await (const batch of jsonObjects(chunks, () => undefined)) out.push(...batch);
    return out;
  }

  it('finds each object, pretty or on one line, with the line it starts on, whatever the chunking', async () => {
    const text = '{\n  "a": "}{\\"",\n  "b": [1, {"c": 2}]\n}\n{"d": 3}\n\n[1, 2]\n{"e": ';
    for (const chunk of [1, 3, 1000]) {
      expect(await split(text, chunk)).toEqual([
        { text: '{\n  "a": "}{\\"",\n  "b": [1, {"c": 2}]\n}', line: 1 },
        { text: '{"d": 3}', line: 5 },
        { text: '[1, 2]', line: 7 },
        { text: '{"e": ', line: 8 },
      ]);
    }
  });
});
