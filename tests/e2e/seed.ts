import type { Page } from '@playwright/test';
import type { Engine } from '../../electron/core/engine';
import type { CaseCreate, CaseRecord } from '../../shared/domain/case';
import type { Input, MethodName, Result } from '../../shared/ipc/contract';
import { dispatch } from '../../shared/ipc/dispatch';
import { unwrap, type Envelope } from '../../shared/ipc/errors';

/** Calls the engine the way the page does (validated by dispatch), from the test: "meanwhile, elsewhere…". */
export async function call<M extends MethodName>(engine: Engine, method: M, input: Input<M>): Promise<Result<M>> {
  return unwrap((await dispatch(engine.handlers, method, input)) as Envelope<Result<M>>);
}

/** Given a locked vault holding these cases (created straight through the engine), with the page reloaded onto it. */
export async function seedVault(page: Page, engine: Engine, passphrase: string, cases: CaseCreate[]): Promise<CaseRecord[]> {
  await call(engine, 'vault.create', { passphrase });
  const created: CaseRecord[] = [];
  for (const fields of cases) {
    const changes = await call(engine, 'cases.create', fields);
    created.push(...(changes.cases ?? []));
  }
  await call(engine, 'vault.lock', { reason: 'user' });
  await page.reload();
  return created;
}
