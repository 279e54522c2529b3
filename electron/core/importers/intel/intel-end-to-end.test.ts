import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importIntoNewVault } from '../../../../tests/unit/support/vault-import';
import { useTempDirs } from '../../../../tests/unit/support/temp-dir';
import { HAS_SAMPLES, NO_SAMPLES_REASON, sample } from '../../../../tests/unit/support/samples';

/**
 * The whole pipeline, as a user runs it: sniffing picks the importer, the
 * collector dedups, the journal commits, and the cases replayed from their
 * journals hold what the files said.
 */

const tempDir = useTempDirs();
const attackPatterns = (entities: Iterable<{ type: string; attributes: Record<string, unknown> }>) =>
  [...entities].filter((e) => e.type === 'other' && e.attributes.kind === 'attack-pattern');

describe.skipIf(!HAS_SAMPLES)(`STIX and MISP imports end to end${HAS_SAMPLES ? '' : ` (${NO_SAMPLES_REASON})`}`, () => {
  it('poisonivy.json without a chosen case makes one case named after its report, with IOCs deduplicated', async () => {
    const { report, cases } = await importIntoNewVault(tempDir(), { file: sample('stix21', 'poisonivy.json') });
    expect(report.format).toBe('stix21');
    expect(report.caseIds).toHaveLength(1);
    const [{ state, counts }] = cases as [(typeof cases)[0]];
    expect(state.case).toMatchObject({ title: 'Poison Ivy: Assessing Damage and Extracting Intelligence', tags: ['threat-report', 'malware'], tlp: 'amber' });
    // 67 IOC records in the patterns, 45 distinct values.
    expect(counts.indicators).toBe(45);
    const shared = [...state.indicators.values()].find((i) => i.value === '113.10.246.30')!;
    expect(shared).toMatchObject({ type: 'ipv4', forDetection: true, source: 'poisonivy.json' });
    expect(attackPatterns(state.entities.values())).toHaveLength(3);
    expect(counts.events).toBe(1);
    expect(report.warnings).toEqual([]);
  });

  it('test_event2_stix21.json: one case for the file, SCO entities with first/last seen from observed-data', async () => {
    const { report, cases } = await importIntoNewVault(tempDir(), { file: sample('stix21', 'test_event2_stix21.json') });
    expect(report.caseIds).toHaveLength(1);
    const { state, counts } = cases[0]!;
    expect(state.case.title).toBe('Import of test_event2_stix21.json');
    expect(counts.events).toBe(2);
    const domain = [...state.entities.values()].find((e) => e.type === 'domain' && e.key === 'circl.lu')!;
    expect(domain.firstSeen).toBe('2020-10-25T16:22:00.000000Z');
    // The observed value and the indicator's IOC are one record, marked for detection.
    expect([...state.indicators.values()].filter((i) => i.value === 'circl.lu').map((i) => i.forDetection)).toEqual([true]);
  });

  it('test_events_collection_1.json: two MISP events become two cases, each with its own severity and records', async () => {
    const { report, cases } = await importIntoNewVault(tempDir(), { file: sample('misp', 'test_events_collection_1.json') });
    expect(report.format).toBe('misp');
    expect(cases.map((c) => [c.state.case.title, c.state.case.severity, c.counts.indicators, c.counts.events])).toEqual([
      ['MISP-STIX-Converter test event with AS attribute', 'medium', 0, 1],
      ['MISP-STIX-Converter test event with domain attribute', 'medium', 1, 1],
    ]);
    expect([...cases[0]!.state.entities.values()].map((e) => e.display)).toEqual(['AS174']);
  });

  it('galaxy_1.json: the case has the TLP of its tlp: tag, its galaxy techniques and a timeline', async () => {
    const { cases } = await importIntoNewVault(tempDir(), { file: sample('misp', 'galaxy_1.json') });
    const { state, counts } = cases[0]!;
    expect(state.case).toMatchObject({
      title: "OSINT - PUBG Ransomware Decrypts Your Files If You Play PlayerUnknown's Battlegrounds",
      severity: 'low',
      tlp: 'clear',
    });
    expect(state.case.tags).not.toContain('tlp:white');
    expect(
      attackPatterns(state.entities.values())
        .map((e) => e.attributes.mitreId)
        .sort(),
    ).toEqual(['T1069', 'T1098']);
    // Four to_ids values, one sha256 both an attribute and in the file object: three indicators.
    expect(counts.indicators).toBe(3);
    expect(counts.events).toBe(11);
  });

  it('a broken pattern does not stop the import: the case is made and the warning is in its report', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'broken.json');
    writeFileSync(
      file,
      JSON.stringify({
        type: 'bundle',
        id: 'bundle--00000000-0000-4000-8000-000000000000',
        objects: [
          {
            type: 'indicator',
            spec_version: '2.1',
            id: 'indicator--00000000-0000-4000-8000-000000000001',
            pattern: "[file:name = 'a.exe' AND]",
            pattern_type: 'stix',
            valid_from: '2020-01-01T00:00:00Z',
          },
          {
            type: 'indicator',
            spec_version: '2.1',
            id: 'indicator--00000000-0000-4000-8000-000000000002',
            pattern: "[file:name = 'b.exe']",
            pattern_type: 'stix',
            valid_from: '2020-01-01T00:00:00Z',
          },
        ],
      }),
    );
    const { report, cases } = await importIntoNewVault(path.join(dir, 'vault'), { file });
    expect(report.warnings).toEqual([expect.stringContaining('indicator--00000000-0000-4000-8000-000000000001: pattern syntax error at character 25')]);
    expect(cases[0]!.counts.indicators).toBe(2);
  });
});
