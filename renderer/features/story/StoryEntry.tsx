import { label } from '../../../shared/domain/case';
import { isoUs } from '../../../shared/time';
import { SeverityBadge } from '../../shared/ui/badges';
import { NoteCard } from '../../shared/ui/NotesPanel';
import { formatUtc } from '../../shared/time';
import { LiveSessionView, sessionSummary } from './LiveSessionView';
import type { StoryItem } from './storyItems';

/** µs to "2026-03-04 10:05:00 UTC": the thread is read at the second; the event's own panel has the microseconds. */
const when = (us: number) => formatUtc(isoUs(us));

const KIND: Record<StoryItem['kind'], string> = { event: 'Event', note: 'Note', alert: 'Alert', live: 'Live response' };

interface Props {
  caseId: string;
  item: StoryItem;
  onOpenEvent: (time: number) => void;
  onOpenAlert: (id: string) => void;
}

/** One entry of the story thread: its time, its kind, and what it is, in a line or two. */
export function StoryEntry({ caseId, item, onOpenEvent, onOpenAlert }: Props) {
  return (
    <li className={`story-item story-${item.kind}`}>
      <time className="story-time mono" dateTime={isoUs(item.us)}>
        {when(item.us)}
      </time>
      <span className={`story-kind kind-${item.kind}`}>{KIND[item.kind]}</span>
      <div className="story-body">
        <Body caseId={caseId} item={item} onOpenEvent={onOpenEvent} onOpenAlert={onOpenAlert} />
      </div>
    </li>
  );
}

function Body({ caseId, item, onOpenEvent, onOpenAlert }: Props) {
  switch (item.kind) {
    case 'event': {
      const { annotation: a, notes } = item;
      return (
        <>
          <div className="story-line">
            {a.starred && (
              <span className="mark-star" title="Starred" aria-label="Starred">
                ★
              </span>
            )}
            {a.flagged && (
              <span className="mark-flag" title="Flagged for the report" aria-label="Flagged for the report">
                ⚑
              </span>
            )}
            <span className="story-host mono">{a.event.host || '—'}</span>
            {a.event.user && <span className="faint mono">{a.event.user}</span>}
            <span className="story-message" title={a.event.message}>
              {a.event.message}
            </span>
            <button
              type="button"
              className="link-btn"
              onClick={() => onOpenEvent(a.event.time)}
              aria-label={`Show the event of ${when(a.event.time)} in the timeline`}
            >
              Timeline
            </button>
          </div>
          {a.tags.length > 0 && (
            <div className="chips">
              {a.tags.map((t) => (
                <span key={t} className="chip">
                  {t}
                </span>
              ))}
            </div>
          )}
          {notes.map((n) => (
            <NoteCard key={n.id} caseId={caseId} note={n} />
          ))}
        </>
      );
    }
    case 'note': {
      const { note } = item;
      const about =
        note.target.kind === 'case'
          ? 'On the case'
          : note.target.kind === 'event'
            ? `On the event on ${note.event?.host || '—'}: ${note.event?.message ?? ''}`
            : `On ${note.target.kind} ${note.target.id}`;
      return <NoteCard caseId={caseId} note={note} context={about.length > 120 ? `${about.slice(0, 119)}…` : about} />;
    }
    case 'alert':
      return (
        <div className="story-line">
          <SeverityBadge severity={item.alert.severity} />
          <button type="button" className="link-btn story-message" onClick={() => onOpenAlert(item.alert.id)}>
            {item.alert.title}
          </button>
          <span className="faint">{label(item.alert.status)}</span>
        </div>
      );
    case 'live':
      return (
        <details className="story-live">
          <summary>{sessionSummary(item.session)}</summary>
          <LiveSessionView caseId={caseId} session={item.session} />
        </details>
      );
    default:
      return null;
  }
}
