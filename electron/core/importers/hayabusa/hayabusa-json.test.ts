import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { runImporter, us } from '../../../../tests/unit/support/import-harness';
import { hayabusaCsv } from './hayabusa-csv';
import { hayabusaJson } from './hayabusa-json';

/** One detection as `hayabusa json-timeline -L` writes it (2.12+: tag lists as arrays, Details as an object). */
const detection = {
  Timestamp: '2024-03-17 17:24:27.519 +01:00',
  RuleTitle: 'Logon Failure (Wrong Password)',
  Level: 'med',
  Computer: 'SWAttckd.swtestnet.com',
  Channel: 'Sec',
  EventID: 4625,
  RecordID: 1559732,
  Details: { User: 'taro', SrcComp: 'KALI', SrcIP: '10.1.2.3', LogonType: 3 },
  ExtraFieldInfo: { SubStatus: '0xc000006a' },
  MitreTactics: ['CredAccess', 'LatMov'],
  MitreTags: ['T1110', 'T1021.002'],
  OtherTags: [],
  RuleID: '5b0b75dc-9190-4047-b9a8-14164cee8a31',
  // Written as a bare 20-digit number in the file (see jsonl below): a double would round it.
  RecordIDBig: 'BIG',
};

/** The same detection as csv-timeline writes it. */
const CSV = [
  '"Timestamp","RuleTitle","Level","Computer","Channel","EventID","RecordID","Details","ExtraFieldInfo","MitreTactics","MitreTags","OtherTags","RuleID","RecordIDBig"',
  '"2024-03-17 17:24:27.519 +01:00","Logon Failure (Wrong Password)","med","SWAttckd.swtestnet.com","Sec","4625","1559732","User: taro ¦ SrcComp: KALI ¦ SrcIP: 10.1.2.3 ¦ LogonType: 3","SubStatus: 0xc000006a","CredAccess ¦ LatMov","T1110 ¦ T1021.002","","5b0b75dc-9190-4047-b9a8-14164cee8a31","12345678901234567890"',
].join('\n');

const sniffText = (text: string) => hayabusaJson.sniff({ name: 'x', size: text.length, head: Buffer.from(text), text });

describe('Hayabusa JSON', () => {
  it('maps a detection exactly as its CSV row is mapped: time with offset, host, user, message, tags, alert, entities', async () => {
    const jsonl = `${JSON.stringify(detection).replace('"BIG"', '12345678901234567890')}\n`;
    const fromJson = await runImporter(hayabusaJson, Buffer.from(jsonl), { name: 'timeline' });
    const fromCsv = await runImporter(hayabusaCsv, Buffer.from(CSV), { name: 'timeline' });
    expect(fromJson.error).toBeNull();
    expect(fromJson.invalid).toEqual([]);
    expect(fromJson.events).toHaveLength(1);
    expect(fromJson.events[0]).toMatchObject({
      time: us('2024-03-17T16:24:27.519Z'),
      host: 'SWAttckd.swtestnet.com',
      user: 'taro',
      message: 'Logon Failure (Wrong Password) — User: taro ¦ SrcComp: KALI ¦ SrcIP: 10.1.2.3 ¦ LogonType: 3',
    });
    expect(fromJson.events[0]!.attributes).toMatchObject({
      EventID: '4625',
      RecordID: '1559732',
      RecordIDBig: '12345678901234567890',
      MitreTags: 'T1110 ¦ T1021.002',
    });
    expect(fromJson.events).toEqual(fromCsv.events);
    expect(fromJson.alerts.map(({ id: _id, ...a }) => a)).toEqual(fromCsv.alerts.map(({ id: _id, ...a }) => a));
    expect(fromJson.alerts[0]).toMatchObject({ title: 'Logon Failure (Wrong Password)', severity: 'medium', mitreTechniques: ['T1110', 'T1021.002'] });
    expect(fromJson.entities.map((e) => `${e.type}:${e.key}`).sort()).toEqual(fromCsv.entities.map((e) => `${e.type}:${e.key}`).sort());
  });

  it('reads pretty-printed objects one after another (json-timeline without -L), gzipped too, and names bad records by line', async () => {
    const pretty = [JSON.stringify(detection, null, 4), JSON.stringify({ ...detection, RecordID: 2, Details: { Msg: 'a } in { a string' } }, null, 4)].join(
      '\n',
    );
    const r = await runImporter(hayabusaJson, Buffer.from(pretty), { name: 'timeline.json', chunk: 37 });
    expect(r.error).toBeNull();
    expect(r.invalid).toEqual([]);
    expect(r.events.map((e) => e.attributes.RecordID)).toEqual(['1559732', '2']);
    expect(r.events[1]!.message).toBe('Logon Failure (Wrong Password) — Msg: a } in { a string');

    const gz = gzipSync(pretty);
    expect(hayabusaJson.sniff({ name: 'x.json.gz', size: gz.length, head: gz, text: '' })).toBe(0.97);
    expect((await runImporter(hayabusaJson, gz, { name: 'timeline.json.gz' })).events).toHaveLength(2);

    const bad = [
      JSON.stringify(detection),
      '[1, 2]',
      JSON.stringify({ ...detection, Timestamp: 'whenever' }),
      '{"Timestamp": "2024-03-17 17:24:27.519 +01:00",',
    ].join('\n');
    const b = await runImporter(hayabusaJson, Buffer.from(bad), { name: 'bad.jsonl' });
    expect(b.events).toHaveLength(1);
    expect(b.invalid).toEqual([
      'bad.jsonl: line 2: not a JSON object',
      'bad.jsonl: line 3, field "Timestamp": "whenever" is not a time this importer understands',
      expect.stringMatching(/^bad\.jsonl: line 4: not valid JSON: /),
    ]);
  });

  it('claims Hayabusa detections only', () => {
    expect(sniffText(`${JSON.stringify(detection)}\n`)).toBe(0.97);
    expect(sniffText(JSON.stringify(detection, null, 2))).toBe(0.97);
    expect(sniffText('{"Timestamp": "2024-01-01T00:00:00Z", "message": "x"}\n')).toBe(0);
    expect(sniffText(CSV)).toBe(0);
  });
});
