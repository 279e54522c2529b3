import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { db } from '../../shared/db';
import { Alert } from '../../shared/ui/Alert';
import { Button } from '../../shared/ui/Button';
import { AcceptStateDialog, type AcceptTarget } from './AcceptStateDialog';
import { remedyFor, verdictOf, withoutCaseId } from './refusals';

/**
 * Cases the engine could not read (a damaged journal, or one the vault manifest
 * says was rolled back, replaced or deleted): named, never silently left out of
 * the list. The manifest's verdicts can be accepted here, on the record.
 */
export function UnreadableCases() {
  const unreadable = useLiveQuery(() => db.unreadable.toArray(), []);
  const [accepting, setAccepting] = useState<AcceptTarget | null>(null);
  const [accepted, setAccepted] = useState<{ what: string; where: string } | null>(null);
  const manifestUnusable = unreadable?.find((c) => remedyFor(c.message) === 'rebuild-manifest');

  return (
    <>
      {accepted && (
        <div className="unreadable">
          <Alert tone="success">
            Accepted: {accepted.what}. The acceptance is written in {accepted.where}.
          </Alert>
        </div>
      )}
      {unreadable && unreadable.length > 0 && (
        <div className="unreadable">
          <Alert tone="error">
            <strong>
              {unreadable.length} case{unreadable.length === 1 ? '' : 's'} could not be read.
            </strong>
            <ul className="unreadable-list">
              {unreadable.map((c) => {
                const verdict = remedyFor(c.message) === 'accept-case' ? verdictOf(c.message) : null;
                return (
                  <li key={c.caseId}>
                    <span className="mono">{c.caseId}</span>: {withoutCaseId(c.caseId, c.message)}
                    {verdict && (
                      <div className="unreadable-actions">
                        <Button onClick={() => setAccepting({ caseId: c.caseId, verdict, message: c.message })}>Accept the {verdict} state…</Button>
                      </div>
                    )}
                  </li>
                );
              })}
            </ul>
            {manifestUnusable && (
              <div className="unreadable-actions">
                <Button onClick={() => setAccepting({ caseId: null, verdict: 'manifest', message: manifestUnusable.message })}>
                  Begin the vault manifest again…
                </Button>
              </div>
            )}
          </Alert>
        </div>
      )}
      {accepting && (
        <AcceptStateDialog
          target={accepting}
          onClose={() => setAccepting(null)}
          onAccepted={(what, where) => {
            setAccepting(null);
            setAccepted({ what, where });
          }}
        />
      )}
    </>
  );
}
