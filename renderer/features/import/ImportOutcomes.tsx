import { Alert } from '../../shared/ui/Alert';
import { DuplicatePrompt, type DuplicateAnswer } from './DuplicatePrompt';
import { ImportProgress } from './ImportProgress';
import { ImportReportView } from './ImportReportView';
import type { ImportState } from './importState';

interface OutcomesProps {
  state: ImportState;
  caseId: string | null;
  onAnswer: (answer: DuplicateAnswer) => void;
  onOpenCase: ((caseId: string) => void) | null;
}

/** During and after the import: each file's progress, report, question (a duplicate) or why it was not imported. */
export function ImportOutcomes({ state, caseId, onAnswer, onOpenCase }: OutcomesProps) {
  return (
    <div className="outcomes">
      {state.files.map((file) => {
        const outcome = file.outcome;
        if (!outcome) return null;
        switch (outcome.status) {
          case 'queued':
            return (
              <p key={file.token} className="muted">
                {file.name}: waiting
              </p>
            );
          case 'running':
            return <ImportProgress key={file.token} name={file.name} progress={outcome.progress} />;
          case 'done':
            return <ImportReportView key={file.token} report={outcome.report} onOpenCase={onOpenCase} />;
          case 'cancelled':
            return (
              <Alert key={file.token} tone="info">
                Import of {file.name} cancelled, nothing was imported.
              </Alert>
            );
          case 'duplicate':
            return <DuplicatePrompt key={file.token} name={file.name} check={outcome.check} caseId={caseId} onAnswer={onAnswer} />;
          case 'skipped':
            return (
              <p key={file.token} className="muted">
                {file.name}: skipped, it repeats an earlier import.
              </p>
            );
          case 'not-started':
            return (
              <p key={file.token} className="muted">
                {file.name}: not imported (an earlier import was cancelled).
              </p>
            );
          case 'failed':
            return (
              <Alert key={file.token} tone="error">
                <strong>Import of {file.name} failed. Nothing from it was imported.</strong>
                <span className="pre-wrap import-error">{outcome.message}</span>
              </Alert>
            );
        }
      })}
    </div>
  );
}
