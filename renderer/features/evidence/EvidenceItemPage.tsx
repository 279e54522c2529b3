import { useState } from 'react';
import { custodyReportBase, EVIDENCE_KIND_LABELS, exportName, type EvidenceItem, type VerifyResult } from '../../../shared/domain/evidence';
import { api } from '../../shared/api';
import { messageOf } from '../../shared/errors';
import { formatUtc } from '../../shared/time';
import { Alert } from '../../shared/ui/Alert';
import { Button } from '../../shared/ui/Button';
import { CopyButton } from './CopyButton';
import { CustodyChain } from './CustodyChain';
import { CustodyDialog } from './CustodyDialog';
import { exactSize, sizeLabel } from './format';
import { ItemLinks, type LinkNavigation } from './ItemLinks';
import { LinkPickerDialog } from './LinkPickerDialog';
import { recordEvidence, useEvidenceItem } from './queries';
import { ReportButton } from './ReportButton';

const MANIFEST_SHOWN = 200;

function Facts({ item }: { item: EvidenceItem }) {
  const rows: [string, string | null][] = [
    ['Kind', EVIDENCE_KIND_LABELS[item.kind]],
    ['Held', item.storage === 'ingested' ? 'In this case, encrypted' : `Elsewhere: ${item.storageLocation ?? 'no location given'}`],
    ['Size', exactSize(item.size)],
    ['Source host or entity', item.sourceHost],
    ['Acquired by', item.acquiredBy],
    ['Acquired at', item.acquiredAt && formatUtc(item.acquiredAt)],
    ['Tool and version', item.tool],
    ['Storage location', item.storage === 'ingested' ? item.storageLocation : null],
    ['Added', `${item.addedBy}, ${formatUtc(item.addedAt)}`],
  ];
  return (
    <dl className="facts ev-facts">
      {rows
        // An unknown fact says "—", which is itself a fact; the storage location of an ingested item only when one was given.
        .filter(([k, v]) => v || k !== 'Storage location')
        .map(([k, v]) => (
          <div key={k} className="ev-fact">
            <dt>{k}</dt>
            <dd>{v || <span className="faint">—</span>}</dd>
          </div>
        ))}
      {(['sha256', 'sha1', 'md5'] as const).map((alg) =>
        item.hashes[alg] ? (
          <div key={alg} className="ev-fact ev-hash">
            <dt>{alg === 'md5' ? 'MD5' : alg === 'sha1' ? 'SHA-1' : 'SHA-256'}</dt>
            <dd className="mono">
              {item.hashes[alg]} <CopyButton value={item.hashes[alg]!} what={alg.toUpperCase()} />
            </dd>
          </div>
        ) : null,
      )}
    </dl>
  );
}

function Manifest({ item }: { item: EvidenceItem }) {
  if (item.files.length <= 1 && !item.skipped.length) return null;
  return (
    <details className="ev-manifest">
      <summary>
        Manifest: {item.files.length} files{item.skipped.length ? `, ${item.skipped.length} not stored (not regular files)` : ''}
      </summary>
      <table className="table">
        <caption className="sr-only">Every file of the item with its hashes</caption>
        <thead>
          <tr>
            <th scope="col">Path</th>
            <th scope="col" className="col-num">
              Size
            </th>
            <th scope="col">SHA-256</th>
          </tr>
        </thead>
        <tbody>
          {item.files.slice(0, MANIFEST_SHOWN).map((f) => (
            <tr key={f.blob}>
              <td className="mono">{f.path}</td>
              <td className="col-num mono">{sizeLabel(f.size)}</td>
              <td className="mono">{f.sha256}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {item.files.length > MANIFEST_SHOWN && <p className="faint">The first {MANIFEST_SHOWN} files; the custody report lists them all.</p>}
    </details>
  );
}

/** What a re-verification found: a loud alarm naming the item and each problem, or a quiet confirmation. */
function VerifyOutcome({ verified }: { verified: VerifyResult }) {
  if (verified.result === 'match') return <Alert tone="success">Hashes recomputed from the vault: they match. Recorded in the chain of custody.</Alert>;
  return (
    <div className="ev-alarm" role="alert">
      <strong>HASH MISMATCH: “{verified.title}” no longer matches its recorded hashes.</strong>
      <ul>
        {verified.problems.map((p) => (
          <li key={p}>{p}</li>
        ))}
      </ul>
    </div>
  );
}

/** One item: what it is, its hashes, its manifest, and its chain of custody, with verify, export and a new custody entry. */
export function EvidenceItemPage({ caseId, itemId, onBack, nav }: { caseId: string; itemId: string; onBack: () => void; nav: LinkNavigation }) {
  const query = useEvidenceItem(caseId, itemId);
  const [adding, setAdding] = useState(false);
  const [linking, setLinking] = useState(false);
  const [busy, setBusy] = useState<'verify' | 'export' | null>(null);
  const [verified, setVerified] = useState<VerifyResult | null>(null);
  const [notice, setNotice] = useState<{ tone: 'success' | 'error'; text: string } | null>(null);
  const item = query.data?.item;

  const verify = async () => {
    setBusy('verify');
    setNotice(null);
    try {
      setVerified(await recordEvidence(() => api.evidence.verify({ caseId, itemId })));
    } catch (err) {
      setNotice({ tone: 'error', text: messageOf(err) });
    } finally {
      setBusy(null);
    }
  };
  const exportItem = async () => {
    setNotice(null);
    try {
      // The save dialog names the new file (or folder, for a collection); the engine never writes over an existing one.
      const { file } = await api.files.save({ title: 'Export the evidence, decrypted, as', defaultName: item ? exportName(item) : '' });
      if (!file) return;
      setBusy('export');
      const done = await recordEvidence(() => api.evidence.export({ caseId, itemId, out: file.token }));
      setNotice({ tone: 'success', text: `Exported to ${done.path}; its hashes were checked as it was written, and the export is in the chain of custody.` });
    } catch (err) {
      setNotice({ tone: 'error', text: messageOf(err) });
    } finally {
      setBusy(null);
    }
  };

  return (
    <div className="ev-item stack">
      <div className="ev-toolbar">
        <button type="button" className="back-link" onClick={onBack}>
          ← Evidence
        </button>
        <h2 className="ev-title">{item?.title ?? 'Loading…'}</h2>
        <span className="spacer" />
        {item?.storage === 'ingested' && (
          <>
            <Button onClick={() => void verify()} busy={busy === 'verify'}>
              Verify hashes
            </Button>
            <Button onClick={() => void exportItem()} busy={busy === 'export'}>
              Export…
            </Button>
          </>
        )}
        <ReportButton caseId={caseId} itemId={itemId} label="Custody report…" defaultName={`${custodyReportBase(item?.title ?? 'item', 'item')}.pdf`} />
        <Button variant="primary" onClick={() => setAdding(true)} disabled={!item}>
          Add custody entry…
        </Button>
      </div>
      {query.error && <Alert tone="error">Could not read the item: {messageOf(query.error)}</Alert>}
      {verified && <VerifyOutcome verified={verified} />}
      {notice && <Alert tone={notice.tone}>{notice.text}</Alert>}
      {item && (
        <>
          {item.description && <p className="ev-description">{item.description}</p>}
          <Facts item={item} />
          <Manifest item={item} />
          <div className="ev-toolbar ev-links-head">
            <h3 className="ev-subheading">Links</h3>
            <Button onClick={() => setLinking(true)}>Link…</Button>
          </div>
          <ItemLinks caseId={caseId} itemId={itemId} linked={query.data!.linked} nav={nav} />
          <h3 className="ev-subheading">Chain of custody</h3>
          <CustodyChain custody={query.data!.custody} />
        </>
      )}
      {linking && item && <LinkPickerDialog caseId={caseId} item={item} onClose={() => setLinking(false)} />}
      {adding && item && <CustodyDialog caseId={caseId} itemId={itemId} custody={query.data!.custody} onClose={() => setAdding(false)} />}
    </div>
  );
}
