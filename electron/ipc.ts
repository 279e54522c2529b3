import { BrowserWindow, dialog, type IpcMain, type IpcMainInvokeEvent, type OpenDialogOptions, type WebContents } from 'electron';
import { channelOf, isEventName, methodNames, type EventName, type MethodName, type ParsedInput, type Result } from '../shared/ipc/contract';
import { parseInput } from '../shared/ipc/dispatch';
import { errorInfo, type Envelope } from '../shared/ipc/errors';
import { isAppUrl } from './app-origin';
import { FileTokens, resolveFileToken } from './file-tokens';
import { saveEvidenceReport } from './evidence-report';

/**
 * Routes the contract's methods from the renderer to the engine host, and the
 * engine's events back. The gate every call passes: a trusted sender, then an
 * input that matches the contract's schema. Only then does the engine see it.
 * A few methods need the shell itself (a native dialog on the caller's
 * window): those are answered from the shellMethods table and never reach the engine.
 * Files reach the engine only as tokens the open-file dialog handed this window
 * (electron/file-tokens.ts), swapped for their paths here.
 */

/** What the shell needs of the engine host (electron/core/host/engine-host.ts). */
export interface EngineHostPort {
  call(method: MethodName, input: unknown): Promise<Envelope<unknown>>;
  onEvent(listener: (event: EventName, payload: unknown) => void): () => void;
  /** Locks the vault in use and starts the engine on another vault folder (vault.openFolder). */
  reopen?(vaultDir: string, diagnosticLog?: string): Promise<void>;
}

export interface IpcDependencies {
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>;
  host: EngineHostPort;
  /** The web contents of the windows this app created, alive right now. */
  appContents: () => readonly WebContents[];
  /** Methods the shell answers itself; default: shellMethods. */
  shell?: ShellMethods;
  /** The files each window's user picked; default: a new table. */
  tokens?: FileTokens<WebContents>;
}

/** A method the shell answers itself, given the (already checked) calling web contents, the window's file tokens and the engine host. */
export type ShellHandler<M extends MethodName> = (
  input: ParsedInput<M>,
  sender: WebContents,
  tokens: FileTokens<WebContents>,
  host: EngineHostPort,
) => Promise<Result<M>>;
export type ShellMethods = { readonly [M in MethodName]?: ShellHandler<M> };

/**
 * The methods only the shell can answer, because they show native UI. Every
 * other contract method goes to the engine host. The engine answers these
 * with 'forbidden' so a call that bypassed the shell gets nowhere.
 */
export const shellMethods = {
  // The paths come from the OS dialog the user just saw; the page gets a token and a name for each, never the path.
  'files.choose': async ({ title, multiple, directory, filters }, sender, tokens) => {
    const options: OpenDialogOptions = {
      title,
      filters: directory ? [] : filters,
      properties: directory
        ? ['openDirectory', 'createDirectory', 'dontAddToRecent']
        : multiple
          ? ['openFile', 'multiSelections', 'dontAddToRecent']
          : ['openFile', 'dontAddToRecent'],
    };
    // Modal to the calling window, so it cannot open behind it or twice.
    const window = BrowserWindow.fromWebContents(sender);
    const { canceled, filePaths } = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
    if (canceled || filePaths.length === 0) return { files: [] };
    watchOwner(tokens, sender);
    return { files: tokens.issue(sender, filePaths) };
  },
  'evidence.saveReport': saveEvidenceReport,
} satisfies ShellMethods;

/**
 * Why a sender is not allowed to call, or null when it is. Only the main frame
 * of one of our own windows, showing our own page, may call: not an iframe,
 * not DevTools, not some other web contents, not a page that got navigated away.
 */
export function senderRefusal(event: IpcMainInvokeEvent, appContents: readonly WebContents[]): string | null {
  if (!appContents.includes(event.sender)) return 'the call does not come from a Casebook window';
  let frame: IpcMainInvokeEvent['senderFrame'];
  try {
    frame = event.senderFrame;
  } catch {
    // Reading the frame of a page disposed mid-call has thrown in some Electron versions: treat it as gone.
    frame = null;
  }
  if (!frame) return 'the calling frame is gone';
  if (frame !== event.sender.mainFrame) return 'the call comes from a subframe';
  if (!isAppUrl(frame.url)) return 'the calling page is not the Casebook app';
  return null;
}

function forbidden(message: string): Envelope<never> {
  return { ok: false, error: { code: 'forbidden', message } };
}

/** The web contents each token table already listens to. */
const watched = new WeakMap<FileTokens<WebContents>, WeakSet<WebContents>>();

/**
 * A window's tokens last as long as its page: closing the window or loading
 * another page (a reload included) forgets them.
 */
export function watchOwner(tokens: FileTokens<WebContents>, contents: WebContents): void {
  let seen = watched.get(tokens);
  if (!seen) watched.set(tokens, (seen = new WeakSet()));
  if (seen.has(contents)) return;
  seen.add(contents);
  contents.once('destroyed', () => tokens.forget(contents));
  contents.on('did-navigate', () => tokens.forget(contents));
}

/** Who answers a method: the shell's own handler when the table has one, else the engine host (file tokens swapped for paths). */
function answererOf(method: MethodName, deps: Pick<IpcDependencies, 'host' | 'shell'>, tokens: FileTokens<WebContents>) {
  const table: ShellMethods = deps.shell ?? shellMethods;
  const own = table[method] as ShellHandler<MethodName> | undefined;
  return own
    ? async (input: unknown, sender: WebContents): Promise<Envelope<unknown>> => ({ ok: true, value: await own(input as never, sender, tokens, deps.host) })
    : (input: unknown, sender: WebContents) => deps.host.call(method, resolveFileToken(tokens, sender, method, input));
}

/** One method's handler. Never throws: whatever happens, the renderer gets an envelope. */
export function createHandler(method: MethodName, deps: Pick<IpcDependencies, 'host' | 'appContents' | 'shell'>, tokens: FileTokens<WebContents>) {
  const answer = answererOf(method, deps, tokens);
  return async (event: IpcMainInvokeEvent, raw: unknown): Promise<Envelope<unknown>> => {
    try {
      const refused = senderRefusal(event, deps.appContents());
      if (refused !== null) return forbidden(`${method}: ${refused}`);
      // Validated here as well as in the engine, so a bad payload never crosses into the worker.
      const input = parseInput(method, raw);
      return await answer(input, event.sender);
    } catch (err) {
      return { ok: false, error: errorInfo(err) };
    }
  };
}

/** Sends an engine event to every app window still open. */
function broadcast(appContents: readonly WebContents[], event: EventName, payload: unknown): void {
  for (const contents of appContents) {
    if (!contents.isDestroyed()) contents.send(channelOf(event), payload);
  }
}

/**
 * Registers one handler per contract method and forwards engine events to the
 * windows. Returns a function that undoes both (used on quit and by tests).
 */
export function registerIpc(deps: IpcDependencies): () => void {
  const tokens = deps.tokens ?? new FileTokens<WebContents>();
  for (const method of methodNames) {
    deps.ipcMain.handle(channelOf(method), createHandler(method, deps, tokens));
  }
  const unsubscribe = deps.host.onEvent((event, payload) => {
    // The worker is ours, but a name outside the contract would reach no listener: drop it loudly.
    if (!isEventName(event)) {
      console.error(`Casebook: the engine sent an unknown event ${JSON.stringify(event)}`);
      return;
    }
    // Locked, by hand, after idle time or from another window: files picked before must be picked again.
    if (event === 'vault.locked') tokens.clear();
    broadcast(deps.appContents(), event, payload);
  });
  return () => {
    unsubscribe();
    for (const method of methodNames) deps.ipcMain.removeHandler(channelOf(method));
  };
}
