import { useEffect, useRef, type Dispatch } from 'react';
import { api } from '../../shared/api';
import { engineMessage, previewRequest, type Action, type FileEntry } from './importState';

/** Settle time for typing in the mapping form before the preview runs again. */
const DEBOUNCE_MS = 300;

/**
 * Keeps every file's preview in step with its options: whenever the preview
 * request of a file changes (format, zone, mapping), the engine reads the
 * start of the file again. Answers to older requests are dropped by the reducer.
 */
export function usePreviews(files: readonly FileEntry[], dispatch: Dispatch<Action>, active: boolean): void {
  const requested = useRef(new Map<string, string>());
  const requests = files.map((file) => [file.token, JSON.stringify(previewRequest(file))] as const);
  const signature = JSON.stringify(requests);

  useEffect(() => {
    if (!active) return;
    const timers: ReturnType<typeof setTimeout>[] = [];
    for (const [token, key] of JSON.parse(signature) as [string, string][]) {
      const previous = requested.current.get(token);
      if (previous === key) continue;
      timers.push(
        setTimeout(
          () => {
            requested.current.set(token, key);
            dispatch({ type: 'preview-loading', token, key });
            api.import.preview(JSON.parse(key)).then(
              (value) => dispatch({ type: 'preview', token, key, state: { status: 'ready', value } }),
              (err: unknown) => dispatch({ type: 'preview', token, key, state: { status: 'error', message: engineMessage(err), last: null } }),
            );
          },
          previous === undefined ? 0 : DEBOUNCE_MS,
        ),
      );
    }
    return () => timers.forEach(clearTimeout);
  }, [signature, dispatch, active]);
}
