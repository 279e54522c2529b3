import { EVENT_MARKS, type EventMarkKind } from '../../../shared/domain/timeline';
import type { EventMark } from './EventTable';

export const MARK_LABELS: Record<EventMarkKind, { symbol: string; word: string }> = {
  starred: { symbol: '★', word: 'Starred' },
  flagged: { symbol: '⚑', word: 'Flagged' },
  tagged: { symbol: '#', word: 'Tagged' },
};

/** Whether an event's story marks include any of the wanted ones (the engine's rule for filter.marks). */
export function hasMark(mark: EventMark, kind: EventMarkKind): boolean {
  return kind === 'starred' ? mark.starred : kind === 'flagged' ? mark.flagged : mark.tags.length > 0;
}

/** How many of the case's events carry each mark (from the story the table's marks column shows). */
export function markCounts(marks: ReadonlyMap<number, EventMark> | undefined): Record<EventMarkKind, number> {
  const counts = { starred: 0, flagged: 0, tagged: 0 };
  for (const mark of marks?.values() ?? []) for (const kind of EVENT_MARKS) if (hasMark(mark, kind)) counts[kind]++;
  return counts;
}

/**
 * Toggles that narrow the timeline to the events the analyst starred, flagged or tagged (any of those pressed), each
 * with how many events carry it. The filter is the engine's, so the chart, lanes, facets and table agree.
 */
export function MarkToggles({
  chosen,
  counts,
  onChange,
}: {
  chosen: readonly EventMarkKind[];
  counts: Record<EventMarkKind, number>;
  onChange: (marks: EventMarkKind[]) => void;
}) {
  return (
    <div className="mark-toggles" role="group" aria-label="Only events marked">
      {EVENT_MARKS.map((kind) => {
        const on = chosen.includes(kind);
        const { symbol, word } = MARK_LABELS[kind];
        return (
          <button
            key={kind}
            type="button"
            className={`btn mark-toggle${on ? ' is-on' : ''}`}
            aria-pressed={on}
            title={
              counts[kind]
                ? `Only the ${counts[kind]} ${word.toLowerCase()} events`
                : `No event is ${word.toLowerCase()} yet: mark one in its details (Enter on a row)`
            }
            onClick={() => onChange(on ? chosen.filter((k) => k !== kind) : [...chosen, kind])}
          >
            <span aria-hidden="true">{symbol}</span> {word} <span className="mark-count">{counts[kind]}</span>
          </button>
        );
      })}
    </div>
  );
}
