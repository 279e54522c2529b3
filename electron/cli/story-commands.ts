import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { CasebookError } from '../../shared/ipc/errors';
import type { CaseNote, CaseStory, EventAnnotation, LiveSession, NoteTarget } from '../../shared/domain/story';
import { EVENT_MARKS, type EventMarkKind, type StoredEvent } from '../../shared/domain/timeline';
import { parseTranscript, TranscriptError, type ParsedTranscript } from '../../shared/domain/transcript';
import { isoUs } from '../../shared/time';
import { list, resolveCase, str, withUnlocked, type Call, type CommandContext, type CommandTable } from './cli-context';
import { table, utc } from './format';

/** The story commands: timeline search, event annotate, note add/edit/list, live add/list. */

export const STORY_USAGE = `  timeline search ID [--query Q] [--marked starred|flagged|tagged]... [--limit N]
                                  events whose message holds Q (case-insensitive) and, with --marked, that the analyst
                                  starred, flagged or tagged (any of those named), with their ids and marks
  event annotate ID EVENT [--star|--unstar] [--flag|--unflag] [--tag T]... [--untag T]... [--entity E] [--alert A] [--note N]
                                  mark a timeline event (by id) for the story and the report (audited)
  note add ID [--entity E|--alert A|--event EV] --text T   a Markdown note on the case (or an entity, alert, event)
  note edit ID NOTE --text T      a new text for a note (the old one is kept in its history)
  note list ID                    the case's notes, oldest first
  live add ID --host H --tool T [--transcript FILE] [--operator O] [--start TIME] [--end TIME] [--evidence ITEM]... [--summary S]
                                  record a live-response session; a PowerShell (Start-Transcript) or "$ command" shell
                                  transcript gives the commands and their output, and its times and host when not given
  live list ID                    the case's live-response sessions`;

/** The options of these commands, for the argument parser (casebook.ts). */
export const STORY_FLAGS = {
  query: { type: 'string' },
  marked: { type: 'string', multiple: true },
  star: { type: 'boolean' },
  unstar: { type: 'boolean' },
  flag: { type: 'boolean' },
  unflag: { type: 'boolean' },
  note: { type: 'string' },
  entity: { type: 'string' },
  alert: { type: 'string' },
  event: { type: 'string' },
  text: { type: 'string' },
  host: { type: 'string' },
  tool: { type: 'string' },
  transcript: { type: 'string' },
  operator: { type: 'string' },
  start: { type: 'string' },
  end: { type: 'string' },
  evidence: { type: 'string', multiple: true },
  summary: { type: 'string' },
} as const;

const caseOf = async (call: Call, ref: string | undefined) => resolveCase((await call('cases.list', {})).cases, ref);
const oneLine = (text: string, max: number) => {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
};
const usUtc = (us: number) => utc(isoUs(us));

function limitOf(flag: unknown, command: string): number {
  const text = str(flag);
  if (text === undefined) return 50;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > 1000) throw new CasebookError('invalid-input', `${command}: --limit "${text}" is not a whole number from 1 to 1000`);
  return n;
}

function eventIdOf(ref: string | undefined, command: string, what = 'EVENT'): number {
  if (ref === undefined) throw new CasebookError('invalid-input', `${command}: give the event's id (${what}; timeline search shows them)`);
  const n = Number(ref);
  if (!/^\d+$/.test(ref) || !Number.isSafeInteger(n)) throw new CasebookError('invalid-input', `${command}: event id "${ref}" is not a whole number`);
  return n;
}

/** An entity by id, or by its value or key when exactly one entity has it. */
async function entityIdOf(call: Call, caseId: string, ref: string): Promise<string> {
  const found = await call('entities.list', { caseId, text: ref, limit: 1000 });
  const lower = ref.toLowerCase();
  const exact = found.rows.filter((r) => r.id === ref || r.display.toLowerCase() === lower || r.key.toLowerCase() === lower);
  if (exact.length === 1) return exact[0]!.id;
  if (exact.length > 1)
    throw new CasebookError('invalid-input', `"${ref}" is ${exact.length} entities (${exact.map((r) => `${r.type} ${r.id}`).join(', ')}); give the id`);
  throw new CasebookError('not-found', `no entity "${ref}" in case ${caseId} (entity list --search shows what there is)`);
}

const marksOf = (a: EventAnnotation | undefined) =>
  a ? `${a.starred ? '★' : ''}${a.flagged ? '⚑' : ''}${a.tags.length ? ` ${a.tags.join(',')}` : ''}`.trim() : '';

function eventTable(events: StoredEvent[], story: CaseStory): string {
  const marks = new Map(story.annotations.map((a) => [a.eventId, a]));
  return table(
    ['ID', 'TIME', 'HOST', 'USER', 'MARKS', 'MESSAGE'],
    events.map((e) => [String(e.id), usUtc(e.time), e.host || '-', e.user || '-', marksOf(marks.get(e.id)) || '-', oneLine(e.message, 100)]),
  );
}

const targetText = (t: NoteTarget) => (t.kind === 'case' ? 'case' : `${t.kind} ${t.id}`);

function notesText(notes: CaseNote[]): string {
  if (!notes.length) return 'no notes yet (note add ID --text T)';
  return notes
    .map((n) => {
      const edited = n.history.length ? `, edited ${n.history.length}× (last by ${n.updated.actor}, ${utc(n.updated.at)})` : '';
      return `${n.id} on ${targetText(n.target)}: by ${n.created.actor}, ${utc(n.created.at)}${edited}\n${n.text.replace(/^/gm, '  ')}`;
    })
    .join('\n\n');
}

function sessionText(s: LiveSession): string {
  const head = `${s.id}  ${s.host}  ${s.tool}  by ${s.operator}  ${utc(s.startedAt)} to ${s.endedAt ? utc(s.endedAt) : '-'}  ${s.commands.length} command(s)`;
  const lines = [head];
  if (s.transcript) lines.push(`  from ${s.transcript.format} transcript ${s.transcript.name}`);
  if (s.evidenceIds.length) lines.push(`  evidence: ${s.evidenceIds.join(', ')}`);
  if (s.summary) lines.push(`  ${s.summary}`);
  for (const c of s.commands) lines.push(`  > ${oneLine(c.command, 120)}${c.output ? ` (${c.output.split('\n').length} line(s) of output)` : ''}`);
  return lines.join('\n');
}

/** A transcript file, read and parsed; a clear error naming the file otherwise. */
function readTranscript(file: string): { parsed: ParsedTranscript; name: string } {
  let text: string;
  try {
    if (statSync(file).size > 64 * 2 ** 20) throw new CasebookError('invalid-input', `live add: --transcript ${file} is larger than 64 MiB`);
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if (err instanceof CasebookError) throw err;
    throw new CasebookError('invalid-input', `live add: cannot read the transcript ${file}: ${(err as Error).message}`);
  }
  try {
    return { parsed: parseTranscript(text), name: path.basename(file) };
  } catch (err) {
    if (err instanceof TranscriptError) throw new CasebookError('invalid-input', `live add: ${file}: ${err.message}`);
    throw err;
  }
}

function timeFlag(flag: unknown, name: string): string | undefined {
  const text = str(flag);
  if (text === undefined) return undefined;
  const ms = Date.parse(/[zZ]|[+-]\d{2}:?\d{2}$/.test(text) ? text : `${text}Z`);
  if (Number.isNaN(ms))
    throw new CasebookError('invalid-input', `live add: --${name} "${text}" is not a time (ISO 8601, e.g. 2026-03-04T10:30:00Z; without a zone it is UTC)`);
  return new Date(ms).toISOString();
}

async function liveAdd(ctx: CommandContext, call: Call) {
  const c = await caseOf(call, ctx.args[0]);
  const file = str(ctx.flags.transcript);
  const transcript = file ? readTranscript(file) : null;
  const host = str(ctx.flags.host) ?? transcript?.parsed.host ?? undefined;
  const startedAt = timeFlag(ctx.flags.start, 'start') ?? transcript?.parsed.startedAt ?? undefined;
  if (!host) throw new CasebookError('invalid-input', 'live add: --host is required (the transcript does not name one)');
  if (!str(ctx.flags.tool))
    throw new CasebookError('invalid-input', 'live add: --tool is required (e.g. "Defender Live Response", "PowerShell Remoting", "ssh")');
  if (!startedAt) throw new CasebookError('invalid-input', 'live add: --start is required (the transcript, if any, does not say when it started)');
  const { session } = await call('story.recordLive', {
    caseId: c.id,
    host,
    tool: str(ctx.flags.tool)!,
    operator: str(ctx.flags.operator) ?? transcript?.parsed.user ?? undefined,
    startedAt,
    endedAt: timeFlag(ctx.flags.end, 'end') ?? transcript?.parsed.endedAt ?? null,
    commands: transcript?.parsed.commands ?? [],
    transcript: transcript ? { name: transcript.name, format: transcript.parsed.format } : null,
    evidenceIds: list(ctx.flags.evidence),
    summary: str(ctx.flags.summary) ?? '',
  });
  const warnings = transcript?.parsed.warnings ?? [];
  return { json: { session, warnings }, text: [sessionText(session), ...warnings.map((w) => `warning: ${w}`)].join('\n') };
}

async function annotate(ctx: CommandContext, call: Call) {
  const c = await caseOf(call, ctx.args[0]);
  const eventId = eventIdOf(ctx.args[1], 'event annotate');
  const { star, unstar, flag, unflag } = ctx.flags;
  if ((star && unstar) || (flag && unflag))
    throw new CasebookError('invalid-input', 'event annotate: --star with --unstar (or --flag with --unflag) says two things');
  const entity = str(ctx.flags.entity);
  const alert = str(ctx.flags.alert);
  const marks = {
    ...(star || unstar ? { star: star === true } : {}),
    ...(flag || unflag ? { flag: flag === true } : {}),
    addTags: list(ctx.flags.tag),
    removeTags: list(ctx.flags.untag),
    linkEntities: entity ? [await entityIdOf(call, c.id, entity)] : [],
    linkAlerts: alert ? [alert] : [],
  };
  const note = str(ctx.flags.note);
  const hasMarks = 'star' in marks || 'flag' in marks || [marks.addTags, marks.removeTags, marks.linkEntities, marks.linkAlerts].some((l) => l.length);
  if (!hasMarks && !note) throw new CasebookError('invalid-input', 'event annotate: nothing to do (use --star, --flag, --tag, --entity, --alert or --note)');
  const annotation = hasMarks ? (await call('story.annotate', { caseId: c.id, eventId, ...marks })).annotation : null;
  const written = note ? (await call('story.writeNote', { caseId: c.id, target: { kind: 'event', id: eventId }, text: note })).note : null;
  const text = [
    annotation
      ? `event ${eventId}: ${marksOf(annotation) || 'no marks'}${annotation.alertIds.length + annotation.entityIds.length ? `; linked ${[...annotation.entityIds, ...annotation.alertIds].join(', ')}` : ''}`
      : '',
    annotation ? `  ${usUtc(annotation.event.time)}  ${annotation.event.host}  ${oneLine(annotation.event.message, 100)}` : '',
    written ? `note ${written.id} written on event ${eventId}` : '',
  ];
  return { json: { annotation, note: written }, text: text.filter(Boolean).join('\n') };
}

async function noteTarget(ctx: CommandContext, call: Call, caseId: string): Promise<NoteTarget> {
  const given = (['entity', 'alert', 'event'] as const).filter((k) => str(ctx.flags[k]) !== undefined);
  if (given.length > 1) throw new CasebookError('invalid-input', `note add: a note is on one thing; got --${given.join(' and --')}`);
  const entity = str(ctx.flags.entity);
  if (entity) return { kind: 'entity', id: await entityIdOf(call, caseId, entity) };
  const alert = str(ctx.flags.alert);
  if (alert) return { kind: 'alert', id: alert };
  const event = str(ctx.flags.event);
  if (event) return { kind: 'event', id: eventIdOf(event, 'note add', '--event') };
  return { kind: 'case' };
}

const textOf = (ctx: CommandContext, command: string) => {
  const text = str(ctx.flags.text);
  if (!text) throw new CasebookError('invalid-input', `${command}: --text is required`);
  return text;
};

/** --marked's values (starred, flagged, tagged), or undefined when none is given; anything else is refused by name. */
function markedOf(values: unknown): EventMarkKind[] | undefined {
  const list = (Array.isArray(values) ? values : values === undefined ? [] : [values]).map(String);
  for (const v of list) {
    if (!(EVENT_MARKS as readonly string[]).includes(v))
      throw new CasebookError('invalid-input', `timeline search: --marked ${v}: give ${EVENT_MARKS.join(', ')}`);
  }
  return list.length ? ([...new Set(list)] as EventMarkKind[]) : undefined;
}

export const storyCommands: CommandTable = {
  'timeline search': (ctx) =>
    withUnlocked(ctx, async (call) => {
      const c = await caseOf(call, ctx.args[0]);
      const query = str(ctx.flags.query);
      const marks = markedOf(ctx.flags.marked);
      if (!query && !marks) throw new CasebookError('invalid-input', 'timeline search: give --query or --marked');
      const filter = { ...(query ? { text: query } : {}), ...(marks ? { marks } : {}) };
      const page = await call('timeline.page', { caseId: c.id, filter, limit: limitOf(ctx.flags.limit, 'timeline search') });
      const story = await call('story.get', { caseId: c.id });
      const shown = page.events.length < page.total ? `\n${page.events.length} of ${page.total} shown; use --limit` : `\n${page.total} event(s)`;
      return {
        json: page,
        text: page.events.length
          ? eventTable(page.events, story) + shown
          : `no event ${query ? `whose message holds "${query}"` : ''}${query && marks ? ' and ' : ''}${marks ? `marked ${marks.join(' or ')}` : ''}`,
      };
    }),

  'event annotate': (ctx) => withUnlocked(ctx, (call) => annotate(ctx, call)),

  'note add': (ctx) =>
    withUnlocked(ctx, async (call) => {
      const c = await caseOf(call, ctx.args[0]);
      const text = textOf(ctx, 'note add');
      const { note } = await call('story.writeNote', { caseId: c.id, target: await noteTarget(ctx, call, c.id), text });
      return { json: note, text: `note ${note.id} written on ${targetText(note.target)}` };
    }),

  'note edit': (ctx) =>
    withUnlocked(ctx, async (call) => {
      const c = await caseOf(call, ctx.args[0]);
      if (!ctx.args[1]) throw new CasebookError('invalid-input', 'note edit: give the note id (note list shows them)');
      const { note } = await call('story.writeNote', { caseId: c.id, noteId: ctx.args[1], text: textOf(ctx, 'note edit') });
      return { json: note, text: `note ${note.id} now has its text number ${note.history.length + 1}` };
    }),

  'note list': (ctx) =>
    withUnlocked(ctx, async (call) => {
      const c = await caseOf(call, ctx.args[0]);
      const { notes } = await call('story.get', { caseId: c.id });
      return { json: notes, text: notesText(notes) };
    }),

  'live add': (ctx) => withUnlocked(ctx, (call) => liveAdd(ctx, call)),

  'live list': (ctx) =>
    withUnlocked(ctx, async (call) => {
      const c = await caseOf(call, ctx.args[0]);
      const { sessions } = await call('story.get', { caseId: c.id });
      return {
        json: sessions,
        text: sessions.length ? sessions.map(sessionText).join('\n\n') : 'no live-response session recorded (live add ID --host H --tool T)',
      };
    }),
};
