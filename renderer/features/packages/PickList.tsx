import { useId, useRef, type ReactNode } from 'react';
import { useRefocusAfterRemoval } from '../../shared/hooks/useRefocusAfterRemoval';
import type { Picked } from './exportDraft';

export interface PickRow {
  id: string;
  label: string;
  /** What tells two rows apart: type, severity, counts. */
  detail: ReactNode;
}

interface PickListProps {
  /** The fieldset's legend: "Entities". */
  title: string;
  /** What is left out when nothing is picked ("every entity goes"). */
  emptyMeans: string;
  search: string;
  onSearch: (text: string) => void;
  searchLabel: string;
  /** More filters beside the search box (the entity type). */
  filters?: ReactNode;
  rows: PickRow[] | undefined;
  /** Rows matching beyond those shown (a search narrows them). */
  more: number;
  picked: Picked[];
  onChange: (picked: Picked[]) => void;
  error?: string | null;
}

/**
 * Choosing records for a selective export: a search (and filters), a list of
 * checkboxes to tick, and the chosen ones as chips that stay while the search
 * changes. Keyboard: Tab through the search, the boxes (Space ticks) and the
 * chips' remove buttons.
 */
export function PickList({ title, emptyMeans, search, onSearch, searchLabel, filters, rows, more, picked, onChange, error }: PickListProps) {
  const searchRef = useRef<HTMLInputElement>(null);
  const id = useId();
  const chosen = new Set(picked.map((p) => p.id));
  const toggle = (row: PickRow, on: boolean) => onChange(on ? [...picked, { id: row.id, label: row.label }] : picked.filter((p) => p.id !== row.id));
  return (
    <fieldset className="fieldset pick-list">
      <legend className="section-title">
        {title} <span className="muted pick-count">{picked.length ? `· ${picked.length} chosen` : `· none chosen: ${emptyMeans}`}</span>
      </legend>
      {picked.length > 0 && <ChosenChips title={title} picked={picked} onChange={onChange} fallbackFocus={() => searchRef.current} />}
      <div className="pick-search">
        <label className="field pick-search-field">
          <span className="field-label">{searchLabel}</span>
          <input ref={searchRef} className="input" type="search" value={search} onChange={(e) => onSearch(e.target.value)} autoComplete="off" />
        </label>
        {filters}
      </div>
      {error && <p className="field-error">{error}</p>}
      <div className="pick-rows" role="group" aria-labelledby={`${id}-rows`}>
        <span id={`${id}-rows`} className="sr-only">
          {title} to choose from
        </span>
        {rows === undefined && <p className="muted">Loading…</p>}
        {rows?.length === 0 && <p className="muted">Nothing matches.</p>}
        {rows?.map((row) => (
          <label key={row.id} className={`pick-row${chosen.has(row.id) ? ' is-chosen' : ''}`}>
            <input type="checkbox" checked={chosen.has(row.id)} onChange={(e) => toggle(row, e.target.checked)} />
            <span className="pick-text">
              <span className="pick-label" title={row.label}>
                {row.label}
              </span>
              <span className="pick-detail muted">{row.detail}</span>
            </span>
          </label>
        ))}
        {more > 0 && <p className="muted pick-more">{more.toLocaleString('en-US')} more match: narrow the search to see them.</p>}
      </div>
    </fieldset>
  );
}

/** The chosen records as chips, each with a button to leave it out again; focus moves to the next chip when one goes. */
function ChosenChips({
  title,
  picked,
  onChange,
  fallbackFocus,
}: {
  title: string;
  picked: Picked[];
  onChange: (p: Picked[]) => void;
  fallbackFocus: () => Element | null;
}) {
  const list = useRef<HTMLUListElement>(null);
  const refocus = useRefocusAfterRemoval(list, '.chip-remove', fallbackFocus);
  return (
    <div className="pick-chosen">
      <ul className="chips" aria-label={`${title} chosen`} ref={list}>
        {picked.map((p, index) => (
          <li key={p.id} className="chip chip-removable">
            <span className="cell-ellipsis">{p.label}</span>
            <button
              type="button"
              className="chip-remove"
              aria-label={`Leave out ${p.label}`}
              onClick={() => {
                refocus(index);
                onChange(picked.filter((q) => q.id !== p.id));
              }}
            >
              ×
            </button>
          </li>
        ))}
      </ul>
      <button
        type="button"
        className="btn btn-ghost"
        onClick={() => {
          refocus(0);
          onChange([]);
        }}
      >
        Choose none
      </button>
    </div>
  );
}
