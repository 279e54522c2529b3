import path from 'node:path';
import { Engine, type EmitEvent } from '../../../electron/core/engine';
import { dispatch } from '../../../shared/ipc/dispatch';
import { unwrap } from '../../../shared/ipc/errors';
import { TEST_KDF } from './temp-dir';
import type { Call } from './export-case';

/** An engine over a new vault in `dir` (cheap scrypt), and a typed call into it, for the export tests. */
export async function exportEngine(dir: string, emit?: EmitEvent) {
  const engine = new Engine({ vaultDir: path.join(dir, 'vault'), actor: 'tester', kdf: TEST_KDF }, emit);
  const call: Call = async (method, input) => unwrap(await dispatch(engine.handlers, method, input)) as never;
  await call('vault.create', { passphrase: 'export tests passphrase' });
  return { engine, call };
}
