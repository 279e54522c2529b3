import { useRef } from 'react';
import type { Facet } from '../../../shared/domain/timeline';
import { useRovingFocus } from '../../shared/hooks/useRovingFocus';
import { formatCount } from '../../shared/format';
import type { TimelineView } from '../../shared/store';
import { FILTER_FACETS, LIST_OF, type FilterFacet } from './view';

const TITLES: Record<FilterFacet, string> = { host: 'Hosts', user: 'Users', source: 'Sources', tag: 'Tags' };

/**
 * The most frequent hosts, users, sources and tags among the matching events;
 * a click filters to one (again: drops it). All the values are one Tab stop
 * (Up/Down/Home/End move between them), so Tab goes from the chart to the grid
 * in one step instead of up to 32.
 */
export function FacetList({
  facets,
  view,
  onToggle,
}: {
  facets: Facet[] | undefined;
  view: TimelineView;
  onToggle: (facet: FilterFacet, value: string) => void;
}) {
  const panel = useRef<HTMLElement>(null);
  const roving = useRovingFocus(panel, '.facet-value');
  return (
    <aside
      ref={panel}
      className="facets"
      aria-label="Facets"
      onFocus={roving.onFocus}
      onBlur={roving.onBlur}
      onKeyDown={roving.onKeyDown}
      data-shortcut-target="facets"
    >
      {FILTER_FACETS.map((field) => {
        const facet = facets?.find((f) => f.field === field);
        const max = facet?.values[0]?.count ?? 0;
        const active = view[LIST_OF[field]];
        return (
          <section key={field} className="facet" aria-label={TITLES[field]}>
            <h3 className="facet-title">
              {TITLES[field]}
              {facet && <span className="faint"> · {formatCount(facet.distinct)}</span>}
            </h3>
            {facet && facet.values.length === 0 && <p className="faint facet-empty">none</p>}
            <ul>
              {facet?.values.map(({ value, count }) => {
                const on = active.includes(value);
                return (
                  <li key={value}>
                    <button
                      type="button"
                      className="facet-value"
                      data-roving-key={`${field}:${value}`}
                      aria-pressed={on}
                      title={`${on ? 'Stop filtering on' : 'Filter on'} ${field} ${value}`}
                      onClick={() => onToggle(field, value)}
                    >
                      <span className="facet-bar" style={{ width: `${max ? Math.max(2, (count / max) * 100) : 0}%` }} aria-hidden="true" />
                      <span className="facet-name cell-ellipsis">{value}</span>
                      <span className="facet-count mono">{formatCount(count)}</span>
                    </button>
                  </li>
                );
              })}
              {/* A filter value outside the top list stays visible, so it can be taken off here too. */}
              {active
                .filter((value) => !facet?.values.some((v) => v.value === value))
                .map((value) => (
                  <li key={`active-${value}`}>
                    <button type="button" className="facet-value" data-roving-key={`${field}:${value}`} aria-pressed onClick={() => onToggle(field, value)}>
                      <span className="facet-name cell-ellipsis">{value}</span>
                      <span className="facet-count mono faint">—</span>
                    </button>
                  </li>
                ))}
            </ul>
          </section>
        );
      })}
    </aside>
  );
}
