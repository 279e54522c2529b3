import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { detect, readSample } from '../registry';
import { sniffStix } from '../stix/stix-importer';
import { sniffMisp } from '../misp/misp-importer';
import type { Sample } from '../types';
import { HAS_SAMPLES, NO_SAMPLES_REASON, SAMPLES } from '../../../../tests/unit/support/samples';

/** Every file of the corpus, relative to it. */
function corpus(dir = SAMPLES): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? corpus(full) : [path.relative(SAMPLES, full)];
  });
}

const textSample = (text: string, name = 'x.json'): Sample => ({ name, size: Buffer.byteLength(text), head: Buffer.from(text), text });

describe.skipIf(!HAS_SAMPLES)(`STIX and MISP sniffers on every file of the corpus${HAS_SAMPLES ? '' : ` (${NO_SAMPLES_REASON})`}`, () => {
  it('each STIX sample is claimed by STIX first, and MISP claims none of them', async () => {
    for (const file of corpus().filter((f) => f.startsWith('stix21/'))) {
      const sample = await readSample(path.join(SAMPLES, file), path.basename(file));
      const found = detect(sample);
      expect(found[0], file).toMatchObject({ importer: { format: 'stix21' } });
      expect(found[0]!.confidence, file).toBeGreaterThanOrEqual(0.9);
      expect(sniffMisp(sample), file).toBe(0);
    }
  });

  it('each MISP sample (all wrappers, object collections) is claimed by MISP first, and STIX claims none of them', async () => {
    for (const file of corpus().filter((f) => f.startsWith('misp/'))) {
      const sample = await readSample(path.join(SAMPLES, file), path.basename(file));
      const found = detect(sample);
      expect(found[0], file).toMatchObject({ importer: { format: 'misp' } });
      expect(found[0]!.confidence, file).toBeGreaterThanOrEqual(0.85);
      expect(sniffStix(sample), file).toBe(0);
    }
  });

  it('neither claims any other file of the corpus (Defender, Sentinel, Timesketch, Plaso, Hayabusa, Security-Datasets)', async () => {
    const others = corpus().filter((f) => !f.startsWith('stix21/') && !f.startsWith('misp/') && f !== 'SOURCES.md');
    expect(others.length).toBeGreaterThan(10);
    for (const file of others) {
      const sample = await readSample(path.join(SAMPLES, file), path.basename(file));
      expect([file, sniffStix(sample), sniffMisp(sample)]).toEqual([file, 0, 0]);
    }
  });
});

describe('STIX and MISP sniffers on crafted input', () => {
  it('JSON that is neither STIX nor MISP is not claimed', () => {
    for (const text of [
      '{"hello": "world"}',
      '[1, 2, 3]',
      '{"type": "indicator", "name": "not stix: no id"}',
      '{"info": "a string", "other": 1}',
      'not json',
    ]) {
      expect([text, sniffStix(textSample(text)), sniffMisp(textSample(text))]).toEqual([text, 0, 0]);
    }
  });

  it('a single STIX object or a bare list of objects is STIX; a bare MISP event is MISP', () => {
    expect(
      sniffStix(
        textSample('{"type": "indicator", "spec_version": "2.1", "id": "indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f", "pattern": "[a:b = \'c\']"}'),
      ),
    ).toBeGreaterThanOrEqual(0.9);
    expect(
      sniffStix(textSample('[{"type": "ipv4-addr", "id": "ipv4-addr--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f", "value": "10.0.0.1", "spec_version": "2.1"}]')),
    ).toBeGreaterThanOrEqual(0.9);
    expect(sniffMisp(textSample('{"uuid": "5a3c2fcd-8328-42bb-a95e-4f4402de0b81", "info": "x", "threat_level_id": "3", "Attribute": []}'))).toBe(0.85);
  });

  it('only the first 256 KiB are seen: a sample cut in the middle still sniffs', () => {
    const text =
      '{"type": "bundle", "id": "bundle--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f", "objects": [{"type": "indicator", "id": "indicator--8e2e2d2b-17d4-4cbf-9';
    expect(sniffStix(textSample(text))).toBe(0.95);
    expect(sniffMisp(textSample('{"response": [{"Event": {"info": "cut'))).toBe(0.95);
  });
});
