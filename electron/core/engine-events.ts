import type { EventName, EventPayload } from '../../shared/ipc/contract';

/** How the engine and its services push an event of the contract's events table to whoever hosts the engine. */
export type EmitEvent = <E extends EventName>(event: E, payload: EventPayload<E>) => void;
