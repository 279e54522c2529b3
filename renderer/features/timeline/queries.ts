import { useCallback, useEffect, useRef, useState } from 'react';
import type { StoredEvent, TimelineFilter } from '../../../shared/domain/timeline';
import { api } from '../../shared/api';
import { messageOf } from '../../shared/errors';

export interface QueryState<T> {
  data: T | undefined;
  error: string | null;
  loading: boolean;
}

/**
 * Runs an engine query whenever `key` changes (null: not yet). The last answer
 * stays on screen while the next one loads, and an answer to an older key is dropped.
 */
export function useEngineQuery<T>(key: string | null, run: () => Promise<T>): QueryState<T> {
  const [state, setState] = useState<QueryState<T>>({ data: undefined, error: null, loading: key !== null });
  const runRef = useRef(run);
  useEffect(() => {
    runRef.current = run;
  });
  useEffect(() => {
    if (key === null) return;
    let current = true;
    setState((s) => ({ ...s, loading: true }));
    runRef.current().then(
      (data) => current && setState({ data, error: null, loading: false }),
      (err: unknown) => current && setState((s) => ({ ...s, error: messageOf(err), loading: false })),
    );
    return () => {
      current = false;
    };
  }, [key]);
  return state;
}

export const PAGE_SIZE = 200;
/** Rows kept in memory for scrolling; past it, the table asks for a narrower filter or a zoom. */
export const MAX_LOADED = 100_000;

export interface EventPages {
  rows: StoredEvent[];
  total: number | null;
  hasMore: boolean;
  loading: boolean;
  error: string | null;
  loadMore: () => void;
}

/** Pages of events, fetched with the engine's cursor as the table scrolls; a new key starts over. */
export function useEventPages(key: string | null, caseId: string, filter: TimelineFilter, order: 'asc' | 'desc'): EventPages {
  const [rows, setRows] = useState<StoredEvent[]>([]);
  const [total, setTotal] = useState<number | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const generation = useRef(0);
  const inFlight = useRef(false);
  const params = useRef({ caseId, filter, order });
  useEffect(() => {
    params.current = { caseId, filter, order };
  });

  const fetchPage = useCallback((from: string | null, reset: boolean) => {
    const started = generation.current;
    inFlight.current = true;
    setLoading(true);
    api.timeline.page({ ...params.current, limit: PAGE_SIZE, cursor: from }).then(
      (page) => {
        if (started !== generation.current) return;
        inFlight.current = false;
        setRows((previous) => (reset ? page.events : [...previous, ...page.events]));
        setTotal(page.total);
        setCursor(page.nextCursor);
        setLoading(false);
        setError(null);
      },
      (err: unknown) => {
        if (started !== generation.current) return;
        inFlight.current = false;
        setLoading(false);
        setError(messageOf(err));
      },
    );
  }, []);

  useEffect(() => {
    if (key === null) return;
    generation.current += 1;
    setCursor(null);
    fetchPage(null, true);
  }, [key, fetchPage]);

  const loadMore = useCallback(() => {
    if (inFlight.current || cursor === null || rows.length >= MAX_LOADED) return;
    fetchPage(cursor, false);
  }, [cursor, rows.length, fetchPage]);

  return { rows, total, hasMore: cursor !== null, loading, error, loadMore };
}
