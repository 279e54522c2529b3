import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { KnownExaminer } from '../../../shared/domain/packages';
import { api } from '../../shared/api';
import { messageOf } from '../../shared/errors';
import { formatUtc } from '../../shared/time';
import { Alert } from '../../shared/ui/Alert';
import { Button } from '../../shared/ui/Button';
import { TextAreaField, TextField } from '../../shared/ui/fields';

const KEYS_FILE = {
  title: 'Choose an examiner’s public keys file',
  filters: [
    { name: 'Public keys', extensions: ['txt', 'pub'] },
    { name: 'Any file', extensions: ['*'] },
  ],
};

/** The examiners whose signing keys this vault trusts: listed, added from a file or pasted text, removed. */
export function TrustedKeys({ known }: { known: KnownExaminer[] }) {
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['identity'] });
  const [removing, setRemoving] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const remove = async (k: KnownExaminer) => {
    setError(null);
    try {
      await api.identity.untrust({ signingFingerprint: k.signingFingerprint });
      setRemoving(null);
      await refresh();
    } catch (err) {
      setError(messageOf(err));
    }
  };
  return (
    <section className="stack" aria-labelledby="trusted-keys">
      <h3 id="trusted-keys" className="section-title">
        Trusted identities
      </h3>
      <p className="muted">A package signed by one of these keys is verified as coming from that examiner; any other signature is shown as an unknown key.</p>
      {known.length === 0 ? (
        <p className="empty-note">No trusted identities yet.</p>
      ) : (
        <table className="table trusted-table">
          <caption className="sr-only">Trusted identities</caption>
          <colgroup>
            <col className="col-name" />
            <col />
            <col className="col-added" />
            <col className="col-remove" />
          </colgroup>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Signing key fingerprint</th>
              <th scope="col">Added (UTC)</th>
              <th scope="col">
                <span className="sr-only">Remove</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {known.map((k) => (
              <tr key={k.signingFingerprint}>
                <th scope="row">{k.name}</th>
                <td className="mono selectable fingerprint">{k.signingFingerprint}</td>
                <td className="nowrap">{formatUtc(k.addedAt)}</td>
                <td className="trusted-remove">
                  {removing === k.signingFingerprint ? (
                    <span className="confirm-inline" role="group" aria-label={`Remove ${k.name}?`}>
                      <Button variant="danger" onClick={() => void remove(k)} autoFocus aria-label={`Remove ${k.name}`}>
                        Remove
                      </Button>
                      <Button onClick={() => setRemoving(null)}>Keep</Button>
                    </span>
                  ) : (
                    <Button variant="ghost" onClick={() => setRemoving(k.signingFingerprint)} aria-label={`Remove ${k.name}…`}>
                      Remove…
                    </Button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {error && <Alert tone="error">{error}</Alert>}
      <AddTrustedKey onAdded={refresh} />
    </section>
  );
}

/** Adds an examiner from the public keys file they sent, or from its text pasted here. */
function AddTrustedKey({ onAdded }: { onAdded: () => Promise<void> }) {
  const [source, setSource] = useState<'file' | 'text'>('file');
  const [name, setName] = useState('');
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [added, setAdded] = useState<KnownExaminer | null>(null);
  const run = async (add: () => Promise<KnownExaminer | null>) => {
    setBusy(true);
    setError(null);
    setAdded(null);
    try {
      const entry = await add();
      if (!entry) return;
      setAdded(entry);
      setText('');
      setName('');
      await onAdded();
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  };
  const named = name.trim() ? { name: name.trim() } : {};
  const fromFile = () =>
    run(async () => {
      const [file] = (await api.files.choose(KEYS_FILE)).files;
      return file ? api.identity.trustFile({ file: file.token, ...named }) : null;
    });
  const fromText = () => run(() => api.identity.trust({ text, ...named }));
  return (
    <fieldset className="fieldset stack add-trusted">
      <legend className="section-title">Add a trusted identity</legend>
      <SourceChoice source={source} onChange={setSource} />
      <TextField
        label="Name"
        hint="Left empty, the name written in the keys file."
        value={name}
        onChange={(e) => setName(e.target.value)}
        autoComplete="off"
        maxLength={200}
      />
      {source === 'text' && (
        <TextAreaField
          label="Public keys"
          hint="The text of the examiner’s public keys file: a casebook-ed25519 line, and usually an age1… line."
          value={text}
          onChange={(e) => setText(e.target.value)}
          rows={4}
          spellCheck={false}
          className="mono"
        />
      )}
      <div className="actions actions-start">
        {source === 'file' ? (
          <Button onClick={() => void fromFile()} busy={busy}>
            Choose keys file and trust…
          </Button>
        ) : (
          <Button onClick={() => void fromText()} busy={busy} disabled={!text.trim()}>
            Trust these keys
          </Button>
        )}
      </div>
      {added && (
        <Alert tone="success">
          {added.name} is trusted: <span className="mono">{added.signingFingerprint}</span>
        </Alert>
      )}
      {error && <Alert tone="error">{error}</Alert>}
    </fieldset>
  );
}

function SourceChoice({ source, onChange }: { source: 'file' | 'text'; onChange: (s: 'file' | 'text') => void }) {
  return (
    <div className="radio-row">
      <label className="check">
        <input type="radio" name="trust-source" checked={source === 'file'} onChange={() => onChange('file')} /> From a public keys file
      </label>
      <label className="check">
        <input type="radio" name="trust-source" checked={source === 'text'} onChange={() => onChange('text')} /> Paste the public keys
      </label>
    </div>
  );
}
