import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../../tests/unit/support/temp-dir';
import { buildExportCase, SHA256 } from '../../../tests/unit/support/export-case';
import { exportEngine } from '../../../tests/unit/support/export-engine';

const tempDir = useTempDirs();

interface MispAttribute {
  type: string;
  category: string;
  value: string;
  to_ids: boolean;
}

describe('MISP event export', () => {
  it('writes an Event with typed, categorised attributes: indicators to_ids, observed entities not', async () => {
    const dir = tempDir();
    const { call } = await exportEngine(dir);
    const caseId = await buildExportCase(call, dir);
    const out = path.join(dir, 'case.misp.json');
    const result = await call('exports.intel', { caseId, format: 'misp', out });
    const { Event } = JSON.parse(readFileSync(out, 'utf8')) as {
      Event: { info: string; threat_level_id: string; Tag: { name: string }[]; Attribute: MispAttribute[] };
    };
    expect(Event.info).toMatch(/^Credential theft/);
    expect(Event.threat_level_id).toBe('1');
    expect(Event.Tag[0]!.name).toMatch(/^tlp:/);
    expect(result.items).toBe(Event.Attribute.length);
    const find = (type: string, value: string) => Event.Attribute.find((a) => a.type === type && a.value === value);
    expect(find('ip-dst', '203.0.113.7')).toMatchObject({ category: 'Network activity', to_ids: true });
    expect(find('domain', 'evil.example')).toMatchObject({ category: 'Network activity', to_ids: true });
    expect(find('sha256', SHA256)).toMatchObject({ category: 'Payload delivery', to_ids: true });
    expect(find('target-machine', 'ws-042.contoso.com')).toMatchObject({ category: 'Targeting data', to_ids: false });
    // One attribute per type and value: the indicator's, not again as an entity.
    expect(Event.Attribute.filter((a) => a.value === '203.0.113.7')).toHaveLength(1);
  });

  it("reads back through Casebook's MISP importer to the same indicators", async () => {
    const dir = tempDir();
    const { call } = await exportEngine(dir);
    const caseId = await buildExportCase(call, dir);
    const out = path.join(dir, 'case.misp.json');
    await call('exports.intel', { caseId, format: 'misp', out });
    const back = (await call('cases.create', { title: 'From MISP' })).cases![0]!.id;
    const imported = await call('import.start', { taskId: 'm', file: out, caseId: back, format: 'misp' });
    expect(imported.report.skippedTotal).toBe(0);
    const list = async (id: string) => (await call('indicators.list', { caseId: id })).indicators;
    const detection = (await list(back)).filter((i) => i.forDetection).map((i) => `${i.type} ${i.value}`);
    expect(detection.sort()).toEqual((await list(caseId)).map((i) => `${i.type} ${i.value}`).sort());
  });
});
