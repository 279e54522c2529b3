import { useState } from 'react';
import { REVERSE_KIND, type CaseAction } from '../../../shared/domain/actions';
import { messageOf } from '../../shared/errors';
import { formatUtc } from '../../shared/time';
import { Alert } from '../../shared/ui/Alert';
import { Button } from '../../shared/ui/Button';
import { useEvidenceChoices } from '../../shared/evidence/useEvidenceChoices';
import { EvidenceSelect } from '../../shared/ui/EvidenceChoice';
import { TextField } from '../../shared/ui/fields';
import { actionName } from './labels';
import { TargetCell } from './TargetCell';
import { useCompleteAction, useUndoAction } from './queries';

/** Approved actions waiting to be carried out on the live network: each is marked executed or failed, with a note. */
export function ApprovedList({ caseId, actions, undoing }: { caseId: string; actions: readonly CaseAction[]; undoing: ReadonlySet<string> }) {
  const [open, setOpen] = useState<string | null>(null);
  const undo = useUndoAction(caseId);
  return (
    <>
      {undo.error ? <Alert tone="error">{messageOf(undo.error)}</Alert> : null}
      {undo.data && <Alert tone="success">Proposed {actionName(undo.data.actions[0]!)}: it waits in the queue for a decision.</Alert>}
      <table className="table action-table" aria-label="Approved actions to carry out">
        <thead>
          <tr>
            <th scope="col">Action</th>
            <th scope="col">Target</th>
            <th scope="col">Approved (UTC)</th>
            <th scope="col">Outcome</th>
          </tr>
        </thead>
        <tbody>
          {actions.map((a) => (
            <tr key={a.id}>
              <td className="col-action">
                <strong>{actionName(a)}</strong>
                <div className="small faint">{a.rationale}</div>
              </td>
              <TargetCell target={a.target} />
              <td className="col-time">
                <span className="mono">{formatUtc(a.decidedAt).replace(' UTC', '')}</span>
                <div className="small">
                  by {a.decidedBy}
                  {a.comment ? `: ${a.comment}` : ''}
                </div>
              </td>
              <td className="col-outcome">
                {open === a.id ? (
                  <OutcomeForm caseId={caseId} action={a} onDone={() => setOpen(null)} />
                ) : (
                  <div className="row-actions">
                    <Button onClick={() => setOpen(a.id)}>Record outcome…</Button>
                    {REVERSE_KIND[a.kind] && !undoing.has(a.id) && (
                      <Button variant="ghost" busy={undo.isPending} onClick={() => undo.mutate({ id: a.id })} title="Propose the reverse action">
                        Undo
                      </Button>
                    )}
                  </div>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

function OutcomeForm({ caseId, action, onDone }: { caseId: string; action: CaseAction; onDone: () => void }) {
  const complete = useCompleteAction(caseId);
  const evidenceLog = useEvidenceChoices(caseId);
  const [note, setNote] = useState('');
  const [evidence, setEvidence] = useState('');
  const [tried, setTried] = useState(false);
  const send = (outcome: 'executed' | 'failed') => {
    setTried(true);
    if (!note.trim()) return;
    complete.mutate({ id: action.id, outcome, note, evidenceId: evidence || undefined }, { onSuccess: onDone });
  };
  return (
    <form className="outcome-form" aria-label={`Outcome of ${actionName(action)} on ${action.target.display}`} onSubmit={(e) => e.preventDefault()}>
      <TextField
        label="Result note"
        value={note}
        maxLength={4000}
        onChange={(e) => setNote(e.target.value)}
        error={tried && !note.trim() ? 'Say what happened.' : null}
      />
      <EvidenceSelect rows={evidenceLog.data ?? []} value={evidence} onChange={setEvidence} />
      <div className="row-actions">
        <Button variant="primary" busy={complete.isPending} onClick={() => send('executed')}>
          Executed
        </Button>
        <Button variant="danger" busy={complete.isPending} onClick={() => send('failed')}>
          Failed
        </Button>
        <Button variant="ghost" onClick={onDone}>
          Cancel
        </Button>
      </div>
      {complete.error ? <Alert tone="error">{messageOf(complete.error)}</Alert> : null}
    </form>
  );
}
