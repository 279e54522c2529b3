import { z } from 'zod';
import { method, returns } from '../method';

/** The shapes diagnostics.ts (electron/core/diagnostics) keeps: dotted codes, id-like values, stack frames. */
const diagnosticCode = z.string().regex(/^[a-z0-9][a-z0-9.-]{0,79}$/, 'a diagnostic code is lower-case and dotted');
const idValue = z.union([z.string().max(100), z.number()]);

/** Writing to the local diagnostic log from the renderer (electron/core/diagnostics/). */
export const diagnosticsMethods = {
  /**
   * An error the renderer got past on purpose (a best-effort close or cancel): its code, ids, the
   * error's class and code and its stack frames, never its message (which could quote case data).
   */
  'diagnostics.record': method(
    z
      .object({
        code: diagnosticCode,
        ids: z.record(z.string().max(100), idValue).optional(),
        error: z.object({ name: z.string().max(100), code: z.string().max(100).optional(), stack: z.array(z.string().max(300)).max(24) }).strict(),
      })
      .strict(),
    returns<void>(),
  ),
} as const;
