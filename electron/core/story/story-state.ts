import type { FieldChange } from '../../../shared/domain/audit';
import type { CaseNote, CaseStory, EventAnnotation, LiveSession, NoteTarget } from '../../../shared/domain/story';
import type { JournalRecord } from '../cases/records/journal-record';
import {
  EVENT_ANNOTATED,
  LIVE_RECORDED,
  NOTE_WRITTEN,
  type EventAnnotatedData,
  type LiveRecordedData,
  type NoteWrittenData,
} from '../cases/records/story-records';

/**
 * The story replayed from a case's journal: the marks on each event (each
 * event.annotated record changes only what it names), each note with its
 * earlier texts, and the live-response sessions in the order recorded.
 */
export function replayStory(records: readonly JournalRecord[]): CaseStory {
  const annotations = new Map<number, EventAnnotation>();
  const notes = new Map<string, CaseNote>();
  const sessions: LiveSession[] = [];
  for (const r of records) {
    const by = { actor: r.actor, at: r.at };
    if (r.type === EVENT_ANNOTATED) annotate(annotations, r.data, by);
    else if (r.type === NOTE_WRITTEN) writeNote(notes, r.data, by);
    else if (r.type === LIVE_RECORDED) sessions.push(sessionOf(r.data, by));
  }
  // An event whose every mark was taken off is no longer part of the story.
  const marked = [...annotations.values()].filter((a) => a.starred || a.flagged || a.tags.length || a.entityIds.length || a.alertIds.length);
  return { annotations: marked, notes: [...notes.values()], sessions };
}

/** The number of notes in the journal (an edit is not a new note), for the case's counts. */
export function noteCount(records: readonly JournalRecord[]): number {
  const ids = new Set<string>();
  for (const r of records) if (r.type === NOTE_WRITTEN) ids.add(r.data.noteId);
  return ids.size;
}

type By = { actor: string; at: string };

function edit(list: string[], add: readonly string[], remove: readonly string[]): string[] {
  const set = new Set(list);
  for (const x of add) set.add(x);
  for (const x of remove) set.delete(x);
  return [...set];
}

function annotate(annotations: Map<number, EventAnnotation>, d: EventAnnotatedData, by: By): void {
  const known = annotations.get(d.eventId) ?? {
    eventId: d.eventId,
    event: d.event,
    starred: false,
    flagged: false,
    tags: [],
    entityIds: [],
    alertIds: [],
    updated: by,
  };
  annotations.set(d.eventId, {
    ...known,
    event: d.event,
    starred: d.star ?? known.starred,
    flagged: d.flag ?? known.flagged,
    tags: edit(known.tags, d.addTags, d.removeTags),
    entityIds: edit(known.entityIds, d.linkEntities, d.unlinkEntities),
    alertIds: edit(known.alertIds, d.linkAlerts, d.unlinkAlerts),
    updated: by,
  });
}

function writeNote(notes: Map<string, CaseNote>, d: NoteWrittenData, by: By): void {
  const known = notes.get(d.noteId);
  if (!known) {
    notes.set(d.noteId, { id: d.noteId, target: d.target, event: d.event, text: d.text, created: by, updated: by, history: [] });
    return;
  }
  known.history.push({ text: known.text, by: known.updated });
  known.text = d.text;
  known.updated = by;
}

function sessionOf(d: LiveRecordedData, by: By): LiveSession {
  const { sessionId, ...rest } = d;
  return { id: sessionId, ...rest, recorded: by };
}

export function describeTarget(target: NoteTarget): string {
  return target.kind === 'case' ? 'the case' : `${target.kind} ${target.id}`;
}

/** How the audit trail shows a story record. */
export function storyChanges(record: JournalRecord): FieldChange[] | null {
  if (record.type === EVENT_ANNOTATED) {
    const d = record.data;
    const field = `event ${d.eventId}`;
    const changes: FieldChange[] = [];
    if (d.star !== undefined) changes.push({ field: `${field} starred`, from: null, to: d.star });
    if (d.flag !== undefined) changes.push({ field: `${field} flagged for the report`, from: null, to: d.flag });
    const lists: [string, string[], string[]][] = [
      ['tags', d.addTags, d.removeTags],
      ['linked entities', d.linkEntities, d.unlinkEntities],
      ['linked alerts', d.linkAlerts, d.unlinkAlerts],
    ];
    for (const [name, add, remove] of lists) {
      if (add.length || remove.length)
        changes.push({ field: `${field} ${name}`, from: null, to: [...add.map((x) => `+${x}`), ...remove.map((x) => `-${x}`)].join(', ') });
    }
    return changes;
  }
  if (record.type === NOTE_WRITTEN) return [{ field: `note ${record.data.noteId} on ${describeTarget(record.data.target)}`, from: null, to: record.data.text }];
  if (record.type === LIVE_RECORDED) {
    const d = record.data;
    return [{ field: `live response on ${d.host}`, from: null, to: `${d.tool} by ${d.operator}, ${d.commands.length} command(s), from ${d.startedAt}` }];
  }
  return null;
}
