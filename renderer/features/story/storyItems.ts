import type { CaseNote, CaseStory, EventAnnotation, LiveSession } from '../../../shared/domain/story';
import type { AlertRecord } from '../../../shared/domain/records';

/**
 * The thread of the investigation: marked events, notes, alerts and
 * live-response sessions as one list in time order. An item's time is when
 * it happened (the event's time, the alert's first activity, the session's
 * start); a note on an event sits at the event, any other note at when it was
 * written.
 */
export type StoryItem =
  | { kind: 'event'; key: string; us: number; annotation: EventAnnotation; notes: CaseNote[] }
  | { kind: 'note'; key: string; us: number; note: CaseNote }
  | { kind: 'alert'; key: string; us: number; alert: AlertRecord }
  | { kind: 'live'; key: string; us: number; session: LiveSession };

export const STORY_FILTERS = ['all', 'starred', 'flagged', 'notes', 'alerts', 'live'] as const;
export type StoryFilter = (typeof STORY_FILTERS)[number];

const isoToUs = (iso: string | null | undefined): number | null => {
  const ms = iso ? Date.parse(iso) : NaN;
  return Number.isNaN(ms) ? null : ms * 1000;
};

export function storyItems(story: CaseStory, alerts: readonly AlertRecord[], filter: StoryFilter = 'all'): StoryItem[] {
  const items: StoryItem[] = [];
  const notesByEvent = new Map<number, CaseNote[]>();
  for (const note of story.notes) {
    if (note.target.kind === 'event') notesByEvent.set(note.target.id, [...(notesByEvent.get(note.target.id) ?? []), note]);
  }
  const annotated = new Set(story.annotations.map((a) => a.eventId));
  const want = (kind: StoryFilter) => filter === 'all' || filter === kind;
  for (const a of story.annotations) {
    if (filter === 'starred' && !a.starred) continue;
    if (filter === 'flagged' && !a.flagged) continue;
    if (filter !== 'all' && filter !== 'starred' && filter !== 'flagged') continue;
    items.push({ kind: 'event', key: `e${a.eventId}`, us: a.event.time, annotation: a, notes: notesByEvent.get(a.eventId) ?? [] });
  }
  if (want('notes')) {
    for (const note of story.notes) {
      // A note on a marked event is shown with that event (unless only notes are asked for).
      if (filter === 'all' && note.target.kind === 'event' && annotated.has(note.target.id)) continue;
      const us = note.event ? note.event.time : isoToUs(note.created.at)!;
      items.push({ kind: 'note', key: `n${note.id}`, us, note });
    }
  }
  if (want('alerts')) {
    for (const alert of alerts) {
      const us = isoToUs(alert.firstActivity) ?? isoToUs(alert.createdAt) ?? isoToUs(alert.lastActivity);
      if (us !== null) items.push({ kind: 'alert', key: `a${alert.id}`, us, alert });
    }
  }
  if (want('live')) for (const s of story.sessions) items.push({ kind: 'live', key: `l${s.id}`, us: isoToUs(s.startedAt)!, session: s });
  return items.sort((a, b) => a.us - b.us || a.key.localeCompare(b.key));
}
