import { describe, expect, it } from 'vitest';
import { initialTimelineView, type TimelineView } from '../../shared/store';
import { filterOf, hasFilters, toggled } from './view';

const view = (change: Partial<TimelineView>): TimelineView => ({ ...initialTimelineView, caseId: 'c', ...change });

describe('the timeline view and the engine filter it asks for', () => {
  it('asks for nothing when nothing is chosen', () => {
    expect(filterOf(view({}))).toEqual({});
    expect(hasFilters(view({ text: '   ' }))).toBe(false);
  });

  it('sends trimmed text, the chosen values and the zoom', () => {
    const v = view({ text: ' mimikatz ', hosts: ['DC-01'], tags: ['suspicious'], from: 10, to: 20 });
    expect(filterOf(v)).toEqual({ text: 'mimikatz', hosts: ['DC-01'], tags: ['suspicious'], from: 10, to: 20 });
    expect(hasFilters(v)).toBe(true);
  });

  it('leaves the time range out for the facets of the whole span', () => {
    expect(filterOf(view({ users: ['dana'], from: 10, to: 20 }), false)).toEqual({ users: ['dana'] });
    expect(hasFilters(view({ from: 10 }))).toBe(true);
  });

  it('adds a facet value, and takes it out when chosen again', () => {
    const once = view({ ...toggled(view({}), 'host', 'DC-01') });
    expect(once.hosts).toEqual(['DC-01']);
    const twice = view({ ...once, ...toggled(once, 'host', 'WS-7') });
    expect(twice.hosts).toEqual(['DC-01', 'WS-7']);
    expect(toggled(twice, 'host', 'DC-01')).toEqual({ hosts: ['WS-7'] });
    expect(toggled(view({}), 'source', 'EVTX')).toEqual({ sources: ['EVTX'] });
  });
});
