import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from '@playwright/test';
import type { Engine } from '../../electron/core/engine';
import { test } from './harness';
import { sampleFile } from './fixtures';
import { call } from './seed';
import { openCaseFromList, unlock } from './steps';

/**
 * The case the investigate views are walked on: the Defender Graph incident
 * (its alert and evidence) and the Security-Datasets LSASS-dump timeline,
 * imported into one case through the engine (with `indicatorsIn`, a folder,
 * also a STIX 2.1 bundle whose indicators match it), then opened in the window after
 * an unlock, as a responder would find it. Skips the test, saying which sample
 * is missing, when the samples are absent. Returns the case's id.
 */
export async function openSampleIncidentCase(
  page: Page,
  engine: Engine,
  { passphrase, title, indicatorsIn }: { passphrase: string; title: string; indicatorsIn?: string },
): Promise<string> {
  const incident = await sampleFile('defender', 'graph-incident-with-alert.json');
  const timeline = await sampleFile('security-datasets', 'psh_lsass_memory_dump_comsvcs.zip');
  test.skip(incident.missing !== null || timeline.missing !== null, incident.missing ?? timeline.missing ?? '');

  await call(engine, 'vault.create', { passphrase });
  const caseId = (await call(engine, 'cases.create', { title, severity: 'high' })).cases![0]!.id;
  await call(engine, 'import.start', { taskId: 'incident', file: incident.file, caseId });
  await call(engine, 'import.start', { taskId: 'timeline', file: timeline.file, caseId });
  if (indicatorsIn) await importMatchingBundle(engine, caseId, indicatorsIn);
  await call(engine, 'vault.lock', { reason: 'user' });
  await page.reload();
  await unlock(page, passphrase);
  await openCaseFromList(page, title);
  return caseId;
}

/**
 * A STIX 2.1 bundle, written into `folder` and imported: indicators for the case's two busiest IP addresses (so they
 * match its events and entities) and one domain it never names, as a threat-intelligence feed would bring them.
 */
async function importMatchingBundle(engine: Engine, caseId: string, folder: string): Promise<void> {
  const ips = (await call(engine, 'entities.list', { caseId, types: ['ip'], limit: 2 })).rows.map((r) => r.display);
  const indicator = (n: number, name: string, pattern: string) => ({
    type: 'indicator',
    spec_version: '2.1',
    id: `indicator--0000000${n}-aaaa-4bbb-8ccc-00000000000${n}`,
    created: '2026-03-01T00:00:00.000Z',
    modified: '2026-03-01T00:00:00.000Z',
    name,
    pattern,
    pattern_type: 'stix',
    valid_from: '2026-03-01T00:00:00Z',
  });
  const objects = [
    ...ips.map((ip, i) => indicator(i + 1, `Staging host ${ip}`, `[ipv4-addr:value = '${ip}']`)),
    indicator(9, 'Known C2 domain', "[domain-name:value = 'update-check.example']"),
  ];
  const file = path.join(folder, 'feed.json');
  await writeFile(file, JSON.stringify({ type: 'bundle', id: 'bundle--00000000-aaaa-4bbb-8ccc-000000000000', objects }, null, 2));
  await call(engine, 'import.start', { taskId: 'indicators', file, caseId });
}
