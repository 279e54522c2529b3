import { useState } from 'react';
import { useStory } from '../../shared/story/useStory';
import { Button } from '../../shared/ui/Button';
import { LiveSessionForm } from './LiveSessionForm';
import { LiveSessionView, sessionSummary } from './LiveSessionView';
import { formatUtc } from '../../shared/time';
import './story.css';

/** The live-response sessions on one host (a device's entity page), and a form to record one. */
export function HostSessions({ caseId, host }: { caseId: string; host: string }) {
  const story = useStory(caseId);
  const [adding, setAdding] = useState(false);
  const lower = host.toLowerCase();
  // A host is named as the analyst typed it: WKS-1 and wks-1.contoso.local are the same machine.
  const sessions = (story.data?.sessions ?? []).filter((s) => {
    const name = s.host.toLowerCase();
    return name === lower || name.split('.')[0] === lower.split('.')[0];
  });
  return (
    <section className="host-sessions" aria-label="Live response">
      <h3 className="section-title">
        Live response <span className="faint">· {sessions.length}</span>
      </h3>
      {sessions.map((s) => (
        <details key={s.id} className="story-live">
          <summary>
            <span className="mono">{formatUtc(s.startedAt)}</span> {sessionSummary(s)}
          </summary>
          <LiveSessionView caseId={caseId} session={s} />
        </details>
      ))}
      {adding ? (
        <LiveSessionForm caseId={caseId} host={host} onDone={() => setAdding(false)} />
      ) : (
        <div>
          <Button onClick={() => setAdding(true)}>Record a live-response session…</Button>
        </div>
      )}
    </section>
  );
}
