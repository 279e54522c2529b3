import { useState } from 'react';
import { api } from '../../shared/api';
import { messageOf } from '../../shared/errors';
import { announce } from '../../shared/ui/Announcer';
import { Button } from '../../shared/ui/Button';

/**
 * Saves the custody report (of one item, or of the case) as PDF where the user says in the save dialog
 * (which asks before replacing a file); the result is announced and shown.
 */
export function ReportButton({ caseId, itemId, label, defaultName }: { caseId: string; itemId?: string; label: string; defaultName: string }) {
  const [busy, setBusy] = useState(false);
  const [said, setSaid] = useState<string | null>(null);
  const save = async () => {
    setSaid(null);
    try {
      const { file } = await api.files.save({ title: 'Save the custody report (PDF)', defaultName, filters: [{ name: 'PDF', extensions: ['pdf'] }] });
      if (!file) return;
      setBusy(true);
      const { fileName } = await api.evidence.saveReport({ caseId, itemId, out: file.token, format: 'pdf' });
      setSaid(`Saved ${fileName}`);
      announce(`Custody report saved as ${fileName}`);
    } catch (err) {
      setSaid(`Not saved: ${messageOf(err)}`);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Button onClick={() => void save()} busy={busy}>
        {label}
      </Button>
      {said && (
        <span className="faint ev-said" role="status">
          {said}
        </span>
      )}
    </>
  );
}
