import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HAS_SAMPLES, NO_SAMPLES_REASON, SAMPLES } from '../../../../tests/unit/support/samples';
import { readSample } from '../registry';
import type { Sample } from '../types';
import { defenderMachineActions } from './machine-actions';
import { graphSecurity } from './graph-security';
import { sentinel } from './sentinel';

const OURS = [graphSecurity, defenderMachineActions, sentinel];

/** Which of our importers claim a sample, with their confidence. */
const claims = (s: Sample) => Object.fromEntries(OURS.map((i) => [i.format, i.sniff(s)] as const).filter(([, c]) => c > 0));

const textSample = (text: string, name = 'x.json'): Sample => ({ name, size: text.length, head: Buffer.from(text), text });

const walk = (dir: string): string[] =>
  readdirSync(dir).flatMap((n) => {
    const f = path.join(dir, n);
    return statSync(f).isDirectory() ? walk(f) : [f];
  });

describe('Microsoft sniffers', () => {
  describe.skipIf(!HAS_SAMPLES)(HAS_SAMPLES ? 'on every file of the sample corpus' : NO_SAMPLES_REASON, () => {
    const mine: Record<string, string> = {
      'defender/graph-incident-with-alert.json': 'graph-security',
      'defender/machine-actions.json': 'defender-machine-actions',
      'sentinel/rest-incident.json': 'sentinel',
    };

    it('each claims its own sample strongly, and no other importer of ours claims it', async () => {
      for (const [rel, format] of Object.entries(mine)) {
        const s = await readSample(path.join(SAMPLES, rel), path.basename(rel));
        expect(claims(s), rel).toEqual({ [format]: 0.95 });
      }
    });

    it("claims none of the other formats' files", async () => {
      for (const file of walk(SAMPLES)) {
        const rel = path.relative(SAMPLES, file).split(path.sep).join('/');
        if (mine[rel]) continue;
        expect(claims(await readSample(file, path.basename(file))), rel).toEqual({});
      }
    });
  });

  it('recognise exports by content, not by name', () => {
    const graphNoType = JSON.stringify({ value: [{ id: 'a', alertWebUrl: 'https://security.microsoft.com/alerts/a', providerAlertId: 'a', title: 't' }] });
    expect(claims(textSample(graphNoType, 'export.txt'))).toEqual({ 'graph-security': 0.8 });
    const actionNoContext = JSON.stringify([{ id: 'x', type: 'Isolate', requestor: 'a', machineId: 'm', creationDateTimeUtc: '2024-01-01T00:00:00Z' }]);
    expect(claims(textSample(actionNoContext))).toEqual({ 'defender-machine-actions': 0.85 });
    expect(claims(textSample('{"Type":"SecurityAlert","SystemAlertId":"1","AlertName":"x"}\n'))).toEqual({ sentinel: 0.9 });
    expect(claims(textSample('{"Timestamp":"2024-01-01T00:00:00Z","DeviceName":"pc","ActionType":"ProcessCreated"}\n'))).toEqual({ sentinel: 0.8 });
    expect(claims(textSample('{"tables":[{"name":"PrimaryResult","columns":[],"rows":[]}]}'))).toEqual({ sentinel: 0.85 });
    // A Timesketch line and a CSV with the same words are not ours.
    expect(claims(textSample('{"message":"x","datetime":"2024-01-01T00:00:00Z","timestamp_desc":"Event Recorded"}\n'))).toEqual({});
    expect(claims(textSample('Timestamp,Computer,EventID,ActionType\n2024-01-01,pc,1,x\n', 'x.csv'))).toEqual({});
  });
});
