import { useState } from 'react';
import type { ChainVerification } from '../../../shared/domain/audit';
import { messageOf } from '../../shared/errors';
import { verifyChain } from '../../shared/readModel';
import { formatUtc } from '../../shared/time';
import { Alert } from '../../shared/ui/Alert';
import { announce } from '../../shared/ui/Announcer';
import { Button } from '../../shared/ui/Button';

interface ChainStatusProps {
  caseId: string;
  verification: ChainVerification | undefined;
  /** Entries in the read model; more than were verified means the check is out of date. */
  entryCount: number;
}

/** The result of checking the journal's chain of authenticated records, and a way to check again. */
export function ChainStatus({ caseId, verification, entryCount }: ChainStatusProps) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const verify = async () => {
    setBusy(true);
    setError(null);
    try {
      const result = await verifyChain(caseId);
      // The badge changes silently (a failure too: it is not an alert); say what the check found.
      announce(
        result.ok
          ? `Chain verified: ${result.records} record${result.records === 1 ? '' : 's'}.`
          : `Chain verification failed after ${result.records} good record${result.records === 1 ? '' : 's'}.`,
      );
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  };

  const newer = verification ? entryCount - verification.records : 0;

  return (
    <section className={`chain ${verification ? (verification.ok ? 'chain-ok' : 'chain-bad') : ''}`} aria-label="Chain verification">
      <div className="chain-summary">
        {!verification && <span className="muted">Not verified yet.</span>}
        {verification?.ok && (
          <>
            <span className="chain-icon" aria-hidden="true">
              ✓
            </span>
            <strong>Chain verified</strong>
            <span>
              {verification.records} record{verification.records === 1 ? '' : 's'}
            </span>
            <span className="muted">head</span>
            <code className="fingerprint" title={verification.head ?? ''}>
              {verification.head ? `${verification.head.slice(0, 16)}…` : '—'}
            </code>
          </>
        )}
        {verification && !verification.ok && (
          <>
            <span className="chain-icon" aria-hidden="true">
              ✗
            </span>
            <strong>Chain verification failed</strong>
            <span>
              {verification.records} good record{verification.records === 1 ? '' : 's'} before the first problem
            </span>
          </>
        )}
        {verification && <span className="muted">checked {formatUtc(verification.checkedAt)}</span>}
        <span className="spacer" />
        <Button onClick={verify} busy={busy}>
          Verify again
        </Button>
      </div>
      {newer > 0 && (
        <p className="muted chain-note">
          {newer} entr{newer === 1 ? 'y was' : 'ies were'} written since this check.
        </p>
      )}
      {verification?.tornTail && (
        <p className="chain-note">
          A torn record at the end (offset {verification.tornTail.offset}, {verification.tornTail.bytes} bytes) was left by an interrupted write and is not part
          of the history.
        </p>
      )}
      {verification && verification.problems.length > 0 && (
        <ul className="problems">
          {verification.problems.map((problem) => (
            <li key={`${problem.offset}-${problem.seq}`}>
              <span className="mono">offset {problem.offset}</span>, <span className="mono">seq {problem.seq}</span>: {problem.reason}
            </li>
          ))}
        </ul>
      )}
      {error && <Alert tone="error">{error}</Alert>}
    </section>
  );
}
