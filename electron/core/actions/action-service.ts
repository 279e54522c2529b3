import { randomUUID } from 'node:crypto';
import type { ActionList, ActionTarget, CaseAction } from '../../../shared/domain/actions';
import type { EntityRow } from '../../../shared/domain/entities';
import type { Handlers } from '../../../shared/ipc/dispatch';
import type { ParsedInput } from '../../../shared/ipc/contract';
import type { ActionChange } from '../../../shared/ipc/methods/actions';
import { checkEvidenceIds } from '../evidence/evidence-state';
import { CasebookError } from '../../../shared/ipc/errors';
import type { CaseAccess } from '../cases/case-access';
import type { CaseJournal } from '../vault/case-journal';
import { replayState } from '../cases/case-state';
import { toAuditEntry } from '../cases/case-model';
import { ACTION_COMPLETED, ACTION_DECIDED, ACTION_PROPOSED, type ProposedAction } from '../cases/records/action-records';
import { replayActions } from './action-state';
import { checkCompletion, checkDecision, reverseOf } from './action-rules';
import { filterActions } from './action-filter';
import { runbook } from './runbook';
import { targetOf } from './action-targets';

type ActionMethods = 'actions.list' | 'actions.propose' | 'actions.decide' | 'actions.complete' | 'actions.undo' | 'actions.runbook';

/** Entities of a journal with what their sources said (EntityService.describe). */
export type DescribeEntities = (journal: CaseJournal, ids: readonly string[]) => Promise<{ row: EntityRow; attributes: Record<string, unknown>[] }[]>;

const DAY_MS = 86_400_000;

/**
 * Response actions of a case (issue 14): proposals, the review queue's
 * decisions and the outcomes, each one journal record (action-records.ts);
 * statuses are replayed from the journal on every read (action-state.ts) and
 * checked against the rules (action-rules.ts) before anything is written.
 */
export class ActionService {
  readonly handlers: Pick<Handlers, ActionMethods>;

  constructor(
    private readonly cases: CaseAccess,
    private readonly describe: DescribeEntities,
  ) {
    this.handlers = {
      'actions.list': ({ caseId, ...filter }) =>
        this.cases.withReadable(caseId, (journal): ActionList => {
          const now = Date.now();
          const all = [...replayActions(journal.records, now).values()];
          return { actions: filterActions(all, filter, now), now: new Date(now).toISOString(), twoPersonRule: this.twoPersonRule() };
        }),
      'actions.propose': (input) => this.propose(input),
      'actions.decide': (input) => this.decide(input),
      'actions.complete': (input) => this.complete(input),
      'actions.undo': (input) => this.undo(input),
      'actions.runbook': ({ caseId, format }) =>
        this.cases.withReadable(caseId, (journal) => {
          const now = Date.now();
          const title = replayState(caseId, journal.records).case.title;
          return runbook([...replayActions(journal.records, now).values()], format, { id: caseId, title }, new Date(now).toISOString());
        }),
    };
  }

  private twoPersonRule(): boolean {
    return this.cases.unlocked().settings.twoPersonRule;
  }

  private propose(input: ParsedInput<'actions.propose'>): Promise<ActionChange> {
    const { caseId, kind, rationale, source, expiresInDays } = input;
    const title = input.title ?? '';
    if (kind === 'custom' && !title) throw new CasebookError('invalid-input', 'actions.propose: title: a custom action needs a name');
    return this.cases.withWritable(caseId, async (journal) => {
      const described = await this.describe(journal, [...new Set(input.targets)]);
      const expiresAt = new Date(Date.now() + expiresInDays * DAY_MS).toISOString();
      const proposals = described.map(({ row, attributes }) => proposal(kind, title, targetOf(row, attributes), rationale, source, expiresAt, null));
      return this.append(journal, proposals);
    });
  }

  private undo({ caseId, id, rationale }: ParsedInput<'actions.undo'>): Promise<ActionChange> {
    return this.cases.withWritable(caseId, async (journal) => {
      const all = replayActions(journal.records, Date.now());
      const action = all.get(id);
      if (!action) throw new CasebookError('not-found', `actions.undo: the case has no action ${id}`);
      const reverse = reverseOf(action, all);
      const expiresAt = new Date(Date.now() + 7 * DAY_MS).toISOString();
      const why = rationale || `undoes ${action.id} (${action.rationale || 'no rationale given'})`;
      return this.append(journal, [proposal(reverse, '', action.target, why, 'manual', expiresAt, action.id)]);
    });
  }

  private async append(journal: CaseJournal, actions: ProposedAction[]): Promise<ActionChange> {
    const { record, tag } = await journal.append({ at: new Date().toISOString(), actor: this.cases.actor(), type: ACTION_PROPOSED, data: { actions } });
    const all = replayActions(journal.records, Date.now());
    return { actions: actions.map((a) => all.get(a.id)!), audit: [toAuditEntry(journal.caseId, record, tag)] };
  }

  private decide({ caseId, ids, decision, comment }: ParsedInput<'actions.decide'>): Promise<ActionChange> {
    return this.cases.withWritable(caseId, async (journal) => {
      const actor = this.cases.actor();
      const { kind, decided } = checkDecision(replayActions(journal.records, Date.now()), {
        ids,
        decision,
        comment,
        actor,
        twoPersonRule: this.twoPersonRule(),
      });
      const data = {
        ids: decided.map((a) => a.id),
        kind,
        decision: decision === 'approve' ? ('approved' as const) : ('rejected' as const),
        comment: comment.trim(),
      };
      const { record, tag } = await journal.append({ at: new Date().toISOString(), actor, type: ACTION_DECIDED, data });
      return { actions: changed(journal, data.ids), audit: [toAuditEntry(caseId, record, tag)] };
    });
  }

  private complete({ caseId, id, outcome, note, evidenceId }: ParsedInput<'actions.complete'>): Promise<ActionChange> {
    return this.cases.withWritable(caseId, async (journal) => {
      checkCompletion(replayActions(journal.records, Date.now()), id);
      if (evidenceId) checkEvidenceIds(caseId, journal.records, [evidenceId], `actions.complete: evidenceId`);
      const data = { id, outcome, note, evidenceId: evidenceId ?? null };
      const { record, tag } = await journal.append({ at: new Date().toISOString(), actor: this.cases.actor(), type: ACTION_COMPLETED, data });
      return { actions: changed(journal, [id]), audit: [toAuditEntry(caseId, record, tag)] };
    });
  }
}

function changed(journal: CaseJournal, ids: readonly string[]): CaseAction[] {
  const all = replayActions(journal.records, Date.now());
  return ids.map((id) => all.get(id)!);
}

function proposal(
  kind: ProposedAction['kind'],
  title: string,
  target: ActionTarget,
  rationale: string,
  source: ProposedAction['source'],
  expiresAt: string,
  undoOf: string | null,
): ProposedAction {
  return { id: `act-${randomUUID()}`, kind, title, target, rationale, source, expiresAt, undoOf };
}
