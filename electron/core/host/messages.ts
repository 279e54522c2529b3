import type { EventName } from '../../../shared/ipc/contract';
import type { Envelope } from '../../../shared/ipc/errors';

import type { EngineOptions } from '../engine';

/** What the engine worker is started with: after a crash, it first frees the dead thread's case locks. */
export interface EngineWorkerData {
  options: EngineOptions;
  afterCrash: boolean;
}

/** Messages between the engine host (main thread) and the engine worker. */
export type ToWorker = { kind: 'call'; id: number; method: string; input: unknown } | { kind: 'stop' };

export type FromWorker =
  | { kind: 'result'; id: number; envelope: Envelope<unknown> }
  | { kind: 'event'; event: EventName; payload: unknown }
  | { kind: 'stopped' };
