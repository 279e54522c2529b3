import { useEffect } from 'react';
import { api } from '../../shared/api';
import { useCtrlKey } from '../../shared/hooks/useHotkey';
import { useIdleTimer } from '../../shared/hooks/useIdleTimer';
import { useUi } from '../../shared/store';
import { lockVault } from './session';

/**
 * Everything that ends an unlocked session: the idle timer (vault setting,
 * 0 = never), Ctrl+L, and the engine saying it locked (another window, its own timer).
 */
export function useSessionGuards(): void {
  const minutes = useUi((state) => state.vault?.autoLockMinutes ?? 0);

  useIdleTimer(minutes, () => void lockVault('idle'));
  useCtrlKey('l', () => void lockVault('user'));

  useEffect(() => api.on('vault.locked', ({ reason }) => void lockVault(reason, true)), []);
}
