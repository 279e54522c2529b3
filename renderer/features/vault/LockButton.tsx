import { Button } from '../../shared/ui/Button';
import { lockVault } from './session';

export function LockButton() {
  return (
    <Button variant="ghost" onClick={() => void lockVault('user')} title="Lock the vault (Ctrl+L)" aria-keyshortcuts="Control+L">
      Lock <kbd>Ctrl+L</kbd>
    </Button>
  );
}
