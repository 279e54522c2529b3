import { buildApi } from '../../shared/ipc/build-api';
import { eventNames, isMethodName, methodNames, type MethodName, type ParsedInput, type Result } from '../../shared/ipc/contract';
import { dispatch, parseInput, type Handlers } from '../../shared/ipc/dispatch';
import { CasebookError, errorInfo, type Envelope } from '../../shared/ipc/errors';

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

type ShellAnswers = { [M in MethodName]?: (input: ParsedInput<M>) => Promise<Result<M>> };

/**
 * The test's stand-in for the Electron shell's own methods (electron/ipc.ts
 * shellMethods): the native dialogs, the one thing a browser test cannot
 * drive. A test says what the user picks before the page asks
 * (harness.chooseFiles([...])); every other call goes to the engine through
 * dispatch(), validated against the contract like the shell does.
 */
export class TestShell {
  private readonly fileChoices: string[][] = [];
  /** Every files.choose the page made, as validated input, in order. */
  readonly fileDialogs: ParsedInput<'files.choose'>[] = [];

  /** Queues what the user picks in the next open-file dialog; [] is a cancelled dialog. */
  chooseFiles(paths: string[]): void {
    this.fileChoices.push(paths);
  }

  private readonly answers: ShellAnswers = {
    'files.choose': async (input) => {
      this.fileDialogs.push(input);
      const paths = this.fileChoices.shift();
      if (!paths) throw new CasebookError('internal', 'files.choose: the test queued no answer for this dialog (call harness.chooseFiles first)');
      return { paths: input.multiple ? paths : paths.slice(0, 1) };
    },
  };

  async dispatch(handlers: Handlers, method: unknown, raw: unknown): Promise<Envelope<unknown>> {
    const own = isMethodName(method) ? (this.answers[method] as ((input: unknown) => Promise<unknown>) | undefined) : undefined;
    if (!own) return dispatch(handlers, method, raw);
    try {
      return { ok: true, value: await own(parseInput(method as MethodName, raw)) };
    } catch (err) {
      return { ok: false, error: errorInfo(err) };
    }
  }
}
