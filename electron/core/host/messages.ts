import type { EventName, MethodName } from '../../../shared/ipc/contract';
import type { EngineOptions } from '../engine';
import type { Method } from '../workers/rpc';

/** What the engine worker is started with: after a crash, it first frees the dead thread's case locks. */
export interface EngineWorkerData {
  options: EngineOptions;
  afterCrash: boolean;
}

/** The engine thread's protocol (workers/rpc.ts): the contract's methods, behind one. */
export type EngineProtocol = {
  /** One contract method, validated again in the worker; its result, or its error as the IPC's envelope. */
  call: Method<{ method: MethodName; input: unknown }, unknown>;
  /** Locks the vault (wipes keys, releases case locks). */
  stop: Method<Record<string, never>, void>;
};

/** What the engine tells its host unasked: the contract's events. */
export type EngineEvents = Record<EventName, unknown>;
