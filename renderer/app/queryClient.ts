import { QueryClient } from '@tanstack/react-query';

/**
 * The cache of engine answers the views ask for through TanStack Query
 * (entity and alert lists, entity pages). It holds case data, so it is
 * cleared whenever the vault is not unlocked (App.tsx).
 */
export const queryClient = new QueryClient({
  defaultOptions: { queries: { retry: false, refetchOnWindowFocus: false, staleTime: 30_000 } },
});
