import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { Engine } from '../engine';
import { dispatch } from '../../../shared/ipc/dispatch';
import { unwrap } from '../../../shared/ipc/errors';
import type { Input, MethodName, Result } from '../../../shared/ipc/contract';
import { TEST_KDF } from '../../../tests/unit/support/temp-dir';
import { jsonl, securityAlert } from '../../../tests/unit/support/sentinel-rows';

/** Shared by the package tests: an engine over a fresh vault, and a case worth carrying. */

export type Call = <M extends MethodName>(method: M, input: Input<M>) => Promise<Result<M>>;

export async function vaultAt(dir: string, actor: string): Promise<{ engine: Engine; call: Call; dir: string }> {
  const engine = new Engine({ vaultDir: path.join(dir, 'vault'), actor, kdf: TEST_KDF });
  const call: Call = async (method, input) => unwrap(await dispatch(engine.handlers, method, input)) as never;
  await call('vault.create', { passphrase: `${actor} vault passphrase` });
  return { engine, call, dir };
}

/** A timeline with hosts, users and addresses (entities found in events), an attribute named like a reserved field, tags. */
export function timelineCsv(dir: string, rows = 6): string {
  const file = path.join(dir, 'proxy.csv');
  const lines = ['message,datetime,timestamp_desc,hostname,username,tag,message_id'];
  for (let i = 0; i < rows; i++) {
    lines.push(
      `Connection ${i} to 198.51.100.${i % 250} from WKS-${i % 3},2024-05-01T10:00:${String(i % 60).padStart(2, '0')}.000123+00:00,Event Recorded,WKS-${i % 3},user${i % 2},${i % 2 ? 'beacon' : ''},m${i}`,
    );
  }
  writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

/** A case with an alert and its entities (Sentinel), events, an indicator, an analyst's verdict and a field change. */
export async function richCase(call: Call, dir: string, rows = 6): Promise<string> {
  const caseId = (await call('cases.create', { title: 'Carried case' })).cases![0]!.id;
  const alerts = path.join(dir, 'alerts.jsonl');
  writeFileSync(alerts, jsonl(securityAlert()));
  await call('import.start', { taskId: 'alerts', file: alerts, caseId, format: 'sentinel' });
  await call('import.start', { taskId: 'events', file: timelineCsv(dir, rows), caseId, format: 'timesketch-csv' });
  await call('indicators.add', { caseId, type: 'ipv4', value: '198.51.100.3', description: 'C2' });
  const { rows: entities } = await call('entities.list', { caseId, limit: 5 });
  await call('entities.set', { caseId, ids: [entities[0]!.id], verdict: 'malicious', addTags: ['carried'] });
  await call('cases.update', { id: caseId, patch: { severity: 'high', status: 'inProgress' } });
  return caseId;
}
