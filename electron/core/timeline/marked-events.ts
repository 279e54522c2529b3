import type { EventMarkKind } from '../../../shared/domain/timeline';
import { RUN_ID_STRIDE } from './run-builder';

/** The ids of the case's events that carry any of these marks (the story's annotations: StoryService.markedEvents). */
export type MarkSource = (marks: readonly EventMarkKind[]) => Promise<readonly number[]>;

/** A case without a story source (the store opened alone, in tests and tools): no event is marked. */
export const NO_MARKS: MarkSource = async () => [];

/**
 * A mask over global positions of the events with these ids (run ordinal × RUN_ID_STRIDE + index in the run).
 * Ids of runs the store does not hold (an event of a run dropped since) mark nothing.
 */
export function eventIdMask(ids: readonly number[], runs: readonly { ref: { ordinal: number }; globalOf: Uint32Array }[], n: number): Uint8Array {
  const mask = new Uint8Array(n);
  const byOrdinal = new Map(runs.map((run) => [run.ref.ordinal, run.globalOf]));
  for (const id of ids) {
    const globalOf = byOrdinal.get(Math.floor(id / RUN_ID_STRIDE));
    const g = globalOf?.[id % RUN_ID_STRIDE];
    if (g !== undefined) mask[g] = 1;
  }
  return mask;
}
