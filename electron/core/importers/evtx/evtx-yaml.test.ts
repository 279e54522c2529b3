import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runImporter, us } from '../../../../tests/unit/support/import-harness';
import { HAS_SAMPLES, NO_SAMPLES_REASON, sample } from '../../../../tests/unit/support/samples';
import { serdeYamlDocuments } from '../../../../tests/unit/support/serde-yaml';
import { parseExactJson } from '../exact-json-parse';
import { chooseImporter } from '../registry';
import { evtxJson } from './evtx-json';
import { evtxYaml } from './evtx-yaml';
import { readYamlDocument } from './yaml-block';

/** Chainsaw's `dump`/`search` YAML: read as the same records its --json output holds, mapped as raw EVTX. */

const yaml = (text: string) => readYamlDocument(text.split('\n'));

const LOGON = {
  Event: {
    System: {
      Provider: '',
      Provider_attributes: { Name: 'Microsoft-Windows-Security-Auditing', Guid: '{54849625-5478-4994-A5BA-3E3B0328C30D}' },
      EventID: 4624,
      Version: 2,
      Level: 0,
      Keywords: '0x8020000000000000',
      TimeCreated: null,
      TimeCreated_attributes: { SystemTime: '2019-03-19T23:29:52.316470Z' },
      EventRecordID: 18446744073709551615n.toString(),
      Channel: 'Security',
      Computer: 'WS01.corp.local',
      Security: null,
    },
    EventData: {
      SubjectUserName: 'WS01$',
      TargetUserName: 'alice',
      TargetDomainName: 'CORP',
      LogonType: 3,
      IpAddress: '10.1.2.3',
      ProcessName: '-',
      Note: "it's a 'quoted' value: with a colon",
      Script: 'line one\n  line two\n',
      Lead: '  starts with spaces\nand breaks',
      Control: 'bell\u0007here',
      Long: 'a long plain value that libyaml folds at eighty columns onto the next line when it writes it out, twice over the width',
      Empty: '',
    },
  },
  Event_attributes: { xmlns: 'http://schemas.microsoft.com/win/2004/08/events/event' },
};

describe('YAML as serde_yaml writes it (yaml-block.ts)', () => {
  it('reads mappings, sequences at their key’s indentation, quoted keys and every scalar style', () => {
    expect(
      yaml(
        [
          "'#text': plain value",
          'list:',
          '- a',
          '- key: 1',
          '  other: two words',
          '- []',
          'empty: {}',
          'nothing: null',
          "single: 'it''s: here'",
          'double: "tab\\there \\u00e9 \\x41"',
          'folded: first part',
          '  second part',
          'literal: |-',
          '  one',
          '',
          '  three',
          'kept: |',
          '  line',
          'indented: |2-',
          '    four spaces',
          '  two',
        ].join('\n'),
      ),
    ).toEqual({
      '#text': 'plain value',
      list: ['a', { key: '1', other: 'two words' }, []],
      empty: {},
      nothing: null,
      single: "it's: here",
      double: 'tab\there é A',
      folded: 'first part second part',
      literal: 'one\n\nthree',
      kept: 'line\n',
      indented: '  four spaces\ntwo',
    });
  });

  it('refuses what Chainsaw never writes, by line: anchors, aliases, tags, flow collections with content', () => {
    expect(() => yaml('a: &x 1\nb: *x')).toThrow(/anchors, aliases, tags and flow collections are not read/);
    expect(() => yaml('a: [1, 2]')).toThrow(/not read/);
    expect(() => yaml('a: 1\n  b: 2\nc')).toThrow();
  });

  it('reads back what the serde_yaml-style writer wrote, value for value', () => {
    const text = serdeYamlDocuments([LOGON as never]).replace(/^---\n/, '');
    const json = JSON.parse(JSON.stringify(LOGON), (_, v: unknown) => (typeof v === 'number' ? String(v) : v));
    expect(yaml(text)).toEqual(json);
  });
});

describe('Chainsaw dump as YAML', () => {
  it('is detected by content and gives the events its JSON dump gives, field by field', async () => {
    const docs = serdeYamlDocuments([LOGON as never, LOGON as never]);
    expect(chooseImporter({ name: 'dump.txt', size: docs.length, head: Buffer.from(docs), text: docs }).importer.format).toBe('evtx-yaml');
    const fromYaml = await runImporter(evtxYaml, Buffer.from(docs), { name: 'dump.yaml' });
    const fromJson = await runImporter(evtxJson, Buffer.from(JSON.stringify([LOGON, LOGON])), { name: 'dump.json' });
    expect(fromYaml.invalid).toEqual([]);
    expect(fromYaml.events).toHaveLength(2);
    expect(fromYaml.events).toEqual(fromJson.events);
    expect(fromYaml.events[0]).toMatchObject({
      time: us('2019-03-19T23:29:52.316Z') + 470,
      host: 'WS01.corp.local',
      user: 'CORP\\alice',
      source: 'Security',
      attributes: expect.objectContaining({ EventRecordID: '18446744073709551615', Script: 'line one\n  line two\n', Control: 'bell\u0007here' }),
    });
  });

  it('reports a damaged record by its line and imports the others', async () => {
    const good = serdeYamlDocuments([LOGON as never]);
    const text = `${good}---\nEvent:\n  System: &anchor\n    EventID: 1\n${good}`;
    const r = await runImporter(evtxYaml, Buffer.from(text), { name: 'dump.yaml' });
    expect(r.events).toHaveLength(2);
    expect(r.invalid).toEqual([expect.stringMatching(/^dump\.yaml: line \d+: not YAML as Chainsaw writes it: "&anchor": anchors/)]);
  });
});

const JSON_DIR = HAS_SAMPLES ? sample('more', 'evtx-json') : '';
describe.skipIf(!HAS_SAMPLES || !existsSync(JSON_DIR))(HAS_SAMPLES ? 'the evtx_dump JSON samples as YAML' : NO_SAMPLES_REASON, () => {
  it.each(HAS_SAMPLES && existsSync(JSON_DIR) ? readdirSync(JSON_DIR) : [])('%s: the same events from its YAML', async (file) => {
    const text = readFileSync(sample('more', 'evtx-json', file), 'utf8');
    const record = parseExactJson(text.replace(/^Record \d+\s*/, '')) as never;
    const docs = serdeYamlDocuments([record]);
    const fromYaml = await runImporter(evtxYaml, Buffer.from(docs), { name: file });
    const fromJson = await runImporter(evtxJson, sample('more', 'evtx-json', file));
    expect(fromYaml.invalid).toEqual([]);
    expect(fromYaml.events).toHaveLength(1);
    expect(fromYaml.events).toEqual(fromJson.events);
  });
});
