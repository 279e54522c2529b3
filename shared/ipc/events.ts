import { z } from 'zod';

/** What a change to a case touched, so a view asks again only when its part changed. */
export const CASE_CHANGE_KINDS = ['case', 'audit', 'records', 'timeline'] as const;
export type CaseChangeKind = (typeof CASE_CHANGE_KINDS)[number];

/** Events the engine pushes to the renderer, typed like the methods. */
export const events = {
  /** Progress of long work (imports, hashing, verification). */
  'task.progress': z.object({
    taskId: z.string(),
    label: z.string(),
    done: z.number(),
    total: z.number().nullable(),
    unit: z.enum(['bytes', 'records', 'items']),
    /** Records read so far, alongside bytes. */
    records: z.number().optional(),
  }),
  /**
   * The vault was locked (by hand, after idle time, or by another window), or
   * its keys died with the engine's thread (engine-crashed: out of memory, a
   * crash; a fresh engine took over): wipe the read model.
   */
  'vault.locked': z.object({ reason: z.enum(['user', 'idle', 'engine-crashed']) }),
  /**
   * A case changed (a command of any window, an import): its new revision
   * (see CaseRevision), what the change touched and the case's counts now.
   * Sent once the change is on disk, before the command's own answer.
   */
  'case.changed': z.object({
    caseId: z.string(),
    revision: z.number().int().nonnegative(),
    changed: z.array(z.enum(CASE_CHANGE_KINDS)),
    counts: z.object({
      events: z.number(),
      alerts: z.number(),
      entities: z.number(),
      indicators: z.number(),
      actions: z.number(),
      evidence: z.number(),
      matches: z.number(),
      notes: z.number(),
    }),
  }),
} as const;
