import { useLiveQuery } from 'dexie-react-hooks';
import { useMemo, useState } from 'react';
import { db } from '../../shared/db';
import { plural } from '../../shared/format';
import { messageOf } from '../../shared/errors';
import { useStory } from '../../shared/story/useStory';
import { Alert } from '../../shared/ui/Alert';
import { Button } from '../../shared/ui/Button';
import { NoteForm } from '../../shared/ui/NotesPanel';
import { LiveSessionForm } from './LiveSessionForm';
import { StoryEntry } from './StoryEntry';
import { STORY_FILTERS, storyItems, type StoryFilter } from './storyItems';
import './story.css';

const FILTER_LABEL: Record<StoryFilter, string> = {
  all: 'Everything',
  starred: '★ Starred',
  flagged: '⚑ Flagged',
  notes: 'Notes',
  alerts: 'Alerts',
  live: 'Live response',
};

interface Props {
  caseId: string;
  /** Shows an event in the timeline (zoomed to its microsecond). */
  onOpenEvent: (time: number) => void;
  onOpenAlert: (id: string) => void;
}

/**
 * The thread of the investigation: starred and flagged events, notes, alerts
 * and live-response sessions in time order (UTC), compact; with a case note
 * and a live-response session to add from here.
 */
export function StoryTab({ caseId, onOpenEvent, onOpenAlert }: Props) {
  const story = useStory(caseId);
  const alerts = useLiveQuery(() => db.alerts.where('caseId').equals(caseId).toArray(), [caseId]);
  const [filter, setFilter] = useState<StoryFilter>('all');
  const [adding, setAdding] = useState<'note' | 'live' | null>(null);
  const items = useMemo(() => (story.data ? storyItems(story.data, alerts ?? [], filter) : []), [story.data, alerts, filter]);

  if (story.error) return <Alert tone="error">Could not read the story: {messageOf(story.error)}</Alert>;
  if (!story.data)
    return (
      <p className="muted" aria-busy="true">
        Reading the story…
      </p>
    );
  const { annotations, notes, sessions } = story.data;
  const empty = annotations.length + notes.length + sessions.length === 0;

  return (
    <div className="story">
      <div className="story-head">
        <h2 className="section-title">Story</h2>
        <p className="faint story-counts">
          {annotations.filter((a) => a.starred).length} starred · {annotations.filter((a) => a.flagged).length} flagged · {plural(notes.length, 'note')} ·{' '}
          {plural(sessions.length, 'live-response session')} · {plural(alerts?.length ?? 0, 'alert')} · times in UTC
        </p>
        <span className="spacer" />
        <Button onClick={() => setAdding(adding === 'note' ? null : 'note')} aria-expanded={adding === 'note'}>
          Add a case note
        </Button>
        <Button onClick={() => setAdding(adding === 'live' ? null : 'live')} aria-expanded={adding === 'live'}>
          Record live response…
        </Button>
      </div>
      {adding === 'note' && (
        <div className="story-adding">
          <NoteForm caseId={caseId} target={{ kind: 'case' }} label="Case note (Markdown)" onDone={() => setAdding(null)} />
        </div>
      )}
      {adding === 'live' && (
        <div className="story-adding">
          <LiveSessionForm caseId={caseId} onDone={() => setAdding(null)} />
        </div>
      )}
      <div className="story-filters" role="group" aria-label="Show">
        {STORY_FILTERS.map((f) => (
          <button
            key={f}
            type="button"
            className={filter === f ? 'chip story-filter is-on' : 'chip story-filter'}
            aria-pressed={filter === f}
            onClick={() => setFilter(f)}
          >
            {FILTER_LABEL[f]}
          </button>
        ))}
      </div>
      {empty && (
        <div className="empty story-empty">
          <p>Nothing in the story yet.</p>
          <p className="faint">
            Star or flag events in the Timeline (open an event, then ☆ Star or ⚐ Flag for the report), write notes on the case, its entities, alerts and events,
            and record live-response sessions here: they join this thread in time order.
          </p>
        </div>
      )}
      {!empty && items.length === 0 && <p className="faint">Nothing of this kind in the story.</p>}
      {items.length > 0 && (
        <ol className="story-thread" aria-label="The story, oldest first">
          {items.map((item) => (
            <StoryEntry key={item.key} caseId={caseId} item={item} onOpenEvent={onOpenEvent} onOpenAlert={onOpenAlert} />
          ))}
        </ol>
      )}
    </div>
  );
}
