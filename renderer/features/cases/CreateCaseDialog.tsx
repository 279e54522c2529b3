import { useState, type FormEvent } from 'react';
import { caseCreateSchema, SEVERITIES, type Severity } from '../../../shared/domain/case';
import { api } from '../../shared/api';
import { messageOf } from '../../shared/errors';
import { runCommand } from '../../shared/readModel';
import { useUi } from '../../shared/store';
import { Alert } from '../../shared/ui/Alert';
import { Button } from '../../shared/ui/Button';
import { Dialog } from '../../shared/ui/Dialog';
import { SelectField, TextAreaField, TextField } from '../../shared/ui/fields';
import { optionsOf } from '../../shared/ui/options';

const severityOptions = optionsOf(SEVERITIES);

/** Creates a case through the engine, caches what it returns and opens the new case. */
export function CreateCaseDialog() {
  const closeDialog = useUi((state) => state.closeDialog);
  const openCase = useUi((state) => state.openCase);
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [severity, setSeverity] = useState<Severity>('medium');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const parsed = caseCreateSchema.safeParse({ title, description, severity });
    if (!parsed.success) {
      setError(parsed.error.issues.map((issue) => issue.message).join('; '));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const changes = await runCommand(() => api.cases.create(parsed.data));
      const created = changes.cases?.[0];
      if (created) openCase(created.id);
      else closeDialog();
    } catch (err) {
      setError(messageOf(err));
      setBusy(false);
    }
  };

  return (
    <Dialog title="New case" onClose={closeDialog}>
      <form className="stack" onSubmit={submit} noValidate>
        <TextField label="Title" required autoFocus value={title} onChange={(event) => setTitle(event.target.value)} maxLength={300} />
        <TextAreaField label="Description" rows={5} value={description} onChange={(event) => setDescription(event.target.value)} />
        <SelectField label="Severity" options={severityOptions} value={severity} onChange={(event) => setSeverity(event.target.value as Severity)} />
        {error && <Alert tone="error">{error}</Alert>}
        <div className="actions">
          <Button onClick={closeDialog}>Cancel</Button>
          <Button type="submit" variant="primary" busy={busy} disabled={!title.trim()}>
            Create case
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
