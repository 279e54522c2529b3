import { useState } from 'react';
import { messageOf } from '../../shared/errors';
import { acceptVaultState } from '../../shared/readModel';
import { Alert } from '../../shared/ui/Alert';
import { Button } from '../../shared/ui/Button';
import { Dialog } from '../../shared/ui/Dialog';
import { withoutCaseId } from './refusals';

/** A case the manifest refuses (`caseId`), or the manifest itself (`caseId: null`), with the engine's message. */
export interface AcceptTarget {
  caseId: string | null;
  /** "rolled back", "replaced", "deleted", or "manifest". */
  verdict: string;
  message: string;
}

/**
 * Asks before accepting what is on disk (`vault.acceptState`): an acceptance
 * is the analyst's statement, on the record, that they examined the case and
 * that its present state is the one to work from. It cannot be undone.
 */
export function AcceptStateDialog({
  target,
  onClose,
  onAccepted,
}: {
  target: AcceptTarget;
  onClose: () => void;
  onAccepted: (what: string, where: string) => void;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const forManifest = target.caseId === null;
  // A deleted case has no journal left to write into.
  const where = forManifest || target.verdict === 'deleted' ? 'the vault manifest' : 'the vault manifest and the case’s audit trail';

  const accept = async () => {
    setBusy(true);
    setError(null);
    try {
      const what = await acceptVaultState(target.caseId);
      onAccepted(what, where);
    } catch (err) {
      setError(messageOf(err));
      setBusy(false);
    }
  };

  return (
    <Dialog title={forManifest ? 'Begin the vault manifest again' : `Accept the ${target.verdict} state`} onClose={onClose} busy={busy}>
      <div className="stack">
        {target.caseId && (
          <p>
            Case <span className="mono selectable">{target.caseId}</span>
          </p>
        )}
        <p className="accept-message">{target.caseId ? withoutCaseId(target.caseId, target.message) : target.message}</p>
        {forManifest ? (
          <p>
            The manifest records every case’s length and last record, so that an older copy of a case put back on disk is found. Beginning it again takes the
            cases as they are now as the truth: a case that was rolled back before this moment can no longer be told.
          </p>
        ) : target.verdict === 'deleted' ? (
          <p>
            The case’s folder is gone. Accepting removes the case from the vault manifest; nothing can bring its records back except a backup of the folder.
          </p>
        ) : (
          <p>
            What is on disk now is not the history the vault recorded: someone or something put an older or different copy of this case in place. If you have
            the right copy, put it back instead. Accept only once you have examined the case: from then on it opens as it is, and later work is chained to it.
          </p>
        )}
        <p className="muted">The acceptance is written, with your name and the time, into {where}. It cannot be undone.</p>
        {error && <Alert tone="error">{error}</Alert>}
        <div className="actions">
          <Button onClick={onClose} disabled={busy}>
            Cancel
          </Button>
          <Button variant="danger" onClick={accept} busy={busy}>
            {forManifest ? 'Begin it again' : 'Accept this state'}
          </Button>
        </div>
      </div>
    </Dialog>
  );
}
