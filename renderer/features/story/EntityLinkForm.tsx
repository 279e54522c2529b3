import { useState } from 'react';
import { api } from '../../shared/api';
import { Button } from '../../shared/ui/Button';

/**
 * Links an event to an entity of the case named by its value (a host, an
 * address, a hash) or id, looked up in the engine's entity store: exactly one
 * entity must have it, else the form says why.
 */
export function EntityLinkForm({ caseId, onLink }: { caseId: string; onLink: (entityId: string, after: () => void) => void }) {
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const link = async () => {
    const ref = text.trim();
    const lower = ref.toLowerCase();
    const found = await api.entities.list({ caseId, text: ref, limit: 100 });
    const exact = found.rows.filter((r) => r.id === ref || r.display.toLowerCase() === lower || r.key.toLowerCase() === lower);
    if (exact.length === 1) {
      setProblem(null);
      onLink(exact[0]!.id, () => setText(''));
    } else setProblem(exact.length ? `“${ref}” is ${exact.length} entities; give its id` : `No entity “${ref}” in this case`);
  };
  return (
    <form
      className="inline-form event-story-row"
      onSubmit={(e) => {
        e.preventDefault();
        if (text.trim()) void link().catch((err: Error) => setProblem(err.message));
      }}
    >
      <input
        className="input input-sm"
        aria-label="Link this event to an entity (its value or id)"
        placeholder="entity value or id…"
        value={text}
        onChange={(e) => setText(e.target.value)}
        aria-describedby={problem ? 'entity-link-problem' : undefined}
      />
      <Button type="submit" disabled={!text.trim()}>
        Link
      </Button>
      {problem && (
        <span id="entity-link-problem" className="field-error" role="alert">
          {problem}
        </span>
      )}
    </form>
  );
}
