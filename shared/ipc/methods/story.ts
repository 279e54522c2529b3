import { z } from 'zod';
import { caseId, method, returns } from '../method';
import type { AuditEntry } from '../../domain/audit';
import { annotateSchema, liveRecordSchema, noteWriteSchema, type CaseNote, type CaseStory, type EventAnnotation, type LiveSession } from '../../domain/story';

/** What a story command changed: its audit entry (a ChangeSet of the contract; not imported from it, which spreads this table in). */
type ChangeSet = { audit: AuditEntry[] };

/** The story of a case (electron/core/story/): event annotations, notes, live-response sessions. */
export const storyMethods = {
  /** Every marked event, note and live-response session of the case, replayed from its journal. */
  'story.get': method(z.object({ caseId }).strict(), returns<CaseStory>()),
  /** Stars, flags, tags or links one timeline event: one journal record (audited); the event's time, message and host are kept with it. */
  'story.annotate': method(annotateSchema, returns<{ changes: ChangeSet; annotation: EventAnnotation | null }>()),
  /** A new note on the case, an entity, an alert or an event; with noteId, a new text for that note (the old one is kept). */
  'story.writeNote': method(noteWriteSchema, returns<{ changes: ChangeSet; note: CaseNote }>()),
  /** A live-response session on a host: who, when, the tool, its commands and their output, the evidence it collected. */
  'story.recordLive': method(liveRecordSchema, returns<{ changes: ChangeSet; session: LiveSession }>()),
} as const;
