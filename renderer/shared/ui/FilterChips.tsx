import { useRef, type ReactNode } from 'react';
import { useRefocusAfterRemoval } from '../hooks/useRefocusAfterRemoval';

/** One active filter: "Host: WS-01" with a remove button. */
export interface FilterChip {
  /** Stable and unique within the list (React key). */
  id: string;
  /** What is filtered, e.g. "Host". */
  label: string;
  value: ReactNode;
  /** The remove button's accessible name, e.g. "Remove filter host WS-01". */
  removeLabel: string;
  onRemove: () => void;
  /** Shown in a monospace face, unclipped (times). */
  mono?: boolean;
}

interface Props {
  chips: readonly FilterChip[];
  /** The list's accessible name. */
  label?: string;
  /** Where focus goes once the last chip is removed (the search box, say). */
  fallbackFocus: () => Element | null;
  /** Shown after the chips when there are any: removes every filter ("Clear filters"). */
  onClearAll?: () => void;
  /** Whether "Clear filters" shows: by default when there are chips (a view may have filters that are not chips, a search text). */
  clearable?: boolean;
}

/**
 * The active filters of a view, each a chip with its own remove button. A
 * removed chip hands keyboard focus to the next chip (else the one before,
 * else `fallbackFocus`), so removing several in a row needs no mouse.
 */
export function FilterChips({ chips, label = 'Active filters', fallbackFocus, onClearAll, clearable = chips.length > 0 }: Props) {
  const list = useRef<HTMLUListElement>(null);
  const refocus = useRefocusAfterRemoval(list, '.chip-remove', fallbackFocus);
  return (
    <>
      <ul className="chips filter-chips" aria-label={label} ref={list}>
        {chips.map((chip, index) => (
          <li key={chip.id} className={`chip chip-removable filter-chip${chip.mono ? ' filter-chip-mono' : ''}`}>
            <span className="faint">{chip.label}:</span> <span className={chip.mono ? 'mono' : 'cell-ellipsis'}>{chip.value}</span>
            <button
              type="button"
              className="chip-remove"
              aria-label={chip.removeLabel}
              onClick={() => {
                refocus(index);
                chip.onRemove();
              }}
            >
              ×
            </button>
          </li>
        ))}
      </ul>
      {onClearAll && clearable && (
        <button
          type="button"
          className="btn btn-ghost"
          onClick={() => {
            refocus(0);
            onClearAll();
          }}
        >
          Clear filters
        </button>
      )}
    </>
  );
}
