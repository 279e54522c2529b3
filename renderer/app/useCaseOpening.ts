import { useEffect, useState } from 'react';
import { api } from '../shared/api';
import { messageOf } from '../shared/errors';
import { openCase } from '../shared/readModel';
import { recordSwallowed } from '../shared/diagnostics';

/**
 * Opens the case in the engine (the case, its journal and the chain check) for
 * as long as the workspace shows it; leaving tells the engine to close it,
 * releasing its writer lock. `opened`: commands on the case can go.
 */
export function useCaseOpening(caseId: string): { opened: boolean; error: string | null } {
  const [error, setError] = useState<string | null>(null);
  const [opened, setOpened] = useState(false);
  useEffect(() => {
    let left = false;
    setError(null);
    setOpened(false);
    openCase(caseId).then(
      () => !left && setOpened(true),
      (err) => {
        if (!left) setError(messageOf(err));
      },
    );
    return () => {
      left = true;
      // After a lock the engine has closed everything already; nothing to report.
      api.cases.close({ id: caseId }).catch(recordSwallowed('workspace.close-case', { caseId }));
    };
  }, [caseId]);
  return { opened, error };
}
