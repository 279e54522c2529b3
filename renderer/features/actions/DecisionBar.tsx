import { useId, useState } from 'react';
import type { CaseAction } from '../../../shared/domain/actions';
import { messageOf } from '../../shared/errors';
import { plural } from '../../shared/format';
import { Button } from '../../shared/ui/Button';
import { actionName } from './labels';

interface Props {
  chosen: readonly CaseAction[];
  busy: boolean;
  error: unknown;
  onDecide: (decision: 'approve' | 'reject', comment: string) => void;
  onClear: () => void;
}

/** Approve or reject the chosen pending actions, all of one kind, in one record; a rejection needs a comment. */
export function DecisionBar({ chosen, busy, error, onDecide, onClear }: Props) {
  const commentId = useId();
  const [comment, setComment] = useState('');
  const [tried, setTried] = useState(false);
  const kinds = new Set(chosen.map((a) => a.kind));
  const mixed = kinds.size > 1;
  const needComment = tried && !comment.trim();
  return (
    <form className="decision-bar" aria-label="Decide on the selected actions" onSubmit={(e) => e.preventDefault()}>
      <strong>
        {plural(chosen.length, 'action')} selected{!mixed && chosen[0] ? `: ${actionName(chosen[0])}` : ''}
      </strong>
      <label htmlFor={commentId}>Comment</label>
      <input
        id={commentId}
        className="input decision-comment"
        value={comment}
        maxLength={4000}
        placeholder="Why (required to reject)"
        aria-invalid={needComment || undefined}
        onChange={(e) => setComment(e.target.value)}
      />
      <Button variant="primary" busy={busy} disabled={mixed} onClick={() => onDecide('approve', comment)}>
        Approve
      </Button>
      <Button
        variant="danger"
        busy={busy}
        disabled={mixed}
        onClick={() => {
          setTried(true);
          if (comment.trim()) onDecide('reject', comment);
        }}
      >
        Reject
      </Button>
      <Button variant="ghost" onClick={onClear}>
        Clear selection
      </Button>
      {mixed && (
        <span className="field-error" role="alert">
          The selection holds {kinds.size} kinds of action: decide on one kind at a time (filter by kind).
        </span>
      )}
      {needComment && (
        <span className="field-error" role="alert">
          A rejection needs a comment saying why.
        </span>
      )}
      {error ? (
        <span className="field-error" role="alert">
          {messageOf(error)}
        </span>
      ) : null}
    </form>
  );
}
