import { useEffect, useRef, useState, type FormEvent } from 'react';
import { EVIDENCE_KINDS, EVIDENCE_KIND_LABELS, type EvidenceKind } from '../../../shared/domain/evidence';
import { HashTextError, parseHashText, type ParsedHashes } from '../../../shared/domain/hash-text';
import { api } from '../../shared/api';
import { messageOf } from '../../shared/errors';
import { formatMiB } from '../../shared/format';
import { parseUtcInput } from '../../shared/time';
import { Alert } from '../../shared/ui/Alert';
import { Button } from '../../shared/ui/Button';
import { Dialog } from '../../shared/ui/Dialog';
import { SelectField, TextAreaField, TextField } from '../../shared/ui/fields';
import { chooseFolder, newTaskId, recordEvidence } from './queries';
import { recordSwallowed } from '../../shared/diagnostics';

type Mode = 'file' | 'folder' | 'reference';
const KIND_OPTIONS = EVIDENCE_KINDS.map((k) => ({ value: k, label: EVIDENCE_KIND_LABELS[k] }));
const MODES: { value: Mode; label: string }[] = [
  { value: 'file', label: 'Ingest a file' },
  { value: 'folder', label: 'Ingest a folder (triage collection)' },
  { value: 'reference', label: 'Held elsewhere (by reference)' },
];

function hashesOf(text: string): { parsed: ParsedHashes | null; problem: string | null } {
  if (!text.trim()) return { parsed: null, problem: null };
  try {
    return { parsed: parseHashText(text), problem: null };
  } catch (err) {
    return { parsed: null, problem: err instanceof HashTextError ? err.message : String(err) };
  }
}

type Form = {
  title: string;
  description: string;
  sourceHost: string;
  acquiredBy: string;
  acquiredAt: string;
  tool: string;
  storageLocation: string;
  /** An item held elsewhere: its size in bytes, as the imaging tool gave it. */
  size: string;
  hashText: string;
};
/** The size typed for an item held elsewhere: undefined when empty, null when not a whole number of bytes (separators allowed). */
function sizeOf(text: string): number | undefined | null {
  const digits = text.replace(/[\s,._']/g, '');
  if (!digits) return undefined;
  return /^\d{1,16}$/.test(digits) ? Number(digits) : null;
}

type Setter = (field: keyof Form) => (e: { target: { value: string } }) => void;

function DescriptiveFields({ form, set }: { form: Form; set: Setter }) {
  return (
    <>
      <TextField label="Source host or entity" value={form.sourceHost} onChange={set('sourceHost')} />
      <TextField label="Acquired by" value={form.acquiredBy} onChange={set('acquiredBy')} />
      <TextField label="Acquired at (UTC)" placeholder="YYYY-MM-DD HH:MM" value={form.acquiredAt} onChange={set('acquiredAt')} />
      <TextField label="Tool and version" placeholder="e.g. FTK Imager 4.7.1" value={form.tool} onChange={set('tool')} />
    </>
  );
}

/** Where an item held elsewhere is, and its hashes as pasted from a tool, read as they are typed. */
function ReferenceFields({ form, set, hashes }: { form: Form; set: Setter; hashes: ReturnType<typeof hashesOf> }) {
  return (
    <>
      <TextField label="Storage location" placeholder="e.g. locker 3, shelf B" value={form.storageLocation} onChange={set('storageLocation')} />
      <TextField
        label="Size (bytes)"
        inputMode="numeric"
        placeholder="optional"
        value={form.size}
        onChange={set('size')}
        error={sizeOf(form.size) === null ? 'a whole number of bytes' : null}
      />
      <TextAreaField
        label="Hashes"
        rows={4}
        className="ev-wide mono"
        value={form.hashText}
        onChange={set('hashText')}
        error={hashes.problem}
        hint={
          hashes.parsed
            ? `Read from ${hashes.parsed.source}: ${(['sha256', 'sha1', 'md5'] as const).filter((a) => hashes.parsed![a]).join(', ')}`
            : 'Paste sha256sum lines, FTK Imager verification text, ewfinfo output, or a bare hash'
        }
      />
    </>
  );
}

function IngestProgress({ name, progress }: { name: string; progress: { done: number; total: number | null } }) {
  const percent = progress.total ? Math.floor((progress.done / progress.total) * 100) : null;
  return (
    <div className="ev-wide" role="progressbar" aria-label="Ingesting" aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent ?? undefined}>
      <div className="progress-label">
        <span>Ingesting {name}: encrypting and hashing (SHA-256, SHA-1, MD5)</span>
        <span className="mono muted">{progress.total ? `${formatMiB(progress.done)} of ${formatMiB(progress.total)} MiB (${percent}%)` : 'starting…'}</span>
      </div>
      <div className={`progress${percent === null ? ' is-indeterminate' : ''}`}>
        <div className="progress-fill" style={percent === null ? undefined : { width: `${percent}%` }} />
      </div>
    </div>
  );
}

const EMPTY_FORM: Form = { title: '', description: '', sourceHost: '', acquiredBy: '', acquiredAt: '', tool: '', storageLocation: '', size: '', hashText: '' };

/** The item's fields as the engine takes them, or what is wrong with the form. */
function fieldsOf(form: Form, kind: EvidenceKind) {
  const us = form.acquiredAt.trim() ? parseUtcInput(form.acquiredAt) : null;
  if (form.acquiredAt.trim() && us === null) return 'Acquired at: write a UTC time as 2026-12-03 14:05.';
  const text = (v: string) => v.trim() || undefined;
  return {
    title: form.title.trim(),
    kind,
    description: form.description,
    sourceHost: text(form.sourceHost),
    acquiredBy: text(form.acquiredBy),
    acquiredAt: us === null ? undefined : new Date(us / 1000).toISOString(),
    tool: text(form.tool),
    storageLocation: text(form.storageLocation),
  };
}

function ModePicker({ mode, disabled, onChange }: { mode: Mode; disabled: boolean; onChange: (mode: Mode) => void }) {
  return (
    <fieldset className="ev-wide ev-modes">
      <legend className="field-label">What</legend>
      {MODES.map((m) => (
        <label key={m.value} className="ev-mode">
          <input type="radio" name="ev-mode" value={m.value} checked={mode === m.value} onChange={() => onChange(m.value)} disabled={disabled} />
          {m.label}
        </label>
      ))}
    </fieldset>
  );
}

/** The file or folder to ingest, from the system dialog (the page gets a token, never the path). */
function SourcePicker(props: {
  folder: boolean;
  chosen: { name: string } | null;
  disabled: boolean;
  onChosen: (picked: { token: string; name: string }) => void;
  onError: (message: string | null) => void;
}) {
  const choose = async () => {
    props.onError(null);
    try {
      const picked = props.folder
        ? await chooseFolder('Choose the folder to ingest')
        : (await api.files.choose({ title: 'Choose the file to ingest' })).files[0];
      if (picked) props.onChosen(picked);
    } catch (err) {
      props.onError(messageOf(err));
    }
  };
  return (
    <div className="ev-wide ev-choose">
      <Button onClick={() => void choose()} disabled={props.disabled}>
        {props.folder ? 'Choose folder…' : 'Choose file…'}
      </Button>
      <span className="mono">{props.chosen?.name ?? <span className="faint">nothing chosen</span>}</span>
    </div>
  );
}

/** The running ingest's task id and the progress the engine reports for it. */
function useIngestProgress() {
  const [progress, setProgress] = useState<{ done: number; total: number | null } | null>(null);
  const running = useRef<string | null>(null);
  useEffect(() => api.on('task.progress', (p) => p.taskId === running.current && setProgress({ done: p.done, total: p.total })), []);
  return { progress, setProgress, running };
}

/** Adds an item: a file or folder streamed into the case's encrypted store (progress, cancel), or one held elsewhere with its hashes. */
export function AddEvidenceDialog({ caseId, onClose, onAdded }: { caseId: string; onClose: () => void; onAdded: (id: string) => void }) {
  const [mode, setMode] = useState<Mode>('file');
  const [chosen, setChosen] = useState<{ token: string; name: string } | null>(null);
  const [kind, setKind] = useState<EvidenceKind>('file');
  const [form, setForm] = useState<Form>(EMPTY_FORM);
  const [error, setError] = useState<string | null>(null);
  const { progress, setProgress, running } = useIngestProgress();
  const set: Setter = (field) => (e) => setForm((f) => ({ ...f, [field]: e.target.value }));
  const hashes = hashesOf(form.hashText);

  const onChosen = (picked: { token: string; name: string }) => {
    setChosen(picked);
    if (!form.title.trim()) setForm((f) => ({ ...f, title: picked.name }));
    if (mode === 'folder' && kind === 'file') setKind('triage-collection');
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const fields = fieldsOf(form, kind);
    if (typeof fields === 'string') return setError(fields);
    setError(null);
    try {
      if (mode === 'reference') {
        if (!hashes.parsed) return setError(hashes.problem ?? 'Paste the hashes (sha256sum lines, FTK Imager or ewfinfo output, or a bare hash).');
        const { sha256, sha1, md5 } = hashes.parsed;
        const size = sizeOf(form.size);
        if (size === null) return setError('Size: write a whole number of bytes, or leave it empty.');
        const item = await recordEvidence(() => api.evidence.addRef({ caseId, fields, hashes: { sha256, sha1, md5 }, size }));
        return onAdded(item.id);
      }
      if (!chosen) return setError(`Choose the ${mode} to ingest.`);
      const taskId = newTaskId();
      running.current = taskId;
      setProgress({ done: 0, total: null });
      const item = await recordEvidence(() => api.evidence.add({ caseId, taskId, file: chosen.token, fields }));
      onAdded(item.id);
    } catch (err) {
      setError(messageOf(err));
    } finally {
      running.current = null;
      setProgress(null);
    }
  };

  const cancel = () => {
    if (running.current) void api.evidence.cancel({ taskId: running.current }).catch(recordSwallowed('evidence.cancel'));
    else onClose();
  };
  const busy = progress !== null;

  return (
    <Dialog title="Add evidence" onClose={onClose} busy={busy} className="ev-dialog">
      <form className="ev-form" onSubmit={submit} noValidate>
        <ModePicker mode={mode} disabled={busy} onChange={(m) => (setMode(m), setChosen(null))} />
        {mode !== 'reference' && <SourcePicker folder={mode === 'folder'} chosen={chosen} disabled={busy} onChosen={onChosen} onError={setError} />}
        <TextField label="Title" required value={form.title} onChange={set('title')} maxLength={300} className="ev-wide" />
        <SelectField label="Kind" options={KIND_OPTIONS} value={kind} onChange={(e) => setKind(e.target.value as EvidenceKind)} />
        <DescriptiveFields form={form} set={set} />
        {mode === 'reference' && <ReferenceFields form={form} set={set} hashes={hashes} />}
        <TextAreaField label="Description" rows={2} value={form.description} onChange={set('description')} className="ev-wide" />
        {progress && <IngestProgress name={chosen?.name ?? ''} progress={progress} />}
        {error && (
          <div className="ev-wide">
            <Alert tone="error">{error}</Alert>
          </div>
        )}
        <div className="actions ev-wide">
          <Button onClick={cancel}>{busy ? 'Cancel ingest' : 'Cancel'}</Button>
          <Button type="submit" variant="primary" busy={busy} disabled={!form.title.trim()}>
            Add evidence
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
