import { useEffect, useRef } from 'react';
import { describeDuplicate, type DuplicateCheck } from '../../../shared/domain/duplicates';
import { Button } from '../../shared/ui/Button';

export type DuplicateAnswer = 'again' | 'merge' | 'skip';

/** The one case a merge would go into: the chosen case, else the one case the file repeats (none when it repeats several). */
export function mergeTarget(check: DuplicateCheck, caseId: string | null): { id: string; title: string } | null {
  const cases = new Map(check.duplicates.map((d) => [d.caseId, d.caseTitle]));
  if (caseId) return { id: caseId, title: cases.get(caseId) ?? 'this case' };
  if (cases.size !== 1) return null;
  const [[id, title]] = [...cases] as [[string, string]];
  return { id, title };
}

/**
 * A file that repeats an earlier import: what it repeats (the earlier file and
 * its case, or the case an incident already is), and the three ways on.
 */
export function DuplicatePrompt({
  name,
  check,
  caseId,
  onAnswer,
}: {
  name: string;
  check: DuplicateCheck;
  caseId: string | null;
  onAnswer: (answer: DuplicateAnswer) => void;
}) {
  const target = mergeTarget(check, caseId);
  const sameFile = check.duplicates.some((d) => d.kind === 'file');
  const box = useRef<HTMLElement>(null);
  // The question replaces the progress that had focus: its first answer takes it.
  useEffect(() => box.current?.querySelector('button')?.focus(), []);
  return (
    <section ref={box} className="duplicate-prompt" role="group" aria-labelledby="duplicate-title" aria-describedby="duplicate-list">
      <h3 id="duplicate-title" className="duplicate-title">
        {name} {sameFile ? 'was imported before' : 'holds an incident already in a case'}
      </h3>
      <ul id="duplicate-list" className="duplicate-list">
        {check.duplicates.map((d) => (
          <li key={`${d.kind} ${d.caseId} ${d.kind === 'file' ? d.evidenceId : d.externalId}`}>{describeDuplicate(d, check.sha256)}</li>
        ))}
      </ul>
      <p className="muted">
        {!target
          ? 'It repeats several cases: to merge it, import it from the case it belongs to (Import… there).'
          : sameFile
            ? `“${target.title}” already holds this very file: merging adds nothing and writes nothing.`
            : `Merging into “${target.title}” updates its alerts, adds the new alerts and entities, and leaves out the events it already has.`}
      </p>
      <div className="duplicate-actions">
        {target && (
          <Button variant="primary" onClick={() => onAnswer('merge')}>
            Merge into “{target.title.length > 40 ? `${target.title.slice(0, 39)}…` : target.title}”
          </Button>
        )}
        <Button onClick={() => onAnswer('again')}>Import again</Button>
        <Button onClick={() => onAnswer('skip')}>Skip this file</Button>
      </div>
    </section>
  );
}
