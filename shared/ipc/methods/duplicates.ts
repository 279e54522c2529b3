import { z } from 'zod';
import type { DuplicateCheck } from '../../domain/duplicates';
import { IMPORT_FORMATS } from '../../domain/import';
import { caseId, method, returns } from '../method';

export const duplicateMethods = {
  /**
   * Before an import: the earlier imports the file repeats (a file of the same SHA-256 in the chosen case, or in
   * any case when it would make new ones; an incident already a case). The file is a files.choose token from the page.
   */
  'import.duplicates': method(
    z.object({ file: z.string().min(1, 'choose a file').max(4096), format: z.enum(IMPORT_FORMATS).optional(), caseId: caseId.optional() }).strict(),
    returns<DuplicateCheck>(),
  ),
} as const;
