import { useState } from 'react';
import type { PackageImportResult, PackageVerification } from '../../../shared/domain/packages';
import { api } from '../../shared/api';
import { loadCaseList } from '../../shared/readModel';
import { messageOf } from '../../shared/errors';
import { useUi } from '../../shared/store';
import { Alert } from '../../shared/ui/Alert';
import { Button } from '../../shared/ui/Button';
import { Dialog } from '../../shared/ui/Dialog';
import { TextField } from '../../shared/ui/fields';
import { VerificationView } from './VerificationView';
import './packages.css';

const CHOOSE = {
  title: 'Choose a case package',
  filters: [
    { name: 'Case packages', extensions: ['cbpkg', 'age'] },
    { name: 'Any file', extensions: ['*'] },
  ],
};

/**
 * Verifies a case package (every check shown with its result, and who signed
 * it), then imports it: a case already in the vault is not imported until the
 * user chooses to keep both or skip it.
 */
export function ImportPackageDialog() {
  const closeDialog = useUi((state) => state.closeDialog);
  const openCase = useUi((state) => state.openCase);
  const [file, setFile] = useState<{ token: string; name: string } | null>(null);
  const [passphrase, setPassphrase] = useState('');
  const [busy, setBusy] = useState<'verify' | 'import' | null>(null);
  const [verification, setVerification] = useState<PackageVerification | null>(null);
  const [result, setResult] = useState<PackageImportResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const open = passphrase ? { passphrase } : {};

  const run = async (what: 'verify' | 'import', fn: () => Promise<void>) => {
    setBusy(what);
    setError(null);
    try {
      await fn();
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(null);
    }
  };
  const choose = () =>
    run('verify', async () => {
      const [chosen] = (await api.files.choose(CHOOSE)).files;
      if (!chosen) return;
      setFile(chosen);
      setVerification(null);
      setResult(null);
    });
  const verify = () => run('verify', async () => setVerification(await api.packages.verify({ file: file!.token, ...open })));
  const importIt = (duplicate: 'ask' | 'keep-both' | 'skip') =>
    run('import', async () => {
      const answer = await api.packages.import({ file: file!.token, ...open, duplicate });
      setVerification(answer.verification);
      setResult(answer.result);
      // A new case is not in the read model yet: the case list reads it from the engine again.
      if (answer.result.outcome === 'imported') await loadCaseList();
    });

  return (
    <Dialog title="Import case package" onClose={closeDialog} className="dialog-wide" busy={busy !== null}>
      <div className="stack package-import">
        <div className="actions actions-start">
          <Button onClick={choose} variant={file ? 'default' : 'primary'}>
            {file ? 'Choose another package…' : 'Choose package…'}
          </Button>
          {file && <span className="mono package-name">{file.name}</span>}
        </div>
        {file && (
          <TextField
            label="Package passphrase"
            hint="Only for a package encrypted with a passphrase; left empty, this vault’s own examiner key opens it."
            type="password"
            value={passphrase}
            onChange={(e) => setPassphrase(e.target.value)}
            autoComplete="off"
          />
        )}
        {verification && <VerificationView verification={verification} onTrusted={() => void verify()} />}
        {result && <ImportOutcome result={result} onChoose={importIt} onOpen={() => result.caseId && openCase(result.caseId)} />}
        {error && <Alert tone="error">{error}</Alert>}
        <div className="actions">
          <Button onClick={closeDialog}>Close</Button>
          {file && !result && (
            <Button onClick={verify} busy={busy === 'verify'}>
              {verification ? 'Verify again' : 'Verify'}
            </Button>
          )}
          {file && !result && (
            <Button variant="primary" onClick={() => importIt('ask')} busy={busy === 'import'} disabled={verification !== null && !verification.ok}>
              Verify and import
            </Button>
          )}
        </div>
      </div>
    </Dialog>
  );
}

function ImportOutcome({ result, onChoose, onOpen }: { result: PackageImportResult; onChoose: (c: 'keep-both' | 'skip') => void; onOpen: () => void }) {
  if (result.outcome === 'duplicate') {
    const dup = result.duplicateOf!;
    return (
      <div className="stack" role="group" aria-label="The case is already in this vault">
        <Alert tone="info">
          “{result.title}” is already in this vault{dup.sameHead ? ', with the same history' : ', in another state'}. Nothing was imported yet.
        </Alert>
        <div className="actions actions-start">
          <Button onClick={() => onChoose('keep-both')}>Keep both</Button>
          <Button onClick={() => onChoose('skip')}>Skip it</Button>
        </div>
      </div>
    );
  }
  if (result.outcome === 'skipped') return <Alert tone="info">Skipped: “{result.title}” was already in this vault.</Alert>;
  return (
    <div className="stack">
      <Alert tone="success">
        Imported “{result.title}”: {result.records} journal records and {result.events} events, with their original authors and times, and a record of where the
        case came from.
      </Alert>
      <div className="actions actions-start">
        <Button variant="primary" onClick={onOpen}>
          Open the case
        </Button>
      </div>
    </div>
  );
}
