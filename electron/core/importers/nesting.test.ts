import { describe, expect, it } from 'vitest';
import { runImporter } from '../../../tests/unit/support/import-harness';
import { MAX_NESTING, tooDeep } from './nesting';
import { timesketchJsonl } from './timesketch';
import { stixImporter } from './stix/stix-importer';
import { mispImporter } from './misp/misp-importer';
import { graphSecurity } from './microsoft';

/** `[[[…]]]` nested `depth` deep, as JSON text. */
const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

describe('tooDeep', () => {
  it('names the top-level field under which a record nests past the limit, at any depth', () => {
    expect(tooDeep({ a: 1, b: JSON.parse(nested(MAX_NESTING - 1)) })).toBeNull();
    expect(tooDeep({ a: 1, b: JSON.parse(nested(MAX_NESTING)) })).toEqual({ field: 'b' });
    expect(tooDeep({ a: { b: JSON.parse(nested(200_000)) } })).toEqual({ field: 'a' });
    expect(tooDeep(JSON.parse(nested(MAX_NESTING + 1)))).toEqual({ field: null });
    expect(tooDeep('text')).toBeNull();
  });
});

// Each of these overflowed the stack (a RangeError) and ended the whole import, --skip-invalid or not.
describe('records nested 100,000 deep are one invalid record each', () => {
  const deep = nested(100_000);

  it('in JSON Lines, at their line and field', async () => {
    const ok = '{"datetime":"2024-01-01T00:00:00Z","message":"ok","timestamp_desc":"x"}';
    const bad = `{"datetime":"2024-01-01T00:00:01Z","message":"m","timestamp_desc":"x","payload":${deep}}`;
    const r = await runImporter(timesketchJsonl, Buffer.from(`${ok}\n${bad}\n${ok}\n`), { name: 't.jsonl' });
    expect(r.error).toBeNull();
    expect(r.events).toHaveLength(2);
    expect(r.invalid).toEqual([`t.jsonl: line 2, field "payload": nested more than ${MAX_NESTING} levels deep`]);
  });

  it('in a STIX bundle, at their record', async () => {
    const indicator = (n: number, extra = '') =>
      `{"type":"indicator","spec_version":"2.1","id":"indicator--0000000${n}-0000-4000-8000-000000000000","created":"2024-01-01T00:00:00Z","modified":"2024-01-01T00:00:00Z","pattern":"[ipv4-addr:value = '10.0.0.${n}']","pattern_type":"stix","valid_from":"2024-01-01T00:00:00Z"${extra}}`;
    const bundle = `{"type":"bundle","id":"bundle--00000000-0000-4000-8000-000000000000","objects":[${indicator(1)},${indicator(2, `,"x_deep":${deep}`)}]}`;
    const r = await runImporter(stixImporter, Buffer.from(bundle), { name: 'b.json' });
    expect(r.error).toBeNull();
    expect(r.invalid).toEqual([`b.json: record 2, field "x_deep": nested more than ${MAX_NESTING} levels deep`]);
    expect(r.collector.counts.indicators).toBe(1);
  });

  it('in a MISP document, at their record', async () => {
    const event = (info: string, extra = '') => `{"Event":{"info":"${info}","uuid":"u-${info}","threat_level_id":"1","Attribute":[]${extra}}}`;
    const r = await runImporter(mispImporter, Buffer.from(`[${event('a')},${event('b', `,"Tag":${deep}`)}]`), { name: 'm.json' });
    expect(r.error).toBeNull();
    expect(r.invalid).toEqual([`m.json: record 2, field "Tag": nested more than ${MAX_NESTING} levels deep`]);
  });

  it('in Graph security JSON, at their record', async () => {
    const alert = (id: string, extra = '') =>
      `{"@odata.type":"#microsoft.graph.security.alert","id":"${id}","title":"t","severity":"high","status":"new","createdDateTime":"2024-01-01T00:00:00Z"${extra}}`;
    const r = await runImporter(graphSecurity, Buffer.from(`{"value":[${alert('a1')},${alert('a2', `,"evidence":${deep}`)}]}`), { name: 'g.json' });
    expect(r.error).toBeNull();
    expect(r.invalid).toEqual([`g.json: record 2, field "evidence": nested more than ${MAX_NESTING} levels deep`]);
    expect(r.alerts).toHaveLength(1);
  });
});
