import { useState, type FormEvent } from 'react';
import { MANUAL_CUSTODY_EVENTS, type CustodyEntry } from '../../../shared/domain/evidence';
import { api } from '../../shared/api';
import { messageOf } from '../../shared/errors';
import { parseUtcInput, formatUtc } from '../../shared/time';
import { Alert } from '../../shared/ui/Alert';
import { Button } from '../../shared/ui/Button';
import { Dialog } from '../../shared/ui/Dialog';
import { SelectField, TextAreaField, TextField } from '../../shared/ui/fields';
import { recordEvidence } from './queries';

type Event = (typeof MANUAL_CUSTODY_EVENTS)[number];
const EVENT_OPTIONS = MANUAL_CUSTODY_EVENTS.map((e) => ({ value: e, label: e[0]!.toUpperCase() + e.slice(1) }));
const HASH_OPTIONS = [
  { value: 'not-checked', label: 'Not checked at this step' },
  { value: 'match', label: 'Checked: it matches' },
  { value: 'mismatch', label: 'Checked: it does NOT match' },
];

/** Appends one custody entry. Nothing is ever edited: to correct an entry, record a new one that names it. */
export function CustodyDialog({ caseId, itemId, custody, onClose }: { caseId: string; itemId: string; custody: readonly CustodyEntry[]; onClose: () => void }) {
  const [event, setEvent] = useState<Event>('transferred');
  const [form, setForm] = useState({ by: '', from: '', to: '', at: '', where: '', purpose: '', notes: '', hashVerified: 'not-checked', corrects: '' });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (field: keyof typeof form) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [field]: e.target.value }));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const us = form.at.trim() ? parseUtcInput(form.at) : null;
    if (form.at.trim() && us === null) {
      setError('When: write a UTC time as 2026-12-03 14:05 or 2026-12-03 14:05:00 UTC.');
      return;
    }
    setBusy(true);
    setError(null);
    const text = (v: string) => v.trim() || undefined;
    try {
      await recordEvidence(() =>
        api.evidence.custody({
          caseId,
          itemId,
          entry: {
            event,
            by: text(form.by),
            from: text(form.from),
            to: text(form.to),
            at: us === null ? undefined : new Date(us / 1000).toISOString(),
            where: text(form.where),
            purpose: text(form.purpose),
            notes: text(form.notes),
            hashVerified: form.hashVerified as CustodyEntry['hashVerified'],
            corrects: text(form.corrects),
          },
        }),
      );
      onClose();
    } catch (err) {
      setError(messageOf(err));
      setBusy(false);
    }
  };

  const correctable = [
    { value: '', label: 'Nothing (a new step)' },
    ...custody.map((c, i) => ({ value: c.id, label: `#${i + 1} ${c.event}, ${formatUtc(c.at)}` })),
  ];
  return (
    <Dialog title="Add custody entry" onClose={onClose} busy={busy}>
      <form className="ev-form" onSubmit={submit} noValidate>
        <SelectField label="Event" options={EVENT_OPTIONS} value={event} onChange={(e) => setEvent(e.target.value as Event)} />
        <TextField label="When (UTC)" placeholder="now" value={form.at} onChange={set('at')} hint="Leave empty for now" />
        <TextField label="By" placeholder="you (the analyst name)" value={form.by} onChange={set('by')} />
        <TextField label="Where" value={form.where} onChange={set('where')} />
        <TextField label="From whom" value={form.from} onChange={set('from')} />
        <TextField label="To whom" value={form.to} onChange={set('to')} />
        <TextField label="Purpose" value={form.purpose} onChange={set('purpose')} className="ev-wide" />
        <SelectField label="Hash at this step" options={HASH_OPTIONS} value={form.hashVerified} onChange={set('hashVerified')} />
        <SelectField label="Corrects entry" options={correctable} value={form.corrects} onChange={set('corrects')} />
        <TextAreaField label="Notes" rows={3} value={form.notes} onChange={set('notes')} className="ev-wide" />
        {error && (
          <div className="ev-wide">
            <Alert tone="error">{error}</Alert>
          </div>
        )}
        <div className="actions ev-wide">
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="primary" busy={busy}>
            Record entry
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
