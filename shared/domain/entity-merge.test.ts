import { describe, expect, it } from 'vitest';
import { mergeEntity } from './entity-merge';
import type { EntityRecord } from './records';

const entity = (over: Partial<EntityRecord> = {}): EntityRecord => ({
  id: 'ent-1',
  caseId: 'c',
  type: 'ip',
  key: '10.0.0.1',
  display: '10.0.0.1',
  roles: ['attacker'],
  verdict: null,
  remediationStatus: null,
  sources: ['a.csv'],
  firstSeen: '2024-01-02T00:00:00.000000Z',
  lastSeen: '2024-01-03T00:00:00.000000Z',
  attributes: { events: 2, country: 'NL' },
  ...over,
});

describe('merging a sighting into an entity', () => {
  it('gathers roles and sources once, keeps the widest first/last seen, and the latest verdict said', () => {
    const into = entity({ verdict: 'suspicious' });
    mergeEntity(into, {
      roles: ['attacker', 'c2'],
      sources: ['a.csv', 'b.json'],
      verdict: null,
      remediationStatus: 'blocked',
      firstSeen: '2024-01-01T00:00:00.000000Z',
      lastSeen: '2024-01-02T12:00:00.000000Z',
    });
    expect(into).toMatchObject({
      roles: ['attacker', 'c2'],
      sources: ['a.csv', 'b.json'],
      verdict: 'suspicious',
      remediationStatus: 'blocked',
      firstSeen: '2024-01-01T00:00:00.000000Z',
      lastSeen: '2024-01-03T00:00:00.000000Z',
    });
  });

  it('adds up the event counts and lets newer attributes win, a "__proto__" field included', () => {
    const into = entity();
    mergeEntity(into, JSON.parse('{"attributes": {"events": 3, "country": "DE", "__proto__": {"polluted": true}}}'));
    expect(into.attributes.events).toBe(5);
    expect(into.attributes.country).toBe('DE');
    expect(Object.keys(into.attributes)).toContain('__proto__');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('takes a count when the entity had none, and keeps its own when the sighting brings none', () => {
    const counted = entity({ attributes: {} });
    mergeEntity(counted, { attributes: { events: 4 } });
    expect(counted.attributes.events).toBe(4);
    const kept = entity();
    mergeEntity(kept, { attributes: { country: 'BE' } });
    expect(kept.attributes).toEqual({ events: 2, country: 'BE' });
  });
});
