import { describe, expect, it } from 'vitest';
import { parseExactJson, quoteLongNumbers } from './exact-json-parse';
import { jsonObjects } from './json-objects';
import { epochSecondsUs } from './epoch-text';
import { runImporter } from '../../../tests/unit/support/import-harness';
import { timesketchJsonl } from './timesketch';
import { graphSecurity } from './microsoft';

describe('exact JSON numbers', () => {
  it('keeps integers beyond 2^53 (FILETIME, EventRecordID, Keywords) as their text and the 2^53-safe ones as numbers', () => {
    expect(
      parseExactJson(
        '{"Keywords":-9223372036854775808,"FileTime":132464664000000000,"Rid":18446744073709551615,"us":1588316963457737,"max":9007199254740991,"over":9007199254740993}',
      ),
    ).toEqual({
      Keywords: '-9223372036854775808',
      FileTime: '132464664000000000',
      Rid: '18446744073709551615',
      us: 1588316963457737,
      max: 9007199254740991,
      over: '9007199254740993',
    });
  });

  it('says where the JSON as written is broken, not where its quoted copy is', () => {
    expect(() => parseExactJson('{"id":18446744073709551615,"x":}')).toThrow('51615,"x"');
  });

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

describe('64-bit values through the importers that read JSON', () => {
  const big = '18446744073709551615';
  const line = `{"message":"logon","datetime":"2024-01-01T00:00:00Z","timestamp_desc":"Event Recorded","EventRecordID":${big},"Filetime":132464664000000000}`;

  it('Timesketch JSONL keeps them exact as attributes', async () => {
    const r = await runImporter(timesketchJsonl, Buffer.from(`${line}\n`), { name: 't.jsonl' });
    expect(r.error).toBeNull();
    expect(r.events[0]!.attributes).toMatchObject({ EventRecordID: big, Filetime: '132464664000000000' });
  });

  it('a Graph incident keeps a 64-bit id exact', async () => {
    const incident = `{"@odata.type":"#microsoft.graph.security.incident","id":${big},"displayName":"x","createdDateTime":"2024-01-01T00:00:00Z","alerts":[]}`;
    const r = await runImporter(graphSecurity, Buffer.from(incident), { name: 'incident.json' });
    expect(r.error).toBeNull();
    expect(r.collector.cases.incidents.map((i) => i.externalId)).toEqual([big]);
  });
});
