import { describe, expect, it } from 'vitest';
import type { CaseNote, CaseStory, EventAnnotation, LiveSession } from '../../../shared/domain/story';
import type { AlertRecord } from '../../../shared/domain/records';
import { storyItems } from './storyItems';

const by = { actor: 'ana', at: '2026-03-05T09:00:00.000Z' };
const us = (iso: string) => Date.parse(iso) * 1000;
const event = (id: number, iso: string, over: Partial<EventAnnotation> = {}): EventAnnotation => ({
  eventId: id,
  event: { time: us(iso), message: `event ${id}`, host: 'WKS-1', user: '', source: 'sysmon' },
  starred: true,
  flagged: false,
  tags: [],
  entityIds: [],
  alertIds: [],
  updated: by,
  ...over,
});
const note = (id: string, target: CaseNote['target'], eventIso?: string): CaseNote => ({
  id,
  target,
  event: eventIso ? { time: us(eventIso), message: '', host: '', user: '', source: '' } : null,
  text: id,
  created: by,
  updated: by,
  history: [],
});
const session = { id: 'live-1', host: 'WKS-1', startedAt: '2026-03-04T11:00:00.000Z' } as LiveSession;
const alert = { id: 'alr-1', firstActivity: '2026-03-04T09:55:00.000Z', createdAt: null, lastActivity: null } as AlertRecord;

const story: CaseStory = {
  annotations: [event(2, '2026-03-04T10:05:00Z', { flagged: true, starred: false }), event(1, '2026-03-04T10:00:00Z')],
  notes: [
    note('on-case', { kind: 'case' }),
    note('on-event-1', { kind: 'event', id: 1 }, '2026-03-04T10:00:00Z'),
    note('on-unmarked', { kind: 'event', id: 9 }, '2026-03-04T10:30:00Z'),
  ],
  sessions: [session],
};

describe('the story thread', () => {
  it('puts events, notes, alerts and sessions in time order; a note on a marked event goes with the event', () => {
    const items = storyItems(story, [alert]);
    expect(items.map((i) => i.key)).toEqual(['aalr-1', 'e1', 'e2', 'non-unmarked', 'llive-1', 'non-case']);
    const first = items.find((i) => i.key === 'e1');
    expect(first?.kind === 'event' && first.notes.map((n) => n.id)).toEqual(['on-event-1']);
  });

  it('filters on starred or flagged events, notes, alerts or sessions', () => {
    expect(storyItems(story, [alert], 'starred').map((i) => i.key)).toEqual(['e1']);
    expect(storyItems(story, [alert], 'flagged').map((i) => i.key)).toEqual(['e2']);
    expect(storyItems(story, [alert], 'notes').map((i) => i.key)).toEqual(['non-event-1', 'non-unmarked', 'non-case']);
    expect(storyItems(story, [alert], 'alerts').map((i) => i.key)).toEqual(['aalr-1']);
    expect(storyItems(story, [alert], 'live').map((i) => i.key)).toEqual(['llive-1']);
  });
});
