import type { Page } from '@playwright/test';
import type { Engine } from '../../electron/core/engine';
import { test } from './harness';
import { sampleFile } from './fixtures';
import { call } from './seed';
import { openCaseFromList, unlock } from './steps';

/**
 * The case the investigate views are walked on: the Defender Graph incident
 * (its alert and evidence) and the Security-Datasets LSASS-dump timeline,
 * imported into one case through the engine, then opened in the window after
 * an unlock, as a responder would find it. Skips the test, saying which sample
 * is missing, when the samples are absent. Returns the case's id.
 */
export async function openSampleIncidentCase(page: Page, engine: Engine, { passphrase, title }: { passphrase: string; title: string }): Promise<string> {
  const incident = await sampleFile('defender', 'graph-incident-with-alert.json');
  const timeline = await sampleFile('security-datasets', 'psh_lsass_memory_dump_comsvcs.zip');
  test.skip(incident.missing !== null || timeline.missing !== null, incident.missing ?? timeline.missing ?? '');

  await call(engine, 'vault.create', { passphrase });
  const caseId = (await call(engine, 'cases.create', { title, severity: 'high' })).cases![0]!.id;
  await call(engine, 'import.start', { taskId: 'incident', file: incident.file, caseId });
  await call(engine, 'import.start', { taskId: 'timeline', file: timeline.file, caseId });
  await call(engine, 'vault.lock', { reason: 'user' });
  await page.reload();
  await unlock(page, passphrase);
  await openCaseFromList(page, title);
  return caseId;
}
