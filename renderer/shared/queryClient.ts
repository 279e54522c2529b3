import { QueryClient } from '@tanstack/react-query';

/**
 * The renderer's one TanStack Query client, for engine-backed queries keyed on
 * a case's revision (caseRevision.ts). An answer at a revision never goes
 * stale, and the engine is local, so no refetch on focus and no retry: a failed
 * query shows its error.
 */
export const queryClient = new QueryClient({
  defaultOptions: {
    queries: { staleTime: Infinity, gcTime: 5 * 60_000, retry: false, refetchOnWindowFocus: false, refetchOnReconnect: false },
  },
});
