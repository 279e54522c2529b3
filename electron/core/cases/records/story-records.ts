import { z } from 'zod';
import type { EventSnapshot, LiveCommand, NoteTarget, TranscriptFormat } from '../../../../shared/domain/story';
import { TRANSCRIPT_FORMATS } from '../../../../shared/domain/story';

/**
 * The journal records of the story (electron/core/story/): the analyst's
 * marks on a timeline event, notes (an edit is a new record with the same
 * note id, so every text is kept), and live-response sessions. Each holds a
 * snapshot of the events it names, so the story is read without the timeline.
 */
export const EVENT_ANNOTATED = 'event.annotated';
export const NOTE_WRITTEN = 'note.written';
export const LIVE_RECORDED = 'live.recorded';

const snapshotSchema: z.ZodType<EventSnapshot> = z.object({
  time: z.number(),
  message: z.string(),
  host: z.string(),
  user: z.string(),
  source: z.string(),
});
const eventId = z.number().int().nonnegative();
const ids = z.array(z.string());

export const eventAnnotatedSchema = z.object({
  eventId,
  event: snapshotSchema,
  /** Absent: unchanged. */
  star: z.boolean().optional(),
  flag: z.boolean().optional(),
  addTags: ids,
  removeTags: ids,
  linkEntities: ids,
  unlinkEntities: ids,
  linkAlerts: ids,
  unlinkAlerts: ids,
});
export interface EventAnnotatedData {
  eventId: number;
  event: EventSnapshot;
  star?: boolean;
  flag?: boolean;
  addTags: string[];
  removeTags: string[];
  linkEntities: string[];
  unlinkEntities: string[];
  linkAlerts: string[];
  unlinkAlerts: string[];
}

const targetSchema: z.ZodType<NoteTarget> = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('case') }),
  z.object({ kind: z.literal('entity'), id: z.string() }),
  z.object({ kind: z.literal('alert'), id: z.string() }),
  z.object({ kind: z.literal('event'), id: eventId }),
]);

export const noteWrittenSchema = z.object({
  noteId: z.string().min(1),
  target: targetSchema,
  /** The event a note on an event is about, as it was when the note was written. */
  event: snapshotSchema.nullable(),
  text: z.string(),
});
export interface NoteWrittenData {
  noteId: string;
  target: NoteTarget;
  event: EventSnapshot | null;
  text: string;
}

const commandSchema: z.ZodType<LiveCommand> = z.object({ command: z.string(), output: z.string(), at: z.string().optional() });

export const liveRecordedSchema = z.object({
  sessionId: z.string().min(1),
  host: z.string(),
  operator: z.string(),
  tool: z.string(),
  startedAt: z.string(),
  endedAt: z.string().nullable(),
  commands: z.array(commandSchema),
  transcript: z.object({ name: z.string(), format: z.enum(TRANSCRIPT_FORMATS) }).nullable(),
  evidenceIds: ids,
  summary: z.string(),
});
export interface LiveRecordedData {
  sessionId: string;
  host: string;
  operator: string;
  tool: string;
  startedAt: string;
  endedAt: string | null;
  commands: LiveCommand[];
  transcript: { name: string; format: TranscriptFormat } | null;
  evidenceIds: string[];
  summary: string;
}
