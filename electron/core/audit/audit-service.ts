import type { Handlers } from '../../../shared/ipc/dispatch';
import type { CaseAccess } from '../cases/case-access';
import { toAuditEntry } from '../cases/case-model';

type AuditMethods = 'audit.list' | 'audit.verify';

/** A case's audit trail: its journal as entries, and the check of its hash chain and tags. */
export class AuditService {
  readonly handlers: Pick<Handlers, AuditMethods>;

  constructor(cases: CaseAccess) {
    this.handlers = {
      'audit.list': ({ caseId }) => cases.withReadable(caseId, (journal) => journal.records.map((r) => toAuditEntry(caseId, r, journal.tagAt(r.seq)))),
      'audit.verify': async ({ caseId }) => cases.unlocked().verifyCase(caseId),
    };
  }
}
