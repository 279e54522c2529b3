import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { Engine, type EngineOptions } from '../../../electron/core/engine';
import { dispatch } from '../../../shared/ipc/dispatch';
import { unwrap } from '../../../shared/ipc/errors';
import type { Input, MethodName, Result } from '../../../shared/ipc/contract';
import { TEST_KDF } from './temp-dir';

/**
 * An engine on a new vault in `dir`, for the end-to-end tests of the import formats: `call` as the
 * app and the CLI call it (validated input, errors thrown), `attempt` for the envelope of a call
 * expected to fail, `write` to put a file to import into the folder.
 */
export async function formatTestEngine(dir: string, passphrase: string, options: Partial<EngineOptions> = {}) {
  const engine = new Engine({ vaultDir: dir, actor: 'tester', kdf: TEST_KDF, ...options });
  const call = async <M extends MethodName>(method: M, input: Input<M>): Promise<Result<M>> =>
    unwrap(await dispatch(engine.handlers, method, input)) as Result<M>;
  await call('vault.create', { passphrase });
  const write = (name: string, content: string | Buffer) => {
    const file = path.join(dir, name);
    writeFileSync(file, content);
    return file;
  };
  const attempt = <M extends MethodName>(method: M, input: Input<M>) => dispatch(engine.handlers, method, input);
  return { call, write, attempt };
}
