import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { mispImporter } from './misp-importer';
import { ImportProblem } from '../problems';
import type { EntityInput } from '../types';
import { runOn, runOnText, type RecordingContext } from '../../../../tests/unit/support/recording-context';
import { HAS_SAMPLES, NO_SAMPLES_REASON, sample } from '../../../../tests/unit/support/samples';

const misp = (name: string) => sample('misp', name);
const iso = (us: number) => new Date(us / 1000).toISOString();
const attackIds = (entities: EntityInput[]) =>
  entities.filter((e) => e.attributes?.kind === 'attack-pattern' && e.attributes.mitreId).map((e) => e.attributes!.mitreId as string);

/** A minimal event with the given attributes; everything else as MISP writes it. */
function event(attributes: Record<string, unknown>[], extra: Record<string, unknown> = {}) {
  return {
    uuid: '11111111-2222-4333-8444-555555555555',
    info: 'Crafted event',
    date: '2024-02-29',
    timestamp: '1709251200',
    threat_level_id: '1',
    analysis: '1',
    Tag: [{ name: 'tlp:amber' }],
    Attribute: attributes,
    ...extra,
  };
}
const attr = (type: string, value: string, extra: Record<string, unknown> = {}) => ({
  type,
  value,
  category: 'Network activity',
  to_ids: true,
  uuid: `uuid-${type}-${value}`,
  timestamp: '1709254800',
  ...extra,
});

describe.skipIf(!HAS_SAMPLES)(`MISP importer on the sample corpus${HAS_SAMPLES ? '' : ` (${NO_SAMPLES_REASON})`}`, () => {
  it('57c4445b-….json ({"Event": …}): the event is the incident, severity from threat_level_id "3", tlp:white → TLP clear', async () => {
    const ctx = await runOn(mispImporter, misp('57c4445b-c548-4654-af0b-4be3950d210f.json'));
    expect(ctx.incidents).toHaveLength(1);
    expect(ctx.incidents[0]).toMatchObject({
      externalId: '57c4445b-c548-4654-af0b-4be3950d210f',
      fields: {
        title: 'Ransomware - Xorist',
        severity: 'low',
        tlp: 'clear',
        tags: ['circl:incident-classification="malware"', 'ms-caro-malware:malware-type="Ransom"', 'malware_classification:malware-category="Ransomware"'],
      },
      createdAt: '2016-08-29T00:00:00.000000Z',
    });
    expect(ctx.incidents[0]!.fields.description).toMatch(
      /^MISP event 57c4445b-c548-4654-af0b-4be3950d210f from CIRCL, dated 2016-08-29\.\nAnalysis: completed\./,
    );
    expect(ctx.invalids).toEqual([]);
    expect(ctx.warnings).toEqual([]);
  });

  it('57c4445b-….json: the five to_ids attributes are indicators; the regkey|value is split, the value kept beside the key', async () => {
    const ctx = await runOn(mispImporter, misp('57c4445b-c548-4654-af0b-4be3950d210f.json'));
    expect(ctx.allIndicators.map((i) => [i.type, i.value, i.origin, i.tlp])).toEqual([
      ['filename', '3Z4wnG9603it23y.exe', 'filename', 'clear'],
      ['md5', '0749bae92ca336a02c83d126e04ec628', 'md5', 'clear'],
      ['sha1', '77b0c41b7d340b8a3d903f21347bbf06aa766b5b', 'sha1', 'clear'],
      ['sha256', 'b3c4ae251f8094fa15b510051835c657eaef2a6cea46075d3aec964b14a99f68', 'sha256', 'clear'],
      ['registry', 'Software\\Wow6432Node\\Microsoft\\Windows\\CurrentVersion\\Run', 'regkey|value', 'clear'],
    ]);
    expect(ctx.allIndicators[4]!.attributes).toMatchObject({ part: 'regkey', value: '%TEMP%\\3Z4wnG9603it23y.exe', category: 'Persistence mechanism' });
    expect(ctx.allEntities.map((e) => [e.type, e.value])).toEqual([
      ['file', '3Z4wnG9603it23y.exe'],
      ['hash', '0749bae92ca336a02c83d126e04ec628'],
      ['hash', '77b0c41b7d340b8a3d903f21347bbf06aa766b5b'],
      ['hash', 'b3c4ae251f8094fa15b510051835c657eaef2a6cea46075d3aec964b14a99f68'],
      ['registryKey', 'Software\\Wow6432Node\\Microsoft\\Windows\\CurrentVersion\\Run'],
    ]);
  });

  it('57c4445b-….json: every attribute is on the timeline at its epoch-second timestamp, after the publication', async () => {
    const ctx = await runOn(mispImporter, misp('57c4445b-c548-4654-af0b-4be3950d210f.json'));
    const events = ctx.allEvents;
    expect(events).toHaveLength(10);
    expect([iso(events[0]!.time), events[0]!.timestampDesc, events[0]!.message]).toEqual([
      '2016-08-30T09:10:31.000Z',
      'MISP Event Published',
      'MISP event published: Ransomware - Xorist',
    ]);
    // "timestamp": "1472540684" is 2016-08-30 07:04:44 UTC.
    expect([iso(events[1]!.time), events[1]!.message]).toEqual([
      '2016-08-30T07:04:44.000Z',
      'MISP attribute added: link https://www.virustotal.com/file/b3c4ae251f8094fa15b510051835c657eaef2a6cea46075d3aec964b14a99f68/analysis/1469554268/',
    ]);
    expect(events.find((e) => e.attributes.mispType === 'filename')).toMatchObject({
      message: 'MISP attribute added: filename 3Z4wnG9603it23y.exe',
      attributes: { toIds: 'true', category: 'Payload delivery' },
    });
  });

  it('existing_event.json (bare event): 7 + 76 indicators from attributes and file / domain-ip objects, 14 galaxy clusters', async () => {
    const ctx = await runOn(mispImporter, misp('existing_event.json'));
    expect(ctx.incidents.map((i) => [i.externalId, i.fields.title, i.fields.severity, i.fields.tlp])).toEqual([
      ['5a3c2fcd-8328-42bb-a95e-4f4402de0b81', 'OSINT - Sednit update: How Fancy Bear Spent the Year', 'low', 'clear'],
    ]);
    expect(ctx.allIndicators).toHaveLength(83);
    const fromObjects = ctx.allIndicators.filter((i) => i.attributes.object);
    expect(fromObjects).toHaveLength(76);
    const ip = ctx.allIndicators.find((i) => i.value === '185.216.35.26')!;
    expect(ip).toMatchObject({
      type: 'ipv4',
      origin: 'ip-dst',
      attributes: { object: 'domain-ip', objectRelation: 'ip', objectValues: { ip: '185.216.35.26', domain: 'webviewres.net' } },
    });
    const clusters = ctx.allEntities.filter((e) => e.attributes?.clusterUuid);
    expect(clusters).toHaveLength(14);
    // Older galaxies have no meta.external_id: the ATT&CK id comes from the cluster's attack.mitre.org page.
    expect(clusters.find((e) => e.value === 'malware:JHUHUGIT')).toMatchObject({
      display: 'JHUHUGIT (S0044)',
      attributes: { mitreId: 'S0044', galaxyType: 'mitre-malware' },
    });
    expect(ctx.allEvents).toHaveLength(122);
  });

  it('galaxy_1.json: ATT&CK techniques from galaxies on object attributes, including one whose external_id is only a CAPEC id', async () => {
    const ctx = await runOn(mispImporter, misp('galaxy_1.json'));
    expect(attackIds(ctx.allEntities).sort()).toEqual(['T1069', 'T1098']);
    expect(ctx.allEntities.find((e) => e.value === 'attack-pattern:T1069')).toMatchObject({
      display: 'Permission Groups Discovery (T1069)',
      attributes: { kind: 'attack-pattern', externalIds: ['CAPEC-576'], killChain: ['mitre-attack:discovery'], attachedTo: 'datetime 2018-04-10 14:41:38' },
    });
    expect(ctx.allEntities.filter((e) => e.attributes?.kind === 'intrusion-set').map((e) => e.attributes!.mitreId)).toEqual(['G0006', 'G0005']);
    expect(ctx.warnings).toEqual([
      expect.stringMatching(/^record 1: event 5acc88e9-265c-4f22-9d2b-b702950d210f: 2 tag\(s\) not kept as case tags .*they are kept in the case description$/),
    ]);
    expect(ctx.incidents[0]!.fields.description).toContain('misp-galaxy:guidelines="Leak of confidential information"');
  });

  it('mainly_objects_1.json: 17 objects, no loose attributes; to_ids hashes and names become 21 indicators', async () => {
    const ctx = await runOn(mispImporter, misp('mainly_objects_1.json'));
    expect(ctx.incidents[0]!.fields.title).toBe('MAR-10164494.r1.v1 (SamSam ransomware)');
    expect(ctx.allIndicators).toHaveLength(21);
    expect(new Set(ctx.allIndicators.map((i) => i.attributes.object))).toEqual(new Set(['file', 'pe', 'pe-section']));
    expect(ctx.allEvents).toHaveLength(75);
  });

  it('test_events_collection_1.json ({"response": [...]}): two events, two incidents, each with its own records', async () => {
    const ctx = await runOn(mispImporter, misp('test_events_collection_1.json'));
    expect(ctx.incidents.map((i) => [i.externalId, i.fields.title, i.fields.severity, i.fields.tlp])).toEqual([
      ['e2e6a6ea-f69b-4d93-8564-f51d67cafe51', 'MISP-STIX-Converter test event with AS attribute', 'medium', undefined],
      ['d402185f-c129-4f65-8678-43edb2cee1cf', 'MISP-STIX-Converter test event with domain attribute', 'medium', undefined],
    ]);
    expect(ctx.of('e2e6a6ea-f69b-4d93-8564-f51d67cafe51').entities.map((e) => e.value)).toEqual(['autonomous-system:AS174']);
    expect(ctx.of('e2e6a6ea-f69b-4d93-8564-f51d67cafe51').indicators).toEqual([]); // no to_ids
    expect(ctx.of('d402185f-c129-4f65-8678-43edb2cee1cf').indicators.map((i) => [i.type, i.value])).toEqual([['domain', 'circl.lu']]);
    expect(ctx.of('').entities).toEqual([]);
  });

  it('test_objects_collection_1.json ({"response": [{"Object": …}]}): loose objects go to the file’s own case', async () => {
    const ctx = await runOn(mispImporter, misp('test_objects_collection_1.json'));
    expect(ctx.incidents).toEqual([]);
    expect(ctx.of('').indicators.map((i) => [i.type, i.value, i.attributes.object])).toEqual([
      ['email', 'donald.duck@disney.com', 'email'],
      ['filename', 'oui', 'file'],
      ['md5', '8764605c6f388c89096b534d33565802', 'file'],
      ['sha1', '46aba99aa7158e4609aaa72b50990842fd22ae86', 'file'],
      ['sha256', 'ec5aedf5ecc6bdadd4120932170d1b10f6cfa175cfda22951dfd882928ab279b', 'file'],
    ]);
    expect(ctx.of('').entities.map((e) => [e.type, e.value])).toContainEqual(['emailAddress', 'jdoe@random.org']);
  });

  it('all three wrappers (and a list of events) give the same event', async () => {
    const wrapped = JSON.parse(readFileSync(misp('57c4445b-c548-4654-af0b-4be3950d210f.json'), 'utf8')) as { Event: unknown };
    const shapes = [wrapped.Event, wrapped, { response: [wrapped] }, [wrapped]];
    const results: RecordingContext[] = [];
    for (const shape of shapes) results.push(await runOnText(mispImporter, JSON.stringify(shape)));
    const summary = (ctx: RecordingContext) => JSON.stringify([ctx.incidents, ctx.indicators, ctx.entities, ctx.events]);
    for (const ctx of results.slice(1)) expect(summary(ctx)).toBe(summary(results[0]!));
    expect(results[0]!.incidents[0]!.fields.title).toBe('Ransomware - Xorist');
  });
});

describe('MISP importer on crafted input', () => {
  it('TLP tags go to the TLP field (the strictest wins, any casing); an unknown tlp: tag stays a tag, with a warning', async () => {
    const ctx = await runOnText(
      mispImporter,
      JSON.stringify({ Event: event([], { Tag: [{ name: 'TLP:GREEN' }, { name: 'tlp:amber+strict' }, { name: 'tlp:ex:chr' }, { name: 'apt' }] }) }),
    );
    expect(ctx.incidents[0]!.fields).toMatchObject({ tlp: 'amber+strict', tags: ['tlp:ex:chr', 'apt'] });
    expect(ctx.warnings).toEqual(['record 1: event 11111111-2222-4333-8444-555555555555: tag "tlp:ex:chr" is not a TLP level this app knows; kept as a tag']);
    for (const [tag, tlp] of [
      ['tlp:white', 'clear'],
      ['tlp:clear', 'clear'],
      ['tlp:red', 'red'],
      ['Tlp:Amber', 'amber'],
    ]) {
      const one = await runOnText(mispImporter, JSON.stringify(event([], { Tag: [{ name: tag }] })));
      expect(one.incidents[0]!.fields.tlp).toBe(tlp);
    }
  });

  it('an attribute’s own TLP tag overrides the event’s on its indicator', async () => {
    const ctx = await runOnText(
      mispImporter,
      JSON.stringify(event([attr('domain', 'a.example', { Tag: [{ name: 'tlp:red' }, { name: 'kill-chain:c2' }] }), attr('domain', 'b.example')])),
    );
    expect(ctx.allIndicators.map((i) => [i.value, i.tlp, i.labels])).toEqual([
      ['a.example', 'red', ['tlp:red', 'kill-chain:c2']],
      ['b.example', 'amber', []],
    ]);
  });

  it('threat_level_id as a number or a name; an unknown one warns and leaves the default', async () => {
    const high = await runOnText(mispImporter, JSON.stringify(event([], { threat_level_id: 1 })));
    expect(high.incidents[0]!.fields.severity).toBe('high');
    const info = await runOnText(mispImporter, JSON.stringify(event([], { threat_level_id: '4' })));
    expect(info.incidents[0]!.fields.severity).toBe('informational');
    const odd = await runOnText(mispImporter, JSON.stringify(event([], { threat_level_id: '7' })));
    expect(odd.incidents[0]!.fields.severity).toBeUndefined();
    expect(odd.warnings).toEqual([
      'record 1: event 11111111-2222-4333-8444-555555555555: threat_level_id "7" is not 1-4; the severity was left at its default',
    ]);
  });

  it('composite attributes give both indicators; deleted attributes and objects are skipped, with a warning', async () => {
    const ctx = await runOnText(
      mispImporter,
      JSON.stringify(
        event(
          [
            attr('ip-dst|port', '203.0.113.4|8443'),
            attr('domain|ip', 'c2.example|198.51.100.9'),
            attr('filename|sha256', `drop.exe|${'ab'.repeat(32)}`),
            attr('url', 'http://gone.example/', { deleted: true }),
            attr('email-src', 'x@evil.example', { to_ids: '0' }),
          ],
          { Object: [{ name: 'file', uuid: 'obj-1', deleted: true, Attribute: [attr('md5', '00'.repeat(16))] }] },
        ),
      ),
    );
    expect(ctx.allIndicators.map((i) => [i.type, i.value])).toEqual([
      ['ipv4', '203.0.113.4'],
      ['domain', 'c2.example'],
      ['ipv4', '198.51.100.9'],
      ['filename', 'drop.exe'],
      ['sha256', 'ab'.repeat(32)],
    ]);
    expect(ctx.allIndicators[0]!.attributes).toMatchObject({ part: 'ip-dst', port: '8443' });
    // Not to_ids: an entity, not an indicator.
    expect(ctx.allEntities.map((e) => e.value)).toContain('x@evil.example');
    expect(ctx.warnings).toEqual(['record 1: event 11111111-2222-4333-8444-555555555555: 2 attribute(s) marked deleted were skipped']);
  });

  it('epoch-second strings become the right UTC instant; "0" publish_timestamp means not published; the date is a UTC day', async () => {
    const ctx = await runOnText(mispImporter, JSON.stringify(event([attr('domain', 'a.example', { timestamp: '1700000000' })], { publish_timestamp: '0' })));
    expect(ctx.allEvents.map((e) => [iso(e.time), e.message])).toEqual([['2023-11-14T22:13:20.000Z', 'MISP attribute added: domain a.example']]);
    expect(ctx.incidents[0]!.createdAt).toBe('2024-02-29T00:00:00.000000Z');
    const noDate = await runOnText(mispImporter, JSON.stringify(event([], { date: undefined })));
    expect(noDate.incidents[0]!.createdAt).toBe('2024-03-01T00:00:00.000000Z');
  });

  it('sightings (on the event and on attributes) are timeline events naming what was sighted', async () => {
    const ctx = await runOnText(
      mispImporter,
      JSON.stringify(
        event(
          [
            attr('domain', 'a.example', {
              uuid: 'a-1',
              Sighting: [{ date_sighting: '1709258400', type: '0', Organisation: { name: 'CERT-X' }, source: 'sensor-3' }],
            }),
          ],
          {
            Sighting: [{ date_sighting: '1709262000', type: '1', attribute_uuid: 'a-1' }],
          },
        ),
      ),
    );
    expect(ctx.allEvents.filter((e) => e.timestampDesc === 'MISP Sighting').map((e) => [iso(e.time), e.message])).toEqual([
      ['2024-03-01T02:00:00.000Z', 'MISP sighting of domain a.example by CERT-X (source: sensor-3)'],
      ['2024-03-01T03:00:00.000Z', 'MISP false positive of domain a.example'],
    ]);
  });

  it('a bad attribute timestamp is an invalid record naming the event and the attribute', async () => {
    const ctx = await runOnText(mispImporter, JSON.stringify({ response: [{ Event: event([attr('domain', 'a.example', { timestamp: 'yesterday' })]) }] }));
    expect(ctx.invalids).toEqual([{ position: { record: 1 }, field: 'Attribute[0].timestamp', reason: '"yesterday" is not a time this importer understands' }]);
    expect(ctx.allIndicators).toHaveLength(1);
  });

  it('a stray item in a response list is an invalid record; the events around it import', async () => {
    const ctx = await runOnText(mispImporter, JSON.stringify({ response: [{ Event: event([]) }, { foo: 1 }] }));
    expect(ctx.incidents).toHaveLength(1);
    expect(ctx.invalids).toEqual([
      { position: { record: 2 }, field: null, reason: 'neither a MISP event ({"Event": ...}), an object ({"Object": ...}) nor an attribute' },
    ]);
  });

  it('an attribute search ({"response": {"Attribute": [...]}}, the usual IOC pull) gives indicators and entities of the file\'s own case, each naming its event', async () => {
    // As MISP's JSON export writes /attributes/restSearch: each attribute with a short Event and its tags (event tags inherited).
    const found = (type: string, value: string, eventId: string, info: string, extra: Record<string, unknown> = {}) => ({
      id: `${type}-${value}`,
      event_id: eventId,
      object_id: '0',
      object_relation: null,
      category: 'Network activity',
      type,
      value,
      to_ids: true,
      uuid: `uuid-${value}`,
      timestamp: '1709254800',
      distribution: '5',
      sharing_group_id: '0',
      comment: '',
      deleted: false,
      disable_correlation: false,
      first_seen: null,
      last_seen: null,
      Event: { org_id: '1', distribution: '0', id: eventId, info, orgc_id: '1', uuid: `event-${eventId}` },
      Tag: [{ id: '3', name: 'tlp:green', colour: '#339900', numerical_value: null, inherited: 1 }],
      ...extra,
    });
    const text = JSON.stringify({
      response: {
        Attribute: [
          found('ip-dst', '203.0.113.9', '12', 'Emotet C2 March'),
          found('domain', 'c2.evil.example', '12', 'Emotet C2 March'),
          found('sha256', '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08', '31', 'Loader hashes', { to_ids: false }),
        ],
      },
    });
    expect(mispImporter.sniff({ name: 'search.json', size: text.length, head: Buffer.from(text), text })).toBe(0.95);
    const ctx = await runOnText(mispImporter, text, 'search.json');
    expect(ctx.invalids).toEqual([]);
    expect(ctx.incidents).toEqual([]);
    expect(ctx.allIndicators.map((i) => [i.type, i.value, i.tlp, i.attributes?.eventUuid, i.attributes?.eventInfo])).toEqual([
      ['ipv4', '203.0.113.9', 'green', 'event-12', 'Emotet C2 March'],
      ['domain', 'c2.evil.example', 'green', 'event-12', 'Emotet C2 March'],
    ]);
    expect(ctx.allEntities.map((e) => `${e.type} ${e.value}`)).toEqual(
      expect.arrayContaining(['ip 203.0.113.9', 'domain c2.evil.example', 'hash 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08']),
    );
    expect(ctx.allEvents.map((e) => e.message)).toContain('MISP attribute added: ip-dst 203.0.113.9');

    // The same attributes as a bare list (/attributes/index), and an empty search.
    const list = await runOnText(mispImporter, JSON.stringify([found('url', 'https://evil.example/x', '4', 'Phish')]));
    expect(list.allIndicators.map((i) => [i.type, i.value])).toEqual([['url', 'https://evil.example/x']]);
    const none = await runOnText(mispImporter, '{"response": {"Attribute": []}}');
    expect([none.allIndicators, none.invalids]).toEqual([[], []]);
  });

  it('the event index (/events/index): each event an incident, its tags from EventTag', async () => {
    const row = (id: string, info: string) => ({
      id,
      org_id: '1',
      date: '2024-03-01',
      info,
      uuid: `event-${id}`,
      published: true,
      analysis: '2',
      attribute_count: '14',
      orgc_id: '1',
      timestamp: '1709254800',
      distribution: '1',
      threat_level_id: '2',
      publish_timestamp: '1709258400',
      Org: { id: '1', name: 'CIRCL' },
      Orgc: { id: '1', name: 'CIRCL' },
      EventTag: [
        { id: '9', event_id: id, tag_id: '3', Tag: { id: '3', name: 'tlp:amber', colour: '#FFC000' } },
        { id: '10', event_id: id, tag_id: '4', Tag: { id: '4', name: 'malware:emotet' } },
      ],
    });
    const ctx = await runOnText(mispImporter, JSON.stringify([row('12', 'Emotet C2 March'), row('31', 'Loader hashes')]));
    expect(ctx.incidents.map((i) => [i.externalId, i.fields.title, i.fields.tlp, i.fields.tags, i.fields.severity])).toEqual([
      ['event-12', 'Emotet C2 March', 'amber', ['malware:emotet'], 'medium'],
      ['event-31', 'Loader hashes', 'amber', ['malware:emotet'], 'medium'],
    ]);
  });

  it('a truncated file is refused naming the line, column and byte where the JSON stops', async () => {
    const text = JSON.stringify({ Event: event([attr('domain', 'a.example')]) }, null, 2);
    const error = await runOnText(mispImporter, text.slice(0, 200)).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(ImportProblem);
    expect((error as Error).message).toMatch(
      /^test\.json: not valid JSON at line \d+, column \d+ \(byte 200\): the document ends early \(is the file truncated\?\)/,
    );
  });

  it('JSON that is not a MISP event is refused with what was found', async () => {
    await expect(runOnText(mispImporter, '{"type": "bundle", "objects": []}')).rejects.toThrow(
      'test.json: not a MISP event: expected {"Event": {...}}, {"response": [{"Event": {...}}]}, an event object with "info" or an attribute search {"response": {"Attribute": [...]}}; found an object with keys type, objects',
    );
  });
});
