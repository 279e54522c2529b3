import { useEffect, useId, useRef, useState } from 'react';
import { ENTITY_VERDICTS, type EntityList } from '../../../shared/domain/entities';
import { ENTITY_TYPES, type EntityType } from '../../../shared/domain/records';
import { formatCount } from '../../shared/format';
import { TYPE_LABELS } from '../../shared/entityKinds';
import { FilterChips, type FilterChip } from '../../shared/ui/FilterChips';
import type { EntityListView } from './view';

// Short: the engine filters 250,000 entities in tens of milliseconds, and the list must follow typing within 200 ms
// (issue 13); this only joins keys typed in one burst into one question.
const DEBOUNCE_MS = 40;

interface Props {
  view: EntityListView;
  byType: EntityList['byType'] | undefined;
  onChange: (change: Partial<Omit<EntityListView, 'caseId'>>) => void;
}

/** Search (debounced), verdict, "named by an alert", "matches an indicator", and the kinds with their counts. */
export function EntityFilters({ view, byType, onChange }: Props) {
  const searchId = useId();
  const verdictId = useId();
  const [text, setText, applyNow] = useDebouncedSearch(view.text, (value) => onChange({ text: value }));

  const chips = chipsOf(view, onChange);
  return (
    <div className="entity-filters">
      <div className="entity-filter-row">
        <div className="field entity-search">
          <label className="field-label" htmlFor={searchId}>
            Search entities
          </label>
          <input
            id={searchId}
            className="input"
            type="search"
            placeholder="Value or key, e.g. 10.0.0. or .exe"
            data-shortcut-target="search"
            value={text}
            onChange={(e) => setText(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') applyNow();
            }}
          />
        </div>
        <div className="field">
          <label className="field-label" htmlFor={verdictId}>
            Verdict
          </label>
          <select id={verdictId} className="input select" value={view.verdict} onChange={(e) => onChange({ verdict: e.target.value })}>
            <option value="">Any verdict</option>
            {ENTITY_VERDICTS.map((v) => (
              <option key={v} value={v}>
                {v[0]!.toUpperCase() + v.slice(1)}
              </option>
            ))}
            <option value="none">No verdict</option>
          </select>
        </div>
        <label className="check">
          <input type="checkbox" checked={view.namedByAlert} onChange={(e) => onChange({ namedByAlert: e.target.checked })} /> Named by an alert
        </label>
        <label className="check" title="Entities whose value is one of the case's indicators">
          <input type="checkbox" checked={view.matchesIndicator} onChange={(e) => onChange({ matchesIndicator: e.target.checked })} /> Matches an indicator
        </label>
      </div>
      {/* Always mounted (hidden when empty): removing the last chip must still hand focus to the search box. */}
      <div className="entity-filter-row entity-chips">
        <FilterChips
          chips={chips}
          fallbackFocus={() => document.getElementById(searchId)}
          onClearAll={() => onChange({ text: '', type: null, verdict: '', namedByAlert: false, matchesIndicator: false })}
        />
      </div>
      <KindButtons chosen={view.type} byType={byType} onChoose={(type) => onChange({ type })} />
    </div>
  );
}

/**
 * The search box's text, applied DEBOUNCE_MS after the last keystroke (or at once with applyNow);
 * it follows the view when the search is changed elsewhere (a chip clears it).
 */
function useDebouncedSearch(applied: string, apply: (text: string) => void): [string, (text: string) => void, () => void] {
  const [text, setText] = useState(applied);
  const last = useRef(applied);
  const applyRef = useRef(apply);
  useEffect(() => {
    applyRef.current = apply;
  });
  useEffect(() => {
    if (applied !== last.current) {
      last.current = applied;
      setText(applied);
    }
  }, [applied]);
  useEffect(() => {
    if (text === last.current) return;
    const timer = setTimeout(() => {
      last.current = text;
      applyRef.current(text);
    }, DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [text]);
  const applyNow = () => {
    last.current = text;
    apply(text);
  };
  return [text, setText, applyNow];
}

/** One button a kind with its count under the other filters, most first, and "All kinds"; the chosen one stays even at zero. */
function KindButtons({ chosen, byType, onChoose }: { chosen: EntityType | null; byType: Props['byType']; onChoose: (type: EntityType | null) => void }) {
  const all = byType ? Object.values(byType).reduce((a, b) => a + (b ?? 0), 0) : null;
  const kinds = ENTITY_TYPES.filter((t) => (byType?.[t] ?? 0) > 0 || t === chosen).sort((a, b) => (byType?.[b] ?? 0) - (byType?.[a] ?? 0));
  const kindButton = (type: EntityType | null, label: string, count: number | null | undefined) => (
    <button
      key={type ?? 'all'}
      type="button"
      className={`kind-btn${chosen === type ? ' is-active' : ''}`}
      aria-pressed={chosen === type}
      onClick={() => onChoose(type)}
    >
      {label} <span className="kind-count">{count == null ? '' : formatCount(count)}</span>
    </button>
  );
  return (
    <div className="kind-row" role="group" aria-label="Kind">
      {kindButton(null, 'All kinds', all)}
      {kinds.map((t) => kindButton(t, TYPE_LABELS[t], byType?.[t] ?? 0))}
    </div>
  );
}

/** The list's active filters as removable chips. */
function chipsOf(view: EntityListView, onChange: Props['onChange']): FilterChip[] {
  const chips: FilterChip[] = [];
  const chip = (id: string, label: string, value: string, change: Partial<EntityListView>, removeLabel = `Remove filter ${label.toLowerCase()} ${value}`) =>
    chips.push({ id, label, value, removeLabel, onRemove: () => onChange(change) });
  if (view.text.trim()) chip('text', 'Search', view.text.trim(), { text: '' });
  if (view.type) chip('type', 'Kind', TYPE_LABELS[view.type], { type: null });
  if (view.verdict) chip('verdict', 'Verdict', view.verdict === 'none' ? 'No verdict' : view.verdict, { verdict: '' });
  // Names that do not repeat the checkboxes' labels, which keep theirs to themselves.
  if (view.namedByAlert) chip('alert', 'Named by', 'an alert', { namedByAlert: false }, 'Remove the alert filter');
  if (view.matchesIndicator) chip('indicator', 'Matches', 'an indicator', { matchesIndicator: false }, 'Remove the indicator filter');
  return chips;
}
