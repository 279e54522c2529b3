import { useEffect, useRef, useState } from 'react';
import { messageOf } from '../../shared/errors';

export interface QueryState<T> {
  data: T | undefined;
  error: string | null;
  loading: boolean;
}

/**
 * Runs an engine query whenever `key` changes (null: not yet). The last answer
 * stays on screen while the next one loads; an answer to an older key is dropped.
 */
export function useEngineQuery<T>(key: string | null, run: () => Promise<T>): QueryState<T> & { set(data: T): void } {
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
  return { ...state, set: (data: T) => setState({ data, error: null, loading: false }) };
}
