import { useState } from 'react';
import { casePatchSchema, type CaseField, type CaseRecord } from '../../../shared/domain/case';
import { api } from '../../shared/api';
import { codeOf, messageOf } from '../../shared/errors';
import { openCase, runCommand } from '../../shared/readModel';
import { changedFields, edit, type Draft } from './draft';
import { recordSwallowed } from '../../shared/diagnostics';

export interface SaveOutcome {
  tone: 'error' | 'success';
  message: string;
}

/**
 * Unsaved edits to one case and saving them through cases.update. The version
 * the user started editing goes with the save, so a change made meanwhile
 * elsewhere is a conflict the user sees, never a silent overwrite.
 */
export function useCaseDraft(record: CaseRecord) {
  const [draft, setDraft] = useState<Draft>({});
  const [baseVersion, setBaseVersion] = useState<number | null>(null);
  const [saving, setSaving] = useState(false);
  const [outcome, setOutcome] = useState<SaveOutcome | null>(null);
  const patch = changedFields(record, draft);
  const changeCount = Object.keys(patch).length;

  const change = (field: CaseField, value: unknown) => {
    setDraft((current) => edit(record, current, field, value));
    setBaseVersion((current) => current ?? record.version);
    setOutcome(null);
  };

  const discard = () => {
    setDraft({});
    setBaseVersion(null);
    setOutcome(null);
  };

  const save = async () => {
    if (changeCount === 0 || saving) return;
    const parsed = casePatchSchema.safeParse(patch);
    if (!parsed.success) {
      setOutcome({ tone: 'error', message: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') });
      return;
    }
    setSaving(true);
    try {
      const expectedVersion = baseVersion ?? record.version;
      await runCommand(() => api.cases.update({ id: record.id, patch: parsed.data, expectedVersion }));
      setDraft({});
      setBaseVersion(null);
      setOutcome({ tone: 'success', message: `Saved ${changeCount} change${changeCount === 1 ? '' : 's'}.` });
    } catch (err) {
      if (codeOf(err) === 'conflict') {
        // Reload the case and its journal: the newer version shows under the user's edits, and saving again applies them on top.
        await openCase(record.id).catch(recordSwallowed('overview.reload-after-conflict', { caseId: record.id }));
        setBaseVersion(null);
        setOutcome({
          tone: 'error',
          message: `${messageOf(err)} — the case changed since you started editing. The latest version is loaded; your edits are kept. Review them and save again.`,
        });
      } else {
        setOutcome({ tone: 'error', message: messageOf(err) });
      }
    } finally {
      setSaving(false);
    }
  };

  return { draft, change, discard, save, saving, outcome, changeCount };
}
