export { VaultScreen } from './VaultScreen';
export { LockButton } from './LockButton';
export { useSessionGuards } from './useSessionGuards';
export { refreshVaultStatus, lockVault } from './session';
