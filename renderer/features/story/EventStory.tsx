import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import type { StoredEvent } from '../../../shared/domain/timeline';
import { db } from '../../shared/db';
import { messageOf } from '../../shared/errors';
import { useStory, useStoryCommands } from '../../shared/story/useStory';
import { Alert } from '../../shared/ui/Alert';
import { Button } from '../../shared/ui/Button';
import { NotesPanel } from '../../shared/ui/NotesPanel';
import { EntityLinkForm } from './EntityLinkForm';
import { EventLinks, type LinkNavigation } from './EventLinks';
import './story.css';

/**
 * The story's part of an event's details: star, flag for the report, tags,
 * links to an alert or entity of the case, and the event's notes. Each change
 * is one audited record; the event's time, message and host go with it.
 */
export function EventStory({ caseId, event, onOpenEntity, onOpenAlert }: { caseId: string; event: StoredEvent } & LinkNavigation) {
  const story = useStory(caseId);
  const { annotate } = useStoryCommands(caseId);
  const alerts = useLiveQuery(() => db.alerts.where('caseId').equals(caseId).toArray(), [caseId]) ?? [];
  const [tag, setTag] = useState('');
  const mark = story.data?.annotations.find((a) => a.eventId === event.id);
  const starred = mark?.starred ?? false;
  const flagged = mark?.flagged ?? false;
  const send = (change: Parameters<typeof annotate.mutate>[0], after?: () => void) => annotate.mutate(change, { onSuccess: after });

  return (
    <section aria-label="Story" className="event-story">
      <h3 className="details-section">Story</h3>
      <div className="event-story-row">
        <Button aria-pressed={starred} className={starred ? 'is-on' : ''} onClick={() => send({ eventId: event.id, star: !starred })}>
          {starred ? '★ Starred' : '☆ Star'}
        </Button>
        <Button aria-pressed={flagged} className={flagged ? 'is-on' : ''} onClick={() => send({ eventId: event.id, flag: !flagged })}>
          {flagged ? '⚑ Flagged for the report' : '⚐ Flag for the report'}
        </Button>
      </div>
      <div className="chips event-story-row" aria-label="Story tags">
        {(mark?.tags ?? []).map((t) => (
          <span key={t} className="chip chip-removable">
            {t}
            <button type="button" className="chip-remove" aria-label={`Remove the tag ${t}`} onClick={() => send({ eventId: event.id, removeTags: [t] })}>
              ×
            </button>
          </span>
        ))}
        <form
          className="inline-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (tag.trim()) send({ eventId: event.id, addTags: [tag.trim()] }, () => setTag(''));
          }}
        >
          <input
            className="input input-sm"
            aria-label="Add a tag to this event"
            placeholder="tag…"
            value={tag}
            maxLength={64}
            onChange={(e) => setTag(e.target.value)}
          />
          <Button type="submit" disabled={!tag.trim()}>
            Tag
          </Button>
        </form>
      </div>
      <EventLinks caseId={caseId} eventId={event.id} mark={mark} alerts={alerts} send={send} onOpenEntity={onOpenEntity} onOpenAlert={onOpenAlert} />
      <EntityLinkForm caseId={caseId} onLink={(id, after) => send({ eventId: event.id, linkEntities: [id] }, after)} />
      {annotate.error && <Alert tone="error">{messageOf(annotate.error)}</Alert>}
      <NotesPanel caseId={caseId} target={{ kind: 'event', id: event.id }} title="Notes on this event" headingLevel={3} />
    </section>
  );
}
