import { z } from 'zod';
import { caseId, method, returns } from '../method';
import {
  custodyInputSchema,
  evidenceFieldsSchema,
  evidenceLinkChangeSchema,
  hashesInputSchema,
  type CustodyEntry,
  type EvidenceChanges,
  type EvidenceDetail,
  type EvidenceItem,
  type EvidenceRow,
  type VerifyResult,
} from '../../domain/evidence';

/**
 * Evidence items and their chain of custody (electron/core/evidence/). Every
 * method that records something takes `actor`, the name written into the
 * journal and the custody entry in place of the vault's analyst name (the
 * CLI's --actor).
 */
const actor = z.string().trim().min(1, 'the actor cannot be empty').max(200).optional();
const itemId = z.string().min(1, 'an evidence item id is required').max(100);
const taskId = z.string().min(1).max(100);
/** A path from the CLI; from the page, a files.choose token the shell swaps for the path (FILE_TOKEN_METHODS). */
const file = z.string().min(1, 'choose a file or folder').max(4096);
/** Where something is written: a path from the CLI; from the page, a files.save token (SAVE_TOKEN_METHODS). */
const out = z.string().min(1, 'choose where to save').max(4096);

/** What a write answers: its result, and the case's new revision and audit entries (a ChangeSet, structurally). */
export interface EvidenceWrite<T> {
  changes: EvidenceChanges;
  result: T;
}

export const evidenceMethods = {
  /** Every item of the case and every file an import logged as evidence, newest first. */
  'evidence.list': method(z.object({ caseId }).strict(), returns<EvidenceRow[]>()),
  /** One item with its whole custody chain, oldest first. */
  'evidence.get': method(z.object({ caseId, itemId }).strict(), returns<EvidenceDetail>()),
  /**
   * Ingests a file, or a folder as one item with its manifest: streamed into the case's blob store,
   * hashed as it is read; progress as task.progress under taskId, evidence.cancel stops it, leaving nothing.
   */
  'evidence.add': method(z.object({ caseId, taskId, file, fields: evidenceFieldsSchema, actor }).strict(), returns<EvidenceWrite<EvidenceItem>>()),
  /** An item held elsewhere, with the hashes given for it. */
  'evidence.addRef': method(
    z
      .object({
        caseId,
        fields: evidenceFieldsSchema,
        hashes: hashesInputSchema.refine((h) => h.sha256 || h.sha1 || h.md5, 'give at least one hash (SHA-256, SHA-1 or MD5)'),
        size: z.number().int().nonnegative().optional(),
        actor,
      })
      .strict(),
    returns<EvidenceWrite<EvidenceItem>>(),
  ),
  'evidence.cancel': method(z.object({ taskId }).strict(), returns<{ cancelled: boolean }>()),
  /** Appends one custody entry; nothing is ever edited (a correction names the entry it corrects). */
  'evidence.custody': method(z.object({ caseId, itemId, entry: custodyInputSchema, actor }).strict(), returns<EvidenceWrite<CustodyEntry>>()),
  /** Recomputes an ingested item's hashes from the blob store; the result is a custody entry either way. */
  'evidence.verify': method(z.object({ caseId, itemId, taskId: taskId.optional(), actor }).strict(), returns<EvidenceWrite<VerifyResult>>()),
  /**
   * Writes an ingested item decrypted to `out` (a folder item becomes a folder there), atomically and
   * never over an existing path. From the CLI a path; from the page a files.save token (SAVE_TOKEN_METHODS).
   */
  'evidence.export': method(z.object({ caseId, itemId, out, actor }).strict(), returns<EvidenceWrite<{ path: string; entry: CustodyEntry }>>()),
  /**
   * Links an item to entities, alerts and timeline events (`add`), or takes links away (`remove`): one
   * journal record (audited). Every target added must exist in the case; answers the item with its links.
   */
  'evidence.link': method(
    z
      .object({
        caseId,
        itemId,
        add: evidenceLinkChangeSchema.default({ entities: [], alerts: [], events: [] }),
        remove: evidenceLinkChangeSchema.default({ entities: [], alerts: [], events: [] }),
        actor,
      })
      .strict(),
    returns<EvidenceWrite<EvidenceItem>>(),
  ),
  /** The custody report of one item or of the whole case: one self-contained HTML page. */
  'evidence.report': method(z.object({ caseId, itemId: itemId.optional() }).strict(), returns<{ html: string; fileName: string }>()),
  /**
   * The report saved to `out` (a files.save token), as HTML or PDF. Answered by the app shell
   * (PDF by Electron's printToPDF), which asks the engine for evidence.report first.
   */
  'evidence.saveReport': method(
    z.object({ caseId, itemId: itemId.optional(), out, format: z.enum(['pdf', 'html']).default('pdf') }).strict(),
    returns<{ fileName: string }>(),
  ),
} as const;
