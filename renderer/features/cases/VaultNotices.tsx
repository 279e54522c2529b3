import { useUi } from '../../shared/store';
import { Alert } from '../../shared/ui/Alert';

/**
 * What the unlock did that the analyst should hear of once: the vault manifest
 * begun for a vault from before manifests, cases added to it after a crash, a
 * key rotation finished or undone. They come with the unlock's status only, so
 * the next status the engine sends (a settings change, say) clears them.
 */
export function VaultNotices() {
  const notices = useUi((state) => state.vault?.notices);
  if (!notices?.length) return null;
  return (
    <div className="vault-notices">
      {notices.map((notice) => (
        <Alert key={notice} tone="info">
          {notice}
        </Alert>
      ))}
    </div>
  );
}
