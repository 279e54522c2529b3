import { buildApi } from '../../shared/ipc/build-api';
import { methodNames, type CasebookBridge, type CasebookClient } from '../../shared/ipc/contract';
import { unwrap, type Envelope } from '../../shared/ipc/errors';

declare global {
  interface Window {
    /** Put there by the preload (or, in browser tests, by the harness): the only way out of the page. */
    casebook: CasebookBridge;
  }
}

type BridgeMember = (input: unknown) => Promise<Envelope<unknown>>;

/** Looks the method up on window.casebook at call time, so a bridge installed after this module loads still works. */
function invoke(method: string, input: unknown): Promise<unknown> {
  const dot = method.indexOf('.');
  const groups = window.casebook as unknown as Record<string, Record<string, BridgeMember>> | undefined;
  const member = groups?.[method.slice(0, dot)]?.[method.slice(dot + 1)];
  if (!member) return Promise.reject(new Error(`window.casebook has no ${method}`));
  return member(input).then(unwrap);
}

/**
 * The renderer's client, derived from the contract like the preload is:
 * api.cases.update(input) resolves with the result or throws CasebookError.
 */
export const api = buildApi(methodNames, invoke, (event, listener) => window.casebook.on(event as never, listener as never)) as unknown as CasebookClient;
