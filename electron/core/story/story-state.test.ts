import { describe, expect, it } from 'vitest';
import { newRecord, parseJournalRecord, type JournalEntry, type JournalRecord } from '../cases/records/journal-record';
import { noteCount, replayStory } from './story-state';

const event = { time: 1_772_618_400_000_000, message: 'lsass read', host: 'WKS-1', user: 'alice', source: 'sysmon' };
const none = { addTags: [], removeTags: [], linkEntities: [], unlinkEntities: [], linkAlerts: [], unlinkAlerts: [] };
let seq = 0;
const rec = (entry: Omit<JournalEntry, 'at' | 'actor'>, actor = 'ana', at = `2026-03-04T10:0${seq}:00.000Z`): JournalRecord =>
  newRecord(++seq, { at, actor, ...entry } as JournalEntry);

describe('the story replayed from the journal', () => {
  it("merges an event's annotation records, each changing only what it names", () => {
    const story = replayStory([
      rec({ type: 'event.annotated', data: { eventId: 7, event, star: true, ...none, addTags: ['lateral', 'creds'] } }),
      rec({ type: 'event.annotated', data: { eventId: 7, event, flag: true, ...none, removeTags: ['lateral'], linkAlerts: ['alr-1'] } }, 'bo'),
    ]);
    expect(story.annotations).toEqual([
      {
        eventId: 7,
        event,
        starred: true,
        flagged: true,
        tags: ['creds'],
        entityIds: [],
        alertIds: ['alr-1'],
        updated: { actor: 'bo', at: expect.any(String) },
      },
    ]);
  });

  it('keeps a note with its earlier texts, oldest first, and counts it once', () => {
    const records = [
      rec({ type: 'note.written', data: { noteId: 'n1', target: { kind: 'entity', id: 'ent-1' }, event: null, text: 'one' } }),
      rec({ type: 'note.written', data: { noteId: 'n1', target: { kind: 'entity', id: 'ent-1' }, event: null, text: 'two' } }, 'bo'),
      rec({ type: 'note.written', data: { noteId: 'n1', target: { kind: 'entity', id: 'ent-1' }, event: null, text: 'three' } }, 'cy'),
    ];
    const [note] = replayStory(records).notes;
    expect(note).toMatchObject({ text: 'three', created: { actor: 'ana' }, updated: { actor: 'cy' } });
    expect(note!.history.map((h) => [h.text, h.by.actor])).toEqual([
      ['one', 'ana'],
      ['two', 'bo'],
    ]);
    expect(noteCount(records)).toBe(1);
  });
});

describe('story record schemas', () => {
  const read = (record: unknown) => parseJournalRecord(JSON.parse(JSON.stringify(record)));

  it('reads back each kind as written', () => {
    const written = [
      rec({ type: 'event.annotated', data: { eventId: 3, event, star: true, ...none } }),
      rec({ type: 'note.written', data: { noteId: 'n', target: { kind: 'event', id: 3 }, event, text: '**x**' } }),
      rec({
        type: 'live.recorded',
        data: {
          sessionId: 's',
          host: 'WKS-1',
          operator: 'ana',
          tool: 'ssh',
          startedAt: '2026-03-04T10:00:00Z',
          endedAt: null,
          commands: [{ command: 'id', output: 'uid=0' }],
          transcript: { name: 't.txt', format: 'shell' },
          evidenceIds: [],
          summary: '',
        },
      }),
    ];
    for (const record of written) expect(read(record)).toEqual({ record });
  });

  it('names the field of a bad payload', () => {
    const bad = { ...rec({ type: 'note.written', data: { noteId: 'n', target: { kind: 'case' }, event: null, text: 'x' } }) };
    expect(read({ ...bad, data: { ...bad.data, target: { kind: 'event', id: 'three' } } })).toEqual({
      problem: expect.stringMatching(/^"note.written" record: data\.target\.id: /),
    });
    const live = { seq: 9, at: 'x', actor: 'a', type: 'live.recorded', data: { sessionId: 's', host: 'h', commands: 'ls' } };
    expect(read(live)).toEqual({ problem: expect.stringMatching(/^"live.recorded" record: data\./) });
  });
});
