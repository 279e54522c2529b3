import { QueryClientProvider } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { refreshVaultStatus, VaultScreen } from '../features/vault';
import { messageOf } from '../shared/errors';
import { queryClient } from '../shared/queryClient';
import { useUi } from '../shared/store';
import { Alert } from '../shared/ui/Alert';
import { ErrorBoundary } from './ErrorBoundary';
import { UnlockedShell } from './UnlockedShell';

/** Chooses the screen from the vault's state: nothing is reachable while it is locked. */
export function App() {
  const vault = useUi((state) => state.vault);
  const [startError, setStartError] = useState<string | null>(null);

  useEffect(() => {
    refreshVaultStatus().catch((err) => setStartError(messageOf(err)));
  }, []);
  // Engine answers are case data: none outlives an unlock.
  const unlocked = vault?.state === 'unlocked';
  useEffect(() => {
    if (!unlocked) queryClient.clear();
  }, [unlocked]);

  if (startError) {
    return (
      <main className="vault-screen">
        <div className="vault-card">
          <Alert tone="error">Casebook could not reach its engine: {startError}</Alert>
        </div>
      </main>
    );
  }
  if (!vault) return <div className="splash" aria-busy="true" />;
  return (
    <ErrorBoundary>
      <QueryClientProvider client={queryClient}>{vault.state !== 'unlocked' ? <VaultScreen /> : <UnlockedShell />}</QueryClientProvider>
    </ErrorBoundary>
  );
}
