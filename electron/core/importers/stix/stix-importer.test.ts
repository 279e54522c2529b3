import { describe, expect, it } from 'vitest';
import { stixImporter } from './stix-importer';
import { ImportProblem } from '../problems';
import type { EntityInput, IndicatorInput } from '../types';
import { RecordingContext, runOn, runOnText } from '../../../../tests/unit/support/recording-context';
import { HAS_SAMPLES, NO_SAMPLES_REASON, sample } from '../../../../tests/unit/support/samples';

const stix = (...name: string[]) => sample('stix21', ...name);
const kindCount = (entities: EntityInput[], kind: string) => entities.filter((e) => e.type === 'other' && e.attributes?.kind === kind).length;
const byValue = (indicators: IndicatorInput[], value: string) => indicators.filter((i) => i.value === value);
const distinct = (indicators: IndicatorInput[]) => new Set(indicators.map((i) => `${i.type}:${i.value}`)).size;
const bundle = (...objects: unknown[]) => JSON.stringify({ type: 'bundle', id: 'bundle--6b4b8e3c-0d2b-4bf4-a0c5-1d8a5b0f9a11', objects });
const TS = '2021-03-04T05:06:07.890Z';

describe.skipIf(!HAS_SAMPLES)(`STIX 2.1 importer on the sample corpus${HAS_SAMPLES ? '' : ` (${NO_SAMPLES_REASON})`}`, () => {
  it('apt1.json: its one report becomes the incident, titled and dated by the report', async () => {
    const ctx = await runOn(stixImporter, stix('apt1.json'));
    expect(ctx.incidents).toHaveLength(1);
    const incident = ctx.incidents[0]!;
    expect(incident.externalId).toBe('report--e33ffe07-2f4c-48d8-b0af-ee2619d765cf');
    expect(incident.fields.title).toBe("APT1: Exposing One of China's Cyber Espionage Units");
    expect(incident.fields.description).toMatch(/^Since 2004, Mandiant has investigated computer security breaches/);
    expect(incident.fields.tags).toEqual(['threat-report', 'threat-actor']);
    expect(incident.createdAt).toBe('2013-02-19T00:00:00.000000Z');
    // Everything after the incident belongs to it.
    expect(ctx.of('').indicators).toHaveLength(0);
    expect(ctx.invalids).toEqual([]);
    expect(ctx.warnings).toEqual([]);
  });

  it('apt1.json: 12 indicators give 14 IOCs (CIDR ranges, domains, MD5s, certificate issuer and serial), all for detection', async () => {
    const ctx = await runOn(stixImporter, stix('apt1.json'));
    const indicators = ctx.allIndicators;
    expect(new Set(indicators.map((i) => i.externalId)).size).toBe(12);
    expect(indicators).toHaveLength(14);
    expect(indicators.every((i) => i.forDetection)).toBe(true);
    const byType = (t: string) => indicators.filter((i) => i.type === t).map((i) => i.value);
    expect(byType('ipv4')).toEqual(['223.166.0.0/15', '58.246.0.0/15', '112.64.0.0/15', '139.226.0.0/15']);
    expect(byType('domain')).toEqual(['hugesoft.org', 'arrowservice.net', 'msnhome.org']);
    expect(byType('md5')).toEqual(['001dd76872d80801692ff942308c64e6', '002325a0a67fded0381b5648d7fe9b8e', '00dbb9e1c09dbdafb360f3163ba5a3de']);
    expect(byType('other')).toContain('4c:0b:1d:19:74:86:a7:66:b4:1a:bf:40:27:21:76:28');
    const hugesoft = byValue(indicators, 'hugesoft.org')[0]!;
    expect(hugesoft).toMatchObject({
      origin: "[domain-name:value = 'hugesoft.org']",
      description: 'Test description.',
      attributes: { name: 'FQDN hugesoft.org', path: 'domain-name:value', operator: '=' },
    });
    expect(hugesoft.attributes.relationships).toEqual([
      expect.objectContaining({ relationship: 'indicates', direction: 'out', other: "threat-actor 'Ugly Gorilla'" }),
    ]);
  });

  it('apt1.json: 7 attack patterns (CAPEC, no ATT&CK ids), 6 malware, 10 tools, 5 threat actors, 1 intrusion set, 4 identities', async () => {
    const ctx = await runOn(stixImporter, stix('apt1.json'));
    const entities = ctx.allEntities;
    expect(kindCount(entities, 'attack-pattern')).toBe(7);
    expect(kindCount(entities, 'malware')).toBe(6);
    expect(kindCount(entities, 'tool')).toBe(10);
    expect(kindCount(entities, 'threat-actor')).toBe(5);
    expect(kindCount(entities, 'intrusion-set')).toBe(1);
    expect(kindCount(entities, 'identity')).toBe(4);
    expect(entities.filter((e) => e.attributes?.mitreId)).toEqual([]);
    expect(entities.find((e) => e.value === 'attack-pattern:Initial Compromise')?.attributes).toMatchObject({ capecIds: ['CAPEC-163'] });
    // The report is the case itself, not an entity; its publication is on the timeline.
    expect(kindCount(entities, 'report')).toBe(0);
    expect(ctx.allEvents.map((e) => [e.time, e.message])).toEqual([
      [Date.UTC(2013, 1, 19) * 1000, "STIX report published: APT1: Exposing One of China's Cyber Espionage Units"],
    ]);
  });

  it('poisonivy.json: 25 indicators, long ORs of domains and addresses split into IOCs; 6 CVEs, 3 campaigns, 25 malware', async () => {
    const ctx = await runOn(stixImporter, stix('poisonivy.json'));
    expect(ctx.incidents.map((i) => i.fields.title)).toEqual(['Poison Ivy: Assessing Damage and Extracting Intelligence']);
    const indicators = ctx.allIndicators;
    expect(new Set(indicators.map((i) => i.externalId)).size).toBe(25);
    expect(indicators).toHaveLength(67);
    expect(distinct(indicators)).toBe(45);
    expect(byValue(indicators, '113.10.246.30').length).toBe(4);
    expect(indicators.filter((i) => i.type === 'filename').map((i) => i.value)).toEqual(['CBricksDoc', 'CPiShellPutDoc']);
    const entities = ctx.allEntities;
    expect(kindCount(entities, 'vulnerability')).toBe(6);
    expect(entities.find((e) => e.value === 'vulnerability:CVE-2012-0158')?.attributes).toMatchObject({ cve: ['CVE-2012-0158'] });
    expect(kindCount(entities, 'campaign')).toBe(3);
    expect(kindCount(entities, 'malware')).toBe(25);
    expect(kindCount(entities, 'attack-pattern')).toBe(3);
    expect(ctx.warnings).toEqual([]);
  });

  it('indicators-for-C2-with-COA.json: an IP and a SHA-256, the hash indicating malware that a course of action mitigates', async () => {
    const ctx = await runOn(stixImporter, stix('indicators-for-C2-with-COA.json'));
    expect(ctx.incidents).toEqual([]);
    expect(ctx.allIndicators.map((i) => [i.type, i.value, i.validFrom])).toEqual([
      ['ipv4', '10.0.0.0', '2014-05-08T09:00:00.000000Z'],
      ['sha256', 'ef537f25c895bfa782526529a9b63d97aa631564d5d789c2b765448c8635fb6c', '2014-05-08T09:00:00.000000Z'],
    ]);
    const hash = ctx.allIndicators[1]!;
    expect(hash).toMatchObject({
      externalId: 'indicator--a932fcc6-e032-476c-826f-cb970a5a1ade',
      description: 'Test description.',
      labels: ['malicious-activity'],
    });
    expect(hash.attributes.relationships).toEqual([
      { relationship: 'indicates', direction: 'out', ref: 'malware--fdd60b30-b67c-41e3-b0b9-f01faf20d111', other: "malware 'Poison Ivy'" },
    ]);
    const malware = ctx.allEntities.find((e) => e.value === 'malware:Poison Ivy')!;
    expect((malware.attributes!.relationships as { relationship: string; other: string }[]).map((r) => `${r.relationship} ${r.other}`)).toEqual([
      "mitigates course-of-action 'Add TCP port 80 Filter Rule to the existing Block UDP 1434 Filter'",
      "indicates indicator 'File hash for Poison Ivy variant'",
      "indicates indicator 'IP Address for known C2 channel'",
    ]);
  });

  it('infrastructure.json: the two observables without spec_version still import, as entities and observed values', async () => {
    const ctx = await runOn(stixImporter, stix('infrastructure.json'));
    expect(ctx.invalids).toEqual([]);
    expect(ctx.allEntities.filter((e) => e.type !== 'other').map((e) => [e.type, e.value])).toEqual([
      ['ip', '198.51.100.3'],
      ['domain', 'example.com'],
    ]);
    expect(ctx.allIndicators.map((i) => [i.type, i.value, i.forDetection])).toEqual([
      ['ipv4', '198.51.100.3', false],
      ['domain', 'example.com', false],
    ]);
    const ip = ctx.allEntities.find((e) => e.type === 'ip')!;
    expect(ip.attributes!.relationships).toEqual([
      expect.objectContaining({ relationship: 'consists-of', direction: 'in', other: "infrastructure 'Poison Ivy C2'" }),
    ]);
    expect(kindCount(ctx.allEntities, 'infrastructure')).toBe(2);
  });

  it('malicious-email-indicator-with-attachment.json: subject and attachment-name regexes are kept (the sample has no attachment hash)', async () => {
    const ctx = await runOn(stixImporter, stix('malicious-email-indicator-with-attachment.json'));
    expect(ctx.allIndicators.map((i) => [i.type, i.value, i.attributes.path, i.attributes.operator])).toEqual([
      ['other', '^[IMPORTANT] Please Review Before', 'email-message:subject', 'MATCHES'],
      // JSON '\\\\.' is the pattern's escaped backslash: the regex is ^Final Report.+\.exe$
      ['other', '^Final Report.+\\.exe$', 'email-message:body_multipart[*].body_raw_ref.name', 'MATCHES'],
    ]);
    const phishing = ctx.allEntities.find((e) => e.attributes?.kind === 'attack-pattern')!;
    expect(phishing).toMatchObject({ value: 'attack-pattern:Phishing', attributes: { capecIds: ['CAPEC-98'] } });
    expect(phishing.attributes!.relationships).toHaveLength(2);
  });

  it('test_event2_stix21.json (MISP-generated): two groupings, so no incident; observed-data on the timeline and as first/last seen', async () => {
    const ctx = await runOn(stixImporter, stix('test_event2_stix21.json'));
    expect(ctx.incidents).toEqual([]);
    const at = Date.UTC(2020, 9, 25, 16, 22) * 1000;
    expect(ctx.allEvents.map((e) => [e.time, e.timestampDesc, e.message])).toEqual([
      [at, 'First Observed', 'STIX observed-data: domain-name circl.lu, ipv4-addr 149.13.33.14 (observed once)'],
      [at, 'First Observed', "STIX observed-data: file 'test_file_name' (observed once)"],
    ]);
    const domain = ctx.allEntities.find((e) => e.type === 'domain')!;
    expect(domain).toMatchObject({ value: 'circl.lu', firstSeen: '2020-10-25T16:22:00.000000Z', attributes: { resolvesTo: ['149.13.33.14'] } });
    expect(ctx.allIndicators.filter((i) => i.forDetection).map((i) => [i.type, i.value])).toEqual([
      ['domain', 'circl.lu'],
      ['ipv4', '149.13.33.14'],
      ['filename', 'test_file_name'],
    ]);
    expect(kindCount(ctx.allEntities, 'grouping')).toBe(2);
  });

  it('test_events_collection_stix21.json: four groupings, an autonomous system, four observations', async () => {
    const ctx = await runOn(stixImporter, stix('test_events_collection_stix21.json'));
    expect(ctx.incidents).toEqual([]);
    expect(kindCount(ctx.allEntities, 'grouping')).toBe(4);
    expect(ctx.allEntities.find((e) => e.attributes?.kind === 'autonomous-system')).toMatchObject({ value: 'autonomous-system:AS174', display: 'AS174' });
    expect(ctx.allEvents).toHaveLength(4);
    expect(ctx.allIndicators.filter((i) => i.forDetection).map((i) => i.value)).toEqual(['circl.lu', 'circl.lu', '149.13.33.14', 'test_file_name']);
  });
});

describe('STIX 2.1 importer on crafted input', () => {
  const indicator = (id: string, pattern: string, extra: Record<string, unknown> = {}) => ({
    type: 'indicator',
    spec_version: '2.1',
    id: `indicator--${id}`,
    created: TS,
    modified: TS,
    pattern,
    pattern_type: 'stix',
    valid_from: TS,
    ...extra,
  });

  it('a broken pattern is a warning naming the object and the character; the other objects still import', async () => {
    const ctx = await runOnText(
      stixImporter,
      bundle(
        indicator('00000000-0000-4000-8000-000000000001', "[ipv4-addr:value = '10.0.0.1'"),
        indicator('00000000-0000-4000-8000-000000000002', "[ipv4-addr:value = '10.0.0.2']"),
      ),
    );
    expect(ctx.invalids).toEqual([]);
    expect(ctx.warnings).toEqual([
      "record 1: indicator--00000000-0000-4000-8000-000000000001: pattern syntax error at character 30: expected ']' to close the '[' at character 1, found the end of the pattern; kept as an indicator of type 'other' holding the raw pattern, not for detection",
    ]);
    expect(ctx.allIndicators.map((i) => [i.type, i.value, i.forDetection])).toEqual([
      ['other', "[ipv4-addr:value = '10.0.0.1'", false],
      ['ipv4', '10.0.0.2', true],
    ]);
  });

  it('Sigma, YARA, Snort and Suricata patterns are one indicator of type other carrying the rule', async () => {
    const rule = 'title: Suspicious\ndetection:\n  sel: {Image: x.exe}\n  condition: sel';
    const ctx = await runOnText(
      stixImporter,
      bundle(indicator('00000000-0000-4000-8000-000000000003', rule, { pattern_type: 'sigma', name: 'Suspicious x.exe' })),
    );
    expect(ctx.allIndicators).toEqual([
      expect.objectContaining({
        type: 'other',
        value: 'Suspicious x.exe',
        forDetection: true,
        origin: rule,
        attributes: expect.objectContaining({ rule, patternType: 'sigma' }),
      }),
    ]);
  });

  it('TLP comes from the well-known marking ids (TLP 1.0 and 2.0), marking definitions in the bundle, or tlp: labels', async () => {
    const ctx = await runOnText(
      stixImporter,
      bundle(
        {
          type: 'marking-definition',
          spec_version: '2.1',
          id: 'marking-definition--11111111-1111-4111-8111-111111111111',
          created: TS,
          definition_type: 'tlp',
          definition: { tlp: 'green' },
        },
        indicator('00000000-0000-4000-8000-000000000011', "[domain-name:value = 'red.example']", {
          object_marking_refs: ['marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed'],
        }),
        indicator('00000000-0000-4000-8000-000000000012', "[domain-name:value = 'strict.example']", {
          object_marking_refs: ['marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003'],
        }),
        indicator('00000000-0000-4000-8000-000000000013', "[domain-name:value = 'green.example']", {
          object_marking_refs: ['marking-definition--11111111-1111-4111-8111-111111111111'],
        }),
        indicator('00000000-0000-4000-8000-000000000014', "[domain-name:value = 'white.example']", { labels: ['TLP:WHITE'] }),
        indicator('00000000-0000-4000-8000-000000000015', "[domain-name:value = 'none.example']"),
      ),
    );
    expect(ctx.allIndicators.map((i) => [i.value, i.tlp])).toEqual([
      ['red.example', 'red'],
      ['strict.example', 'amber+strict'],
      ['green.example', 'green'],
      ['white.example', 'clear'],
      ['none.example', null],
    ]);
  });

  it("the report's TLP is the case's; without one, the strictest TLP in the bundle", async () => {
    const report = {
      type: 'report',
      spec_version: '2.1',
      id: 'report--00000000-0000-4000-8000-000000000020',
      created: TS,
      modified: TS,
      name: 'Weekly',
      published: TS,
      object_refs: [],
    };
    const marked = indicator('00000000-0000-4000-8000-000000000021', "[url:value = 'http://a.example/']", {
      object_marking_refs: ['marking-definition--f88d31f6-486f-44da-b317-01333bde0b82'],
    });
    const own = await runOnText(stixImporter, bundle({ ...report, object_marking_refs: ['marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da'] }, marked));
    expect(own.incidents[0]!.fields.tlp).toBe('green');
    const inherited = await runOnText(stixImporter, bundle(report, marked));
    expect(inherited.incidents[0]!.fields).toMatchObject({ title: 'Weekly', tlp: 'amber' });
    expect(inherited.incidents[0]!.createdAt).toBe('2021-03-04T05:06:07.890000Z');
  });

  it('a single object and a bare array of objects are documents too', async () => {
    const one = await runOnText(stixImporter, JSON.stringify(indicator('00000000-0000-4000-8000-000000000031', "[mutex:name = 'Global\\\\evil']")));
    expect(one.allIndicators.map((i) => [i.type, i.value])).toEqual([['mutex', 'Global\\evil']]);
    const many = await runOnText(stixImporter, JSON.stringify([{ type: 'url', id: 'url--00000000-0000-4000-8000-000000000032', value: 'http://x.example/a' }]));
    expect(many.allEntities.map((e) => [e.type, e.value])).toEqual([['url', 'http://x.example/a']]);
  });

  it('custom (x-...) and unknown objects are kept as other entities with a warning; a record without a type is invalid', async () => {
    const ctx = await runOnText(
      stixImporter,
      bundle(
        { type: 'x-acme-ticket', id: 'x-acme-ticket--00000000-0000-4000-8000-000000000041', name: 'INC-1', x_priority: 2 },
        { type: 'x-acme-ticket', id: 'x-acme-ticket--00000000-0000-4000-8000-000000000042', name: 'INC-2' },
        { type: 'extension-definition', id: 'extension-definition--00000000-0000-4000-8000-000000000043' },
        { id: 'no-type' },
        'not an object',
      ),
    );
    expect(ctx.allEntities.map((e) => [e.value, e.attributes?.x_priority])).toEqual([
      ['x-acme-ticket:INC-1', 2],
      ['x-acme-ticket:INC-2', undefined],
    ]);
    expect(ctx.warnings).toEqual([`2 object(s) of custom type "x-acme-ticket" were kept as 'other' entities with their fields as attributes`]);
    expect(ctx.invalids).toEqual([
      { position: { record: 4 }, field: 'type', reason: 'the object has no "type"' },
      { position: { record: 5 }, field: null, reason: 'a STIX object must be a JSON object, found string' },
    ]);
  });

  it('attack patterns with an ATT&CK reference carry the technique id; sightings and STIX 2.0 embedded observables reach the timeline', async () => {
    const ctx = await runOnText(
      stixImporter,
      bundle(
        {
          type: 'attack-pattern',
          id: 'attack-pattern--00000000-0000-4000-8000-000000000051',
          name: 'Spearphishing Attachment',
          external_references: [{ source_name: 'mitre-attack', external_id: 'T1566.001', url: 'https://attack.mitre.org/techniques/T1566/001' }],
        },
        indicator('00000000-0000-4000-8000-000000000052', "[ipv4-addr:value = '203.0.113.9']", { name: 'C2' }),
        { type: 'identity', id: 'identity--00000000-0000-4000-8000-000000000053', name: 'ACME SOC' },
        {
          type: 'sighting',
          id: 'sighting--00000000-0000-4000-8000-000000000054',
          sighting_of_ref: 'indicator--00000000-0000-4000-8000-000000000052',
          where_sighted_refs: ['identity--00000000-0000-4000-8000-000000000053'],
          count: 3,
          first_seen: '2021-01-01T10:00:00Z',
          last_seen: '2021-01-02T10:00:00Z',
        },
        {
          type: 'observed-data',
          id: 'observed-data--00000000-0000-4000-8000-000000000055',
          first_observed: '2021-01-03T00:00:00Z',
          last_observed: '2021-01-03T00:00:00Z',
          number_observed: 2,
          objects: { '0': { type: 'ipv4-addr', value: '198.51.100.7' }, '1': { type: 'network-traffic', src_ref: '0', dst_port: 445, protocols: ['tcp'] } },
        },
      ),
    );
    expect(ctx.allEntities.find((e) => e.attributes?.kind === 'attack-pattern')).toMatchObject({
      value: 'attack-pattern:T1566.001',
      display: 'Spearphishing Attachment (T1566.001)',
      attributes: { mitreId: 'T1566.001' },
    });
    expect(ctx.allEvents.map((e) => [new Date(e.time / 1000).toISOString(), e.timestampDesc, e.message])).toEqual([
      ['2021-01-01T10:00:00.000Z', 'First Seen', "STIX sighting of indicator 'C2' (3×) at identity 'ACME SOC'"],
      ['2021-01-02T10:00:00.000Z', 'Last Seen', "STIX sighting of indicator 'C2' (3×) at identity 'ACME SOC'"],
      ['2021-01-03T00:00:00.000Z', 'First Observed', 'STIX observed-data: ipv4-addr 198.51.100.7, network-traffic 198.51.100.7 → ?:445 (observed 2 times)'],
    ]);
    expect(ctx.allEntities.filter((e) => e.type === 'ip' || e.attributes?.kind === 'network-traffic').map((e) => [e.value, e.firstSeen])).toEqual([
      ['198.51.100.7', '2021-01-03T00:00:00.000000Z'],
      ['network-traffic:198.51.100.7 → ?:445 (tcp)', '2021-01-03T00:00:00.000000Z'],
    ]);
  });

  it('a bad time field is an invalid record naming the object and the field', async () => {
    const ctx = await runOnText(
      stixImporter,
      bundle(indicator('00000000-0000-4000-8000-000000000061', "[url:value = 'http://a.example/']", { valid_until: 'next tuesday' })),
    );
    expect(ctx.invalids).toEqual([{ position: { record: 1 }, field: 'valid_until', reason: '"next tuesday" is not a time this importer understands' }]);
    expect(ctx.allIndicators).toHaveLength(1);
  });

  it('a truncated file is refused, naming the line, column and byte where the JSON ends', async () => {
    const text = bundle(indicator('00000000-0000-4000-8000-000000000071', "[url:value = 'http://a.example/']"));
    const cut = text.slice(0, 120);
    const error = await runOnText(stixImporter, cut).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(ImportProblem);
    expect((error as Error).message).toMatch(
      /^test\.json: not valid JSON at line 1, column 121 \(byte 120\): the document ends early \(is the file truncated\?\)/,
    );
  });

  it('JSON that is not STIX is refused with what was found', async () => {
    await expect(runOnText(stixImporter, '{"hello": "world"}')).rejects.toThrow(
      'test.json: not a STIX 2.x document: expected a bundle {"type": "bundle", "objects": [...]}, a STIX object or a list of them; found an object with keys hello',
    );
  });

  it('a hub object keeps the first 200 of its relationships and their total', async () => {
    const malware = { type: 'malware', id: 'malware--00000000-0000-4000-8000-000000000081', name: 'Hub', is_family: true };
    const links = Array.from({ length: 250 }, (_, i) => ({
      type: 'relationship',
      id: `relationship--${i}`,
      relationship_type: 'indicates',
      source_ref: `indicator--${i}`,
      target_ref: malware.id,
    }));
    const ctx = await runOnText(stixImporter, bundle(malware, ...links));
    expect(ctx.allEntities[0]!.attributes).toMatchObject({ relationshipsTotal: 250, relationships: expect.any(Array) });
    expect(ctx.allEntities[0]!.attributes!.relationships).toHaveLength(200);
  });

  it('checkpoints while it works', async () => {
    const ctx = RecordingContext.ofText(
      bundle(...Array.from({ length: 1200 }, (_, i) => ({ type: 'ipv4-addr', id: `ipv4-addr--${i}`, value: `10.0.${i >> 8}.${i & 255}` }))),
    );
    await stixImporter.run(ctx);
    expect(ctx.checkpoints).toBeGreaterThanOrEqual(3);
    expect(ctx.allEntities).toHaveLength(1200);
  });
});
