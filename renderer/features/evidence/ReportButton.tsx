import { useState } from 'react';
import { api } from '../../shared/api';
import { messageOf } from '../../shared/errors';
import { announce } from '../../shared/ui/Announcer';
import { Button } from '../../shared/ui/Button';
import { chooseFolder } from './queries';

/** Saves the custody report (of one item, or of the case) as PDF into a folder the user picks; the result is announced and shown. */
export function ReportButton({ caseId, itemId, label }: { caseId: string; itemId?: string; label: string }) {
  const [busy, setBusy] = useState(false);
  const [said, setSaid] = useState<string | null>(null);
  const save = async () => {
    setSaid(null);
    try {
      const folder = await chooseFolder('Save the custody report (PDF) into this folder');
      if (!folder) return;
      setBusy(true);
      const { fileName } = await api.evidence.saveReport({ caseId, itemId, file: folder.token, format: 'pdf' });
      setSaid(`Saved ${fileName} in ${folder.name}`);
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
