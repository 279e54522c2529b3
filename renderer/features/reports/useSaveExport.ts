import { useState } from 'react';
import type { ExportResult } from '../../../shared/domain/exports';
import { api } from '../../shared/api';
import { messageOf } from '../../shared/errors';
import { announce } from '../../shared/ui/Announcer';
import { filterFor } from './exportNames';

/** One finished export as the tab lists it. */
export interface SavedExport {
  what: string;
  /** What the result's items are: events, rows, objects, attributes, documents. */
  unit: string;
  result: ExportResult;
}

/**
 * Asks where to save (the shell's save dialog: the page gets a token, never
 * a path), then runs the export to that token. One export at a time; a
 * cancelled dialog does nothing.
 */
export function useSaveExport() {
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<SavedExport[]>([]);

  const save = async (what: string, unit: string, defaultName: string, run: (token: string) => Promise<ExportResult>): Promise<void> => {
    if (busy) return;
    setError(null);
    try {
      const { file } = await api.files.save({ title: `Save ${what}`, defaultName, filters: [filterFor(defaultName)] });
      if (!file) return;
      setBusy(what);
      const result = await run(file.token);
      setSaved((list) => [{ what, unit, result }, ...list].slice(0, 20));
      announce(`Saved ${what} as ${result.name}.`);
    } catch (err) {
      const message = messageOf(err);
      setError(`${what}: ${message}`);
      announce(`${what} was not saved: ${message}`);
    } finally {
      setBusy(null);
    }
  };
  return { busy, error, saved, save };
}
