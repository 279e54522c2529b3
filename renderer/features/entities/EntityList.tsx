import { useEffect, useRef, useState } from 'react';
import type { ActionTargetChoice, ProposeAction } from '../../shared/proposeAction';
import { formatCount } from '../../shared/format';
import { messageOf } from '../../shared/errors';
import { Alert } from '../../shared/ui/Alert';
import { Button } from '../../shared/ui/Button';
import { BulkBar } from './BulkBar';
import { EntityFilters } from './EntityFilters';
import { EntityTable } from './EntityTable';
import { useEntityList, useSetEntities } from './queries';
import { PAGE_SIZE, useEntityListView } from './view';
import type { EntityList as EntityListPage } from '../../../shared/domain/entities';

const NO_FILTERS = { text: '', type: null, verdict: '', namedByAlert: false, matchesIndicator: false } as const;

/** Every entity of the case, a page at a time from the engine's store: filter, sort, choose many, open one. */
export function EntityList({ caseId, onOpen, onProposeAction }: { caseId: string; onOpen: (id: string) => void; onProposeAction?: ProposeAction }) {
  const [view, setView] = useEntityListView(caseId);
  const list = useEntityList({
    caseId,
    text: view.text || undefined,
    types: view.type ? [view.type] : undefined,
    verdict: view.verdict || undefined,
    namedByAlert: view.namedByAlert || undefined,
    matchesIndicator: view.matchesIndicator || undefined,
    sort: view.sort,
    order: view.order,
    offset: view.offset,
    limit: PAGE_SIZE,
  });
  const setEntities = useSetEntities(caseId);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  // What each chosen entity is, for proposing an action on the selection (it may span pages).
  const chosen = useRef(new Map<string, ActionTargetChoice>());
  // Another case, another selection.
  useEffect(() => setSelected(new Set()), [caseId]);

  const data = list.data;
  const select = (ids: string[], on: boolean) => {
    for (const row of data?.rows ?? []) if (ids.includes(row.id)) chosen.current.set(row.id, { id: row.id, type: row.type, display: row.display });
    setSelected((current) => {
      const next = new Set(current);
      for (const id of ids)
        if (on) next.add(id);
        else next.delete(id);
      return next;
    });
  };
  const filtered = view.text !== '' || view.type !== null || view.verdict !== '' || view.namedByAlert || view.matchesIndicator;

  return (
    <div className="entity-list">
      <EntityFilters view={view} byType={data?.byType} onChange={setView} />
      {selected.size > 0 && (
        <BulkBar
          count={selected.size}
          busy={setEntities.isPending}
          error={setEntities.error}
          onApply={(change) => setEntities.mutate({ ids: [...selected], ...change })}
          onClear={() => setSelected(new Set())}
          onPropose={onProposeAction && (() => onProposeAction([...selected].flatMap((id) => chosen.current.get(id) ?? [])))}
        />
      )}
      {list.error && <Alert tone="error">Could not list the entities: {messageOf(list.error)}</Alert>}
      {data && <EntityListStatus data={data} filtered={filtered} onClearFilters={() => setView(NO_FILTERS)} />}
      {data && data.rows.length > 0 && (
        <div className="table-wrap entity-table-wrap" aria-busy={list.isFetching}>
          <EntityTable rows={data.rows} view={view} selected={selected} onSort={(sort, order) => setView({ sort, order })} onSelect={select} onOpen={onOpen} />
        </div>
      )}
      {data && data.total > PAGE_SIZE && <EntityPager offset={view.offset} total={data.total} onOffset={(offset) => setView({ offset })} />}
    </div>
  );
}

/** How many entities there are and match, and what to do when none is there or none matches. */
function EntityListStatus({ data, filtered, onClearFilters }: { data: EntityListPage; filtered: boolean; onClearFilters: () => void }) {
  return (
    <>
      <p className="entity-count muted" aria-live="polite">
        {data.total === data.all ? `${formatCount(data.all)} entities` : `${formatCount(data.total)} of ${formatCount(data.all)} entities match`}
        {data.total > 0 && ` · showing ${formatCount(data.offset + 1)}–${formatCount(data.offset + data.rows.length)}`}
        <span className="faint"> · {data.tookMs} ms</span>
      </p>
      {data.all === 0 && (
        <div className="empty">
          <p>No entities in this case yet.</p>
          <p className="faint">Import an incident, alerts or a timeline: the hosts, users, addresses, files and other things they name are listed here.</p>
        </div>
      )}
      {data.all > 0 && data.total === 0 && (
        <div className="empty">
          <p>No entity matches these filters.</p>
          {filtered && <Button onClick={onClearFilters}>Clear the filters</Button>}
        </div>
      )}
    </>
  );
}

/** Previous and next page of PAGE_SIZE entities, and where the list is. */
function EntityPager({ offset, total, onOffset }: { offset: number; total: number; onOffset: (offset: number) => void }) {
  return (
    <nav className="pager" aria-label="Pages of entities">
      <Button disabled={offset === 0} onClick={() => onOffset(Math.max(0, offset - PAGE_SIZE))}>
        ← Previous
      </Button>
      <span className="muted">
        Page {formatCount(Math.floor(offset / PAGE_SIZE) + 1)} of {formatCount(Math.ceil(total / PAGE_SIZE))}
      </span>
      <Button disabled={offset + PAGE_SIZE >= total} onClick={() => onOffset(offset + PAGE_SIZE)}>
        Next →
      </Button>
    </nav>
  );
}
