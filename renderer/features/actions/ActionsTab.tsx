import { useEffect, useMemo, useState } from 'react';
import type { ActionKind, ActionSource, CaseAction } from '../../../shared/domain/actions';
import { messageOf } from '../../shared/errors';
import { plural } from '../../shared/format';
import { useCaseStamp } from '../../shared/hooks/useCaseStamp';
import { useUi } from '../../shared/store';
import { Alert } from '../../shared/ui/Alert';
import { Button } from '../../shared/ui/Button';
import { panelId, tabId, Tabs, type TabSpec } from '../../shared/ui/Tabs';
import { ActionFilters, NO_FILTER, type ActionFilterView } from './ActionFilters';
import { ApprovedList } from './ApprovedList';
import { DecisionBar } from './DecisionBar';
import { HistoryList } from './HistoryList';
import { QueueTable } from './QueueTable';
import { RunbookDialog } from './RunbookDialog';
import { useActions, useDecideActions } from './queries';
import './actions.css';

type View = 'queue' | 'approved' | 'history';
const NO_HISTORY = 'No action has been decided, carried out or expired yet.';
const PREFIX = 'actions';

/**
 * Response actions: the review queue (pending, decided one kind at a time),
 * the approved ones waiting to be carried out on the live network, and the
 * history of every decision and outcome. Filters apply to all three.
 */
export function ActionsTab({ caseId }: { caseId: string }) {
  const [view, setView] = useState<View>('queue');
  const [filter, setFilter] = useState<ActionFilterView>(NO_FILTER);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [runbook, setRunbook] = useState(false);
  const actor = useUi((s) => s.vault?.actor ?? '');
  const revision = useCaseStamp(caseId).data?.revision ?? null;
  const list = useActions({
    caseId,
    kinds: filter.kind ? [filter.kind as ActionKind] : undefined,
    sources: filter.source ? [filter.source as ActionSource] : undefined,
    target: filter.target.trim() || undefined,
    olderThanHours: filter.age ? Number(filter.age) : undefined,
  });
  const decide = useDecideActions(caseId);
  useEffect(() => setSelected(new Set()), [caseId, filter]);

  const parts = useMemo(() => split(list.data?.actions ?? []), [list.data]);
  const chosen = parts.pending.filter((a) => selected.has(a.id));
  const tabs: TabSpec<View>[] = [
    { id: 'queue', label: `Queue (${parts.pending.length})` },
    { id: 'approved', label: `To carry out (${parts.approved.length})` },
    { id: 'history', label: `History (${parts.history.length})` },
  ];
  const select = (ids: string[], on: boolean) =>
    setSelected((current) => {
      const next = new Set(current);
      for (const id of ids)
        if (on) next.add(id);
        else next.delete(id);
      return next;
    });

  return (
    <div className="actions-tab stack">
      <Toolbar twoPersonRule={list.data?.twoPersonRule ?? null} approved={parts.approved.length} onRunbook={() => setRunbook(true)} />
      <ActionFilters view={filter} onChange={(change) => setFilter((f) => ({ ...f, ...change }))} />
      <Tabs tabs={tabs} selected={view} onSelect={setView} idPrefix={PREFIX} label="Actions by status" />
      <div role="tabpanel" id={panelId(PREFIX, view)} aria-labelledby={tabId(PREFIX, view)} className="actions-panel">
        {list.error && <Alert tone="error">Could not list the actions: {messageOf(list.error)}</Alert>}
        {decide.data && (
          <Alert tone="success">{`${decide.data.actions[0]?.status === 'approved' ? 'Approved' : 'Rejected'} ${plural(decide.data.actions.length, 'action')}.`}</Alert>
        )}
        {view === 'queue' && chosen.length > 0 && (
          <DecisionBar
            chosen={chosen}
            busy={decide.isPending}
            error={decide.error}
            onDecide={(decision, comment) => decide.mutate({ ids: chosen.map((a) => a.id), decision, comment }, { onSuccess: () => setSelected(new Set()) })}
            onClear={() => setSelected(new Set())}
          />
        )}
        {list.data &&
          view === 'queue' &&
          (parts.pending.length ? (
            <div className="table-wrap">
              <QueueTable actions={parts.pending} now={list.data.now} selected={selected} onSelect={select} barred={list.data.twoPersonRule ? actor : null} />
            </div>
          ) : (
            <Empty
              text="No action waits for a decision."
              hint="Propose one from an entity, an alert or a selection of entities; imported Defender machine actions that are pending arrive here."
            />
          ))}
        {list.data &&
          view === 'approved' &&
          (parts.approved.length ? (
            <ApprovedList caseId={caseId} actions={parts.approved} undoing={parts.undoing} />
          ) : (
            <Empty text="No approved action waits to be carried out." />
          ))}
        {list.data && view === 'history' && (parts.history.length ? <HistoryList caseId={caseId} actions={parts.history} /> : <Empty text={NO_HISTORY} />)}
      </div>
      {runbook && <RunbookDialog caseId={caseId} revision={revision} onClose={() => setRunbook(false)} />}
    </div>
  );
}

function Toolbar({ twoPersonRule, approved, onRunbook }: { twoPersonRule: boolean | null; approved: number; onRunbook: () => void }) {
  return (
    <div className="actions-toolbar">
      <h2 className="actions-heading">Response actions</h2>
      {twoPersonRule !== null && (
        <span className={twoPersonRule ? 'badge two-person is-on' : 'badge two-person'} title="Set in Settings, or casebook vault settings --two-person">
          Two-person rule {twoPersonRule ? 'on' : 'off'}
        </span>
      )}
      <span className="spacer" />
      <Button onClick={onRunbook} disabled={approved === 0} title="The approved actions, grouped by target with exact identifiers">
        Runbook…
      </Button>
    </div>
  );
}

function Empty({ text, hint }: { text: string; hint?: string }) {
  return (
    <div className="empty">
      <p>{text}</p>
      {hint && <p className="faint">{hint}</p>}
    </div>
  );
}

/** Pending (the queue), approved (to carry out), and everything past waiting (history: approved ones too, with their decision). */
function split(actions: readonly CaseAction[]) {
  return {
    pending: actions.filter((a) => a.status === 'pending'),
    approved: actions.filter((a) => a.status === 'approved'),
    history: actions.filter((a) => a.status !== 'pending'),
    /** Actions a reverse action is undoing (waiting, approved or done): no second undo. */
    undoing: new Set(actions.flatMap((a) => (a.undoOf && ['pending', 'approved', 'executed'].includes(a.status) ? [a.undoOf] : []))),
  };
}
