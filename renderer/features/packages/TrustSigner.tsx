import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { PackageSigner } from '../../../shared/domain/packages';
import { api } from '../../shared/api';
import { messageOf } from '../../shared/errors';
import { Alert } from '../../shared/ui/Alert';
import { Button } from '../../shared/ui/Button';
import { TextField } from '../../shared/ui/fields';

/**
 * "Trust this key" for a package signed by a key this vault does not know:
 * the signature proves only that the package was not changed since that key
 * signed it, so the analyst is asked to check the fingerprint with the sender
 * first, then names the examiner; later packages by that key verify as theirs.
 */
export function TrustSigner({ signer, suggestedName, onTrusted }: { signer: PackageSigner; suggestedName: string; onTrusted: () => void }) {
  const queryClient = useQueryClient();
  const [name, setName] = useState(suggestedName);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const trust = async () => {
    setBusy(true);
    setError(null);
    try {
      await api.identity.trust({ text: `casebook-ed25519 ${signer.signingKey}\n`, name: name.trim() || suggestedName });
      await queryClient.invalidateQueries({ queryKey: ['identity'] });
      onTrusted();
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="trust-signer stack" role="group" aria-labelledby="trust-signer-title">
      <p id="trust-signer-title" className="trust-signer-title">
        Signed by a key this vault does not know
      </p>
      <p className="muted">
        Ask the sender to read you their signing fingerprint over another channel and compare it with{' '}
        <span className="mono selectable">{signer.fingerprint}</span>. Trust the key only if they match.
      </p>
      <div className="trust-signer-row">
        <TextField label="Examiner’s name" value={name} onChange={(e) => setName(e.target.value)} autoComplete="off" maxLength={200} />
        <Button onClick={() => void trust()} busy={busy} disabled={!name.trim()}>
          Trust this key
        </Button>
      </div>
      {error && <Alert tone="error">{error}</Alert>}
    </div>
  );
}
