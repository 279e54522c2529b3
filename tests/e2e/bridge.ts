import { FileTokens, resolveFileToken } from '../../electron/file-tokens';
import { buildApi } from '../../shared/ipc/build-api';
import { eventNames, isMethodName, methodNames, type EventName, type MethodName, type ParsedInput, type Result } from '../../shared/ipc/contract';
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

  // Each call's method, start and end (performance.now()) in window.__casebookCalls: a timed view's speed spec splits its time by them.
  const calls = [];
  Object.defineProperty(window, '__casebookCalls', { value: calls });
  const invoke = async (method, input) => {
    const started = performance.now();
    try {
      return await window[${JSON.stringify(INVOKE_BINDING)}](method, input);
    } finally {
      if (calls.length >= 1000) calls.splice(0, 500);
      calls.push([method, started, performance.now()]);
    }
  };
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
 * (harness.chooseFiles([...])); the page gets tokens for them from the same
 * table the shell uses (electron/file-tokens.ts), swapped for paths on the way
 * to the engine, and forgotten when the vault locks. Every call is validated
 * against the contract like the shell does, then goes to the engine through dispatch().
 */
export class TestShell {
  private readonly fileChoices: string[][] = [];
  /** One page per test: the shell itself is the owner of its tokens. */
  private readonly tokens = new FileTokens<TestShell>();
  /** Every files.choose the page made, as validated input, in order. */
  readonly fileDialogs: ParsedInput<'files.choose'>[] = [];
  /** Every method the page called, in order (what a view asks of the engine, and how often). */
  readonly calls: string[] = [];

  /** Queues what the user picks in the next open-file dialog; [] is a cancelled dialog. */
  chooseFiles(paths: string[]): void {
    this.fileChoices.push(paths);
  }

  private readonly saveChoices: (string | null)[] = [];
  /** Every files.save the page made, as validated input, in order. */
  readonly saveDialogs: ParsedInput<'files.save'>[] = [];

  /** Queues where the user saves in the next save dialog; null is a cancelled dialog. */
  saveAs(file: string | null): void {
    this.saveChoices.push(file);
  }

  /** How the harness starts an engine on another vault folder (vault.openFolder); set by the engine fixture. */
  reopen: ((vaultDir: string) => Promise<void>) | null = null;
  /** The engine taking the page's calls: the fixture's, or the last one reopen started. */
  current: (() => { handlers: Handlers }) | null = null;

  private readonly answers: ShellAnswers = {
    'vault.openFolder': async ({ folder }) => {
      const dir = this.tokens.resolve(this, folder, 'save');
      if (!this.reopen) throw new CasebookError('internal', 'vault.openFolder: the harness set no way to reopen the engine');
      await this.reopen(dir);
      return { opened: dir.split(/[\\/]/).pop()! };
    },
    'files.choose': async (input) => {
      this.fileDialogs.push(input);
      const paths = this.fileChoices.shift();
      if (!paths) throw new CasebookError('internal', 'files.choose: the test queued no answer for this dialog (call harness.chooseFiles first)');
      return { files: this.tokens.issue(this, input.multiple ? paths : paths.slice(0, 1)) };
    },
    'files.save': async (input) => {
      this.saveDialogs.push(input);
      const file = this.saveChoices.shift();
      if (file === undefined) throw new CasebookError('internal', 'files.save: the test queued no answer for this dialog (call harness.saveAs first)');
      return { file: file === null ? null : this.tokens.issue(this, [file], 'save')[0]! };
    },
  };

  /** What the engine emitted, as the shell hears it: a lock forgets every token. */
  engineEvent(event: EventName): void {
    if (event === 'vault.locked') this.tokens.clear();
  }

  async dispatch(handlers: Handlers, method: unknown, raw: unknown): Promise<Envelope<unknown>> {
    if (!isMethodName(method)) return dispatch(handlers, method, raw);
    this.calls.push(method);
    const own = this.answers[method] as ((input: unknown) => Promise<unknown>) | undefined;
    try {
      const input = parseInput(method, raw);
      if (own) return { ok: true, value: await own(input) };
      const started = performance.now();
      try {
        // Parsed here and again by dispatch(), as the shell's check and the engine's are two.
        return await dispatch(handlers, method, resolveFileToken(this.tokens, this, method, input));
      } finally {
        // The engine's own time for each call, to set beside the page's (the speed spec).
        if (process.env.CASEBOOK_E2E_TRACE_CALLS) console.log(`engine ${method} ${(performance.now() - started).toFixed(1)} ms`);
      }
    } catch (err) {
      return { ok: false, error: errorInfo(err) };
    }
  }
}
