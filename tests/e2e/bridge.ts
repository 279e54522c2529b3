import { buildApi } from '../../shared/ipc/build-api';
import { eventNames, methodNames } from '../../shared/ipc/contract';

/**
 * The page side of the test bridge: the script that puts window.casebook into
 * the page before any of the app's scripts run, built the way the preload
 * builds it — buildApi over the contract's method names — except that calls go
 * to a Playwright binding (the real engine in the test process) instead of IPC.
 *
 * Events: the test process calls window.__casebookEmit(event, payload), which
 * the listeners registered through window.casebook.on receive, like the
 * preload's ipcRenderer.on.
 */
export const INVOKE_BINDING = '__casebookInvoke';
export const EMIT_FUNCTION = '__casebookEmit';

export function bridgeScript(): string {
  return `(() => {
  const buildApi = ${buildApi.toString()};
  const methodNames = ${JSON.stringify(methodNames)};
  const eventNames = ${JSON.stringify(eventNames)};
  const listeners = new Map(eventNames.map((name) => [name, new Set()]));

  const invoke = (method, input) => window[${JSON.stringify(INVOKE_BINDING)}](method, input);
  const on = (event, listener) => {
    const set = listeners.get(event);
    if (!set) throw new Error('unknown event ' + JSON.stringify(event));
    set.add(listener);
    return () => set.delete(listener);
  };
  const emit = (event, payload) => {
    for (const listener of listeners.get(event) ?? []) listener(payload);
  };

  Object.defineProperty(window, 'casebook', { value: Object.freeze(buildApi(methodNames, invoke, on)) });
  Object.defineProperty(window, ${JSON.stringify(EMIT_FUNCTION)}, { value: emit });
})();`;
}
