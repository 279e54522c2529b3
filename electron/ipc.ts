import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { channelOf, isEventName, methodNames, type EventName, type MethodName } from '../shared/ipc/contract';
import { parseInput } from '../shared/ipc/dispatch';
import { errorInfo, type Envelope } from '../shared/ipc/errors';
import { isAppUrl } from './app-origin';

/**
 * Routes the contract's methods from the renderer to the engine host, and the
 * engine's events back. The gate every call passes: a trusted sender, then an
 * input that matches the contract's schema. Only then does the engine see it.
 */

/** What the shell needs of the engine host (electron/core/host/engine-host.ts). */
export interface EngineHostPort {
  call(method: MethodName, input: unknown): Promise<Envelope<unknown>>;
  onEvent(listener: (event: EventName, payload: unknown) => void): () => void;
}

export interface IpcDependencies {
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>;
  host: EngineHostPort;
  /** The web contents of the windows this app created, alive right now. */
  appContents: () => readonly WebContents[];
}

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

/** One method's handler. Never throws: whatever happens, the renderer gets an envelope. */
export function createHandler(method: MethodName, deps: Pick<IpcDependencies, 'host' | 'appContents'>) {
  return async (event: IpcMainInvokeEvent, raw: unknown): Promise<Envelope<unknown>> => {
    try {
      const refused = senderRefusal(event, deps.appContents());
      if (refused !== null) return forbidden(`${method}: ${refused}`);
      // Validated here as well as in the engine, so a bad payload never crosses into the worker.
      const input = parseInput(method, raw);
      return await deps.host.call(method, input);
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
  for (const method of methodNames) {
    deps.ipcMain.handle(channelOf(method), createHandler(method, deps));
  }
  const unsubscribe = deps.host.onEvent((event, payload) => {
    // The worker is ours, but a name outside the contract would reach no listener: drop it loudly.
    if (!isEventName(event)) {
      console.error(`Casebook: the engine sent an unknown event ${JSON.stringify(event)}`);
      return;
    }
    broadcast(deps.appContents(), event, payload);
  });
  return () => {
    unsubscribe();
    for (const method of methodNames) deps.ipcMain.removeHandler(channelOf(method));
  };
}
