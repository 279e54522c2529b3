import { randomUUID } from 'node:crypto';
import { EVENT_SNAPSHOT_MESSAGE, type CaseStory, type EventAnnotation, type EventSnapshot, type NoteTarget } from '../../../shared/domain/story';
import type { EventMarkKind, StoredEvent } from '../../../shared/domain/timeline';
import type { ParsedInput, Result } from '../../../shared/ipc/contract';
import type { Handlers } from '../../../shared/ipc/dispatch';
import { CasebookError } from '../../../shared/ipc/errors';
import type { CaseAccess } from '../cases/case-access';
import { toAuditEntry } from '../cases/case-model';
import { replayState } from '../cases/case-state';
import type { JournalEntry, JournalRecord } from '../cases/records/journal-record';
import { EVENT_ANNOTATED, LIVE_RECORDED, NOTE_WRITTEN, type EventAnnotatedData } from '../cases/records/story-records';
import type { CaseJournal } from '../vault/case-journal';
import type { TimelineStore } from '../timeline/timeline-store';
import { replayStory } from './story-state';
import { checkEvidenceIds } from '../evidence/evidence-state';

type StoryMethods = 'story.get' | 'story.annotate' | 'story.writeNote' | 'story.recordLive';

/** What the story keeps of an event. */
export function snapshotOf(event: StoredEvent): EventSnapshot {
  return { time: event.time, message: event.message.slice(0, EVENT_SNAPSHOT_MESSAGE), host: event.host, user: event.user, source: event.source };
}

const unique = (list: readonly string[]) => [...new Set(list)];

/**
 * The story of a case: marks on timeline events, notes, live-response
 * sessions. Every change is one journal record; the story is replayed from
 * the journal (memoized per journal and length). The events named are looked
 * up in the timeline store before the write (never under the case's mutex),
 * and their snapshot goes into the record.
 */
export class StoryService {
  private readonly memo = new WeakMap<readonly JournalRecord[], { length: number; story: CaseStory }>();
  readonly handlers: Pick<Handlers, StoryMethods>;

  constructor(
    private readonly cases: CaseAccess,
    /** Runs a query on the case's timeline store (TimelineService.query). */
    private readonly timeline: <T>(caseId: string, fn: (store: TimelineStore) => Promise<T>) => Promise<T>,
    /** Throws not-found when the case has no such entity (EntityService's entities.get). */
    private readonly checkEntity: (caseId: string, id: string) => Promise<unknown>,
  ) {
    this.handlers = {
      'story.get': ({ caseId }) => this.cases.withReadable(caseId, (journal) => this.storyOf(journal.records)),
      'story.annotate': (input) => this.annotate(input),
      'story.writeNote': (input) => this.writeNote(input),
      'story.recordLive': (input) => this.recordLive(input),
    };
  }

  /** The ids of the events that carry any of these marks (a timeline filter's `marks`; tagged: a story tag). */
  markedEvents(caseId: string, marks: readonly EventMarkKind[]): Promise<number[]> {
    const wants = new Set(marks);
    const passes = (a: EventAnnotation) =>
      (wants.has('starred') && a.starred) || (wants.has('flagged') && a.flagged) || (wants.has('tagged') && a.tags.length > 0);
    return this.cases.withReadable(caseId, (journal) =>
      this.storyOf(journal.records)
        .annotations.filter(passes)
        .map((a) => a.eventId),
    );
  }

  private storyOf(records: readonly JournalRecord[]): CaseStory {
    const hit = this.memo.get(records);
    if (hit && hit.length === records.length) return hit.story;
    const story = replayStory(records);
    this.memo.set(records, { length: records.length, story });
    return story;
  }

  /** The event, from the timeline store: a clear not-found naming the case and id otherwise. */
  private async event(caseId: string, eventId: number, what: string): Promise<EventSnapshot> {
    const event = await this.timeline(caseId, (store) => store.eventById(eventId));
    if (!event) throw new CasebookError('not-found', `${what}: case ${caseId} has no timeline event ${eventId} (timeline search shows event ids)`);
    return snapshotOf(event);
  }

  private async checkLinks(caseId: string, entities: readonly string[], alerts: readonly string[], what: string): Promise<void> {
    if (alerts.length) {
      const known = await this.cases.withReadable(caseId, (journal) => replayState(caseId, journal.records).alerts);
      const missing = alerts.filter((id) => !known.has(id));
      if (missing.length) throw new CasebookError('not-found', `${what}: case ${caseId} has no alert ${missing.join(', ')}; nothing was changed`);
    }
    for (const id of entities) {
      await this.checkEntity(caseId, id).catch((err: unknown) => {
        if (err instanceof CasebookError && err.code === 'not-found')
          throw new CasebookError('not-found', `${what}: case ${caseId} has no entity ${id}; nothing was changed`);
        throw err;
      });
    }
  }

  /** Appends one record and answers with its audit entry. */
  private async append(journal: CaseJournal, entry: Omit<JournalEntry, 'at' | 'actor'>) {
    const { record, tag } = await journal.append({ at: new Date().toISOString(), actor: this.cases.actor(), ...entry } as JournalEntry);
    return { audit: [toAuditEntry(journal.caseId, record, tag)] };
  }

  private async annotate(input: ParsedInput<'story.annotate'>): Promise<Result<'story.annotate'>> {
    const { caseId, eventId } = input;
    const data: EventAnnotatedData = {
      eventId,
      event: await this.event(caseId, eventId, 'story.annotate'),
      addTags: unique(input.addTags),
      removeTags: unique(input.removeTags),
      linkEntities: unique(input.linkEntities),
      unlinkEntities: unique(input.unlinkEntities),
      linkAlerts: unique(input.linkAlerts),
      unlinkAlerts: unique(input.unlinkAlerts),
      ...(input.star !== undefined ? { star: input.star } : {}),
      ...(input.flag !== undefined ? { flag: input.flag } : {}),
    };
    const changes = data.star === undefined && data.flag === undefined && !Object.values(data).some((v) => Array.isArray(v) && v.length);
    if (changes) throw new CasebookError('invalid-input', 'story.annotate: say what to change (star, flag, a tag, a link)');
    await this.checkLinks(caseId, data.linkEntities, data.linkAlerts, 'story.annotate');
    return this.cases.withWritable(caseId, async (journal) => {
      const answer = await this.append(journal, { type: EVENT_ANNOTATED, data });
      return { changes: answer, annotation: this.storyOf(journal.records).annotations.find((a) => a.eventId === eventId) ?? null };
    });
  }

  private async writeNote({ caseId, noteId, target, text }: ParsedInput<'story.writeNote'>): Promise<Result<'story.writeNote'>> {
    if (noteId === undefined) {
      const event = await this.checkTarget(caseId, target);
      return this.saveNote(caseId, { noteId: `note-${randomUUID()}`, target, event, text });
    }
    const existing = await this.cases.withReadable(caseId, (journal) => this.storyOf(journal.records).notes.find((n) => n.id === noteId));
    if (!existing) throw new CasebookError('not-found', `story.writeNote: noteId: case ${caseId} has no note ${noteId}`);
    if (existing.text === text) throw new CasebookError('invalid-input', `story.writeNote: text: the note ${noteId} already says this; nothing was changed`);
    // An edit keeps the note's target and event: only its text changes.
    return this.saveNote(caseId, { noteId, target: existing.target, event: existing.event, text });
  }

  private async checkTarget(caseId: string, target: NoteTarget): Promise<EventSnapshot | null> {
    if (target.kind === 'event') return this.event(caseId, target.id, 'story.writeNote');
    if (target.kind === 'entity') await this.checkLinks(caseId, [target.id], [], 'story.writeNote');
    if (target.kind === 'alert') await this.checkLinks(caseId, [], [target.id], 'story.writeNote');
    return null;
  }

  private saveNote(caseId: string, data: { noteId: string; target: NoteTarget; event: EventSnapshot | null; text: string }) {
    return this.cases.withWritable(caseId, async (journal) => {
      const changes = await this.append(journal, { type: NOTE_WRITTEN, data });
      return { changes, note: this.storyOf(journal.records).notes.find((n) => n.id === data.noteId)! };
    });
  }

  private recordLive(input: ParsedInput<'story.recordLive'>): Promise<Result<'story.recordLive'>> {
    const { caseId, operator, ...rest } = input;
    const sessionId = `live-${randomUUID()}`;
    const data = { sessionId, ...rest, operator: operator || this.cases.actor(), evidenceIds: unique(rest.evidenceIds) };
    return this.cases.withWritable(caseId, async (journal) => {
      checkEvidenceIds(caseId, journal.records, data.evidenceIds, 'story.recordLive: evidenceIds');
      const changes = await this.append(journal, { type: LIVE_RECORDED, data });
      return { changes, session: this.storyOf(journal.records).sessions.find((s) => s.id === sessionId)! };
    });
  }
}
