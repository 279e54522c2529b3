import { contextBridge, ipcRenderer } from 'electron';
import { buildApi } from '../shared/ipc/build-api';
import { channelOf, eventNames, isMethodName, methodNames, type CasebookBridge } from '../shared/ipc/contract';

/**
 * The only door between the page and the shell. The page gets window.casebook:
 * the contract's methods (each answers with an envelope) and `on` for the
 * contract's events. It never gets ipcRenderer, an IPC event object or a
 * channel name it could choose itself.
 *
 * Bundled into dist/electron/preload.js by build/vite.preload.config.ts,
 * because a sandboxed preload cannot require local files.
 */

function invoke(method: string, input: unknown): Promise<unknown> {
  // buildApi only passes contract names, but this is the boundary: check anyway.
  if (!isMethodName(method)) return Promise.reject(new Error(`unknown Casebook method ${method}`));
  return ipcRenderer.invoke(channelOf(method), input);
}

function on(event: string, listener: (payload: unknown) => void): () => void {
  const name = eventNames.find((known) => known === event);
  if (name === undefined) throw new Error(`unknown Casebook event ${JSON.stringify(event)}`);
  if (typeof listener !== 'function') throw new TypeError('the listener must be a function');
  const channel = channelOf(name);
  // Strip the IPC event: it carries `sender`, which would hand the page an IPC handle.
  const relay = (_event: unknown, payload: unknown) => listener(payload);
  ipcRenderer.on(channel, relay);
  return () => {
    ipcRenderer.removeListener(channel, relay);
  };
}

const api = buildApi(methodNames, invoke, on) as unknown as CasebookBridge;

contextBridge.exposeInMainWorld('casebook', api);
