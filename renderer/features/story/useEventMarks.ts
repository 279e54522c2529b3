import { useMemo } from 'react';
import { useStory } from '../../shared/story/useStory';

/** What the timeline's marks column shows, by event id: starred, flagged, tags, notes. */
export interface EventMarkOf {
  starred: boolean;
  flagged: boolean;
  tags: string[];
  notes: number;
}

export function useEventMarks(caseId: string): ReadonlyMap<number, EventMarkOf> {
  const { data } = useStory(caseId);
  return useMemo(() => {
    const marks = new Map<number, EventMarkOf>();
    for (const a of data?.annotations ?? []) marks.set(a.eventId, { starred: a.starred, flagged: a.flagged, tags: a.tags, notes: 0 });
    for (const n of data?.notes ?? []) {
      if (n.target.kind !== 'event') continue;
      const known = marks.get(n.target.id) ?? { starred: false, flagged: false, tags: [], notes: 0 };
      marks.set(n.target.id, { ...known, notes: known.notes + 1 });
    }
    return marks;
  }, [data]);
}
