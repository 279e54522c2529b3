import type { CaseAction } from '../../../shared/domain/actions';
import { evidenceTitle, useEvidenceChoices } from '../../shared/evidence/useEvidenceChoices';
import { formatUtc } from '../../shared/time';
import { actionName, SOURCE_LABELS } from './labels';
import { StateBadge } from './StateBadge';

const VERB: Record<CaseAction['history'][number]['what'], string> = {
  proposed: 'Proposed',
  imported: 'Imported',
  approved: 'Approved',
  rejected: 'Rejected',
  executed: 'Executed',
  failed: 'Failed',
  expired: 'Expired',
};

/** Every action that is no longer waiting, each with every step of its history: who, when, why. */
export function HistoryList({ caseId, actions }: { caseId: string; actions: readonly CaseAction[] }) {
  const evidence = useEvidenceChoices(caseId).data;
  return (
    <ol className="action-history" aria-label="Action history">
      {actions.map((a) => (
        <li key={a.id} className="history-item">
          <div className="history-head">
            <StateBadge state={a.status} />
            <strong>{actionName(a)}</strong>
            <span>
              on {a.target.display} <span className="faint">{a.target.identifierName}</span> <span className="mono small">{a.target.identifier}</span>
            </span>
            <span className="spacer" />
            <span className="faint small">
              {SOURCE_LABELS[a.source]}
              {a.origin ? ` · ${a.origin}` : ''}
            </span>
          </div>
          <table className="table history-steps" aria-label={`History of ${actionName(a)} on ${a.target.display}`}>
            <thead>
              <tr>
                <th scope="col">Step</th>
                <th scope="col">When (UTC)</th>
                <th scope="col">Who</th>
                <th scope="col">Why / result</th>
              </tr>
            </thead>
            <tbody>
              {a.history.map((h, i) => (
                <tr key={i}>
                  <td>{VERB[h.what]}</td>
                  <td className="mono">{formatUtc(h.at).replace(' UTC', '')}</td>
                  <td>{h.actor}</td>
                  <td>
                    {h.note || <span className="faint">–</span>}
                    {h.what === a.status && a.evidenceId && (h.what === 'executed' || h.what === 'failed') && (
                      <span className="faint"> · evidence: {evidenceTitle(evidence, a.evidenceId)}</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </li>
      ))}
    </ol>
  );
}
