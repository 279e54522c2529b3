import type { LiveSession } from '../../../shared/domain/story';
import { evidenceTitle, useEvidenceChoices } from '../../shared/evidence/useEvidenceChoices';
import { formatUtc } from '../../shared/time';

const minutes = (s: LiveSession) => (s.endedAt ? Math.round((Date.parse(s.endedAt) - Date.parse(s.startedAt)) / 60_000) : null);

/** One line about a session: host, tool, who, when, how long, how many commands. */
export function sessionSummary(s: LiveSession): string {
  const long = minutes(s);
  return `${s.tool} on ${s.host} by ${s.operator}${long !== null ? `, ${long} min` : ''}, ${s.commands.length} command${s.commands.length === 1 ? '' : 's'}`;
}

/** A live-response session in full: its facts, then each command with its output (folded, so a long session stays readable). */
export function LiveSessionView({ caseId, session }: { caseId: string; session: LiveSession }) {
  const evidence = useEvidenceChoices(caseId).data;
  return (
    <div className="live-session">
      <dl className="live-facts">
        <dt>Host</dt>
        <dd className="mono">{session.host}</dd>
        <dt>Tool</dt>
        <dd>{session.tool}</dd>
        <dt>Operator</dt>
        <dd>{session.operator}</dd>
        <dt>Started</dt>
        <dd className="mono">{formatUtc(session.startedAt)}</dd>
        <dt>Ended</dt>
        <dd className="mono">{session.endedAt ? formatUtc(session.endedAt) : '—'}</dd>
        {session.transcript && (
          <>
            <dt>Transcript</dt>
            <dd>
              {session.transcript.name} <span className="faint">({session.transcript.format})</span>
            </dd>
          </>
        )}
        <dt>Evidence</dt>
        <dd>
          {session.evidenceIds.length ? session.evidenceIds.map((id) => evidenceTitle(evidence, id)).join(', ') : <span className="faint">none attached</span>}
        </dd>
        <dt>Recorded</dt>
        <dd>
          {session.recorded.actor}, {formatUtc(session.recorded.at)}
        </dd>
      </dl>
      {session.summary && <p className="live-summary">{session.summary}</p>}
      {session.commands.length === 0 ? (
        <p className="faint">No commands recorded.</p>
      ) : (
        <ol className="live-commands" aria-label={`Commands run on ${session.host}`}>
          {session.commands.map((c, i) => (
            <li key={i}>
              <details open={i < 3}>
                <summary>
                  <code className="live-command">{c.command}</code>
                  {c.at && <span className="faint mono"> · {formatUtc(c.at)}</span>}
                  {!c.output && <span className="faint"> · no output</span>}
                </summary>
                {c.output && <pre className="live-output">{c.output}</pre>}
              </details>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
