import { describe, expect, it } from 'vitest';
import { custodyPartName, evidencePartName, isEvidenceFileName, unsafeEvidenceName } from './evidence-names';
import { unsafeName } from './package-format';

const ITEM = '5f0c1a2e-9b7d-4c1e-8a55-0d3f2b1c9e77';

describe('evidence part names', () => {
  it('keep a path as it was ingested, spaces and any script included', () => {
    expect(evidencePartName(ITEM, 'Event Logs/résumé ü.evtx')).toBe(`evidence/${ITEM}/Event Logs/résumé ü.evtx`);
    expect(unsafeName(evidencePartName(ITEM, 'Event Logs/résumé ü.evtx'))).toBeNull();
    expect(isEvidenceFileName(evidencePartName(ITEM, 'a'))).toBe(true);
    expect(isEvidenceFileName(custodyPartName(ITEM))).toBe(false);
  });

  it('percent-encode what could climb out of the folder or make two paths one: %, \\, control characters, . and ..', () => {
    const cases: [string, string][] = [
      ['..', '%2E%2E'],
      ['a/./b', 'a/%2E/b'],
      ['dir\\..\\x', 'dir%5C..%5Cx'],
      ['100%.txt', '100%25.txt'],
      ['line\nbreak', 'line%0Abreak'],
    ];
    for (const [path, encoded] of cases) {
      const name = evidencePartName(ITEM, path);
      expect(name).toBe(`evidence/${ITEM}/${encoded}`);
      expect(unsafeName(name)).toBeNull();
    }
    // Distinct paths stay distinct names.
    expect(evidencePartName(ITEM, '%5C')).not.toBe(evidencePartName(ITEM, '\\'));
  });

  it('are refused when a package holds them unencoded, or under no item', () => {
    expect(unsafeName(`evidence/${ITEM}/../../etc/passwd`)).toMatch(/climbs out/);
    expect(unsafeEvidenceName(`evidence/${ITEM}/a/./b`)).toMatch(/empty, "\." or "\.\." segment/);
    expect(unsafeEvidenceName(`evidence/${ITEM}/a\\b`)).toMatch(/backslash or a control character/);
    expect(unsafeEvidenceName(`evidence/${ITEM}//b`)).toMatch(/empty/);
    expect(unsafeEvidenceName('evidence/.hidden/a')).toMatch(/does not name an evidence item/);
    expect(unsafeEvidenceName('evidence/notes.txt')).toMatch(/not an evidence custody file name/);
    expect(unsafeEvidenceName(`evidence/${ITEM}/${'x'.repeat(300)}`)).toMatch(/longer than 255 bytes/);
  });
});
