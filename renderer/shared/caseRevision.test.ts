import { describe, expect, it } from 'vitest';
import { QueryClient } from '@tanstack/react-query';
import { advanceRevision, caseQueryKey, caseStampKey, newest, revisionOfKey } from './caseRevision';

const CASE = 'c1';
const counts = (events: number) => ({ events, alerts: 0, entities: 0, indicators: 0, actions: 0, evidence: 0, matches: 0, notes: 0 });

describe('case revisions and query keys', () => {
  it('keys a question about a case on its revision: the same question at a new revision is a new query', () => {
    const filter = { hosts: ['WKS-1'] };
    expect(caseQueryKey(CASE, 4, 'timeline', 'page', filter)).toEqual(caseQueryKey(CASE, 4, 'timeline', 'page', { hosts: ['WKS-1'] }));
    expect(caseQueryKey(CASE, 5, 'timeline', 'page', filter)).not.toEqual(caseQueryKey(CASE, 4, 'timeline', 'page', filter));
    expect(revisionOfKey(caseQueryKey(CASE, 5, 'timeline'), CASE)).toBe(5);
    expect(revisionOfKey(caseQueryKey(CASE, 5, 'timeline'), 'other')).toBeNull();
    expect(revisionOfKey(caseStampKey(CASE), CASE)).toBeNull();
  });

  it('never goes back to an older revision, whichever arrives last', () => {
    const older = { revision: 3, counts: counts(10) };
    const newer = { revision: 7, counts: counts(30) };
    expect(newest(undefined, older)).toBe(older);
    expect(newest(newer, older)).toBe(newer);
    expect(newest(older, newer)).toBe(newer);
  });

  it('advances the stamp on a newer revision and invalidates the queries of older ones only', async () => {
    const client = new QueryClient();
    client.setQueryData(caseStampKey(CASE), { revision: 3, counts: counts(10) });
    client.setQueryData(caseQueryKey(CASE, 3, 'timeline', 'summary'), { count: 10 });
    client.setQueryData(caseQueryKey('other', 3, 'timeline', 'summary'), { count: 1 });

    // The import's answer and the engine's event both say revision 9; the second changes nothing.
    expect(advanceRevision(client, { caseId: CASE, revision: 9, counts: counts(30) })).toBe(true);
    expect(advanceRevision(client, { caseId: CASE, revision: 9, counts: counts(30) })).toBe(false);
    // An event of an earlier change that arrives late does not take the case back.
    expect(advanceRevision(client, { caseId: CASE, revision: 5, counts: counts(20) })).toBe(false);

    expect(client.getQueryData(caseStampKey(CASE))).toEqual({ revision: 9, counts: counts(30) });
    expect(client.getQueryState(caseQueryKey(CASE, 3, 'timeline', 'summary'))?.isInvalidated).toBe(true);
    expect(client.getQueryState(caseQueryKey('other', 3, 'timeline', 'summary'))?.isInvalidated).toBe(false);
    client.clear();
  });
});
