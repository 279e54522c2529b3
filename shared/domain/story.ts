import { z } from 'zod';

/**
 * The story of a case: what the analyst marked on timeline events (star,
 * flag for the report, tags, links to entities and alerts), the notes they
 * wrote, and the live-response sessions they recorded. Each change is a
 * journal record (audited); the engine replays them into this shape
 * (story.get). Events are named by their timeline id and carry a snapshot of
 * their time, message and host, so the story never needs the timeline.
 */

/** What the story keeps of an event: enough to show and report it without the timeline. */
export interface EventSnapshot {
  /** µs since the epoch, UTC. */
  time: number;
  /** The message, cut to EVENT_SNAPSHOT_MESSAGE characters. */
  message: string;
  host: string;
  user: string;
  source: string;
}

export const EVENT_SNAPSHOT_MESSAGE = 500;

/** Who did something, and when (a journal record's actor and time). */
export interface StoryBy {
  actor: string;
  at: string;
}

/** The analyst's marks on one timeline event, replayed from its event.annotated records. */
export interface EventAnnotation {
  eventId: number;
  event: EventSnapshot;
  starred: boolean;
  flagged: boolean;
  tags: string[];
  entityIds: string[];
  alertIds: string[];
  /** The latest change. */
  updated: StoryBy;
}

export type NoteTarget = { kind: 'case' } | { kind: 'entity'; id: string } | { kind: 'alert'; id: string } | { kind: 'event'; id: number };

/** A note: its latest text, and every earlier text (edits are new records; nothing is lost). */
export interface CaseNote {
  id: string;
  target: NoteTarget;
  /** For a note on an event: the event, as it was when the note was first written. */
  event: EventSnapshot | null;
  /** Markdown; rendered without raw HTML. */
  text: string;
  created: StoryBy;
  updated: StoryBy;
  /** Earlier texts, oldest first. */
  history: { text: string; by: StoryBy }[];
}

/** One command of a live-response session, with what it printed. */
export interface LiveCommand {
  command: string;
  output: string;
  /** ISO 8601 UTC, when the transcript says. */
  at?: string;
}

export const TRANSCRIPT_FORMATS = ['powershell', 'shell'] as const;
export type TranscriptFormat = (typeof TRANSCRIPT_FORMATS)[number];

/** A live-response session on a host, as recorded by the analyst. */
export interface LiveSession {
  id: string;
  host: string;
  /** Who ran the session (the responder on the live network), not necessarily who recorded it. */
  operator: string;
  tool: string;
  /** ISO 8601 UTC. */
  startedAt: string;
  endedAt: string | null;
  commands: LiveCommand[];
  /** The transcript the commands were read from: its file's name ('pasted' when pasted) and format. */
  transcript: { name: string; format: TranscriptFormat } | null;
  /** Evidence items holding what the session collected (ids in the evidence log). */
  evidenceIds: string[];
  summary: string;
  recorded: StoryBy;
}

export interface CaseStory {
  annotations: EventAnnotation[];
  notes: CaseNote[];
  sessions: LiveSession[];
}

const caseId = z.string().uuid('not a case id');
const refId = z.string().trim().min(1).max(200);
const tag = z.string().trim().min(1, 'a tag cannot be empty').max(64, 'a tag is at most 64 characters');
/** A timeline event id: run ordinal * 2^20 + index. */
export const eventIdSchema = z.number().int('an event id is a whole number').nonnegative().max(Number.MAX_SAFE_INTEGER);
const isoTime = z.string().datetime({ offset: true, message: 'not an ISO 8601 time' });

export const annotateSchema = z
  .object({
    caseId,
    eventId: eventIdSchema,
    star: z.boolean().optional(),
    flag: z.boolean().optional(),
    addTags: z.array(tag).max(50).default([]),
    removeTags: z.array(tag).max(50).default([]),
    linkEntities: z.array(refId).max(50).default([]),
    unlinkEntities: z.array(refId).max(50).default([]),
    linkAlerts: z.array(refId).max(50).default([]),
    unlinkAlerts: z.array(refId).max(50).default([]),
  })
  .strict();

export const noteTargetSchema: z.ZodType<NoteTarget> = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('case') }).strict(),
  z.object({ kind: z.literal('entity'), id: refId }).strict(),
  z.object({ kind: z.literal('alert'), id: refId }).strict(),
  z.object({ kind: z.literal('event'), id: eventIdSchema }).strict(),
]);

export const NOTE_MAX_CHARS = 100_000;
const noteText = z.string().trim().min(1, 'the note is empty').max(NOTE_MAX_CHARS, `a note is at most ${NOTE_MAX_CHARS} characters`);

export const noteWriteSchema = z
  .object({
    caseId,
    /** Absent: a new note on `target`; present: a new text for that note (its target stays). */
    noteId: refId.optional(),
    target: noteTargetSchema.default({ kind: 'case' }),
    text: noteText,
  })
  .strict();

/** At most this much command output per session (a record stays far below the journal's 64 MiB limit). */
export const LIVE_OUTPUT_MAX_CHARS = 8_000_000;

export const liveCommandSchema = z
  .object({ command: z.string().min(1, 'the command is empty').max(100_000), output: z.string().max(LIVE_OUTPUT_MAX_CHARS), at: isoTime.optional() })
  .strict();

export const liveRecordSchema = z
  .object({
    caseId,
    host: z.string().trim().min(1, 'name the host').max(300),
    tool: z.string().trim().min(1, 'name the tool').max(200),
    operator: z.string().trim().max(200).optional(),
    startedAt: isoTime,
    endedAt: isoTime.nullable().default(null),
    commands: z.array(liveCommandSchema).max(20_000).default([]),
    transcript: z
      .object({ name: z.string().trim().min(1).max(300), format: z.enum(TRANSCRIPT_FORMATS) })
      .strict()
      .nullable()
      .default(null),
    evidenceIds: z.array(refId).max(200).default([]),
    summary: z.string().max(10_000).default(''),
  })
  .strict()
  .refine((s) => s.endedAt === null || Date.parse(s.endedAt) >= Date.parse(s.startedAt), { message: 'the session ends before it starts', path: ['endedAt'] })
  .refine((s) => s.commands.reduce((n, c) => n + c.output.length, 0) <= LIVE_OUTPUT_MAX_CHARS, {
    message: `the commands' output is more than ${LIVE_OUTPUT_MAX_CHARS} characters in all`,
    path: ['commands'],
  });
