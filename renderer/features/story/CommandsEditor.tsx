import { useRef } from 'react';
import { Button } from '../../shared/ui/Button';
import { TextAreaField, TextField } from '../../shared/ui/fields';

/** A command of a session being recorded: what was run, what it printed; `typed` when the analyst wrote or edited it. */
export interface DraftCommand {
  key: string;
  command: string;
  output: string;
  at?: string;
  typed: boolean;
}

let counter = 0;
/** A key for a draft command's row, stable while it is edited. */
export const newKey = () => `cmd-${++counter}`;

/**
 * The session's commands, one entry at a time: each a command line and its output, editable and
 * removable until the session is saved. Commands read from a transcript appear here too.
 */
export function CommandsEditor({ commands, onChange }: { commands: DraftCommand[]; onChange: (commands: DraftCommand[]) => void }) {
  const list = useRef<HTMLOListElement>(null);
  const update = (key: string, patch: Partial<DraftCommand>) => onChange(commands.map((c) => (c.key === key ? { ...c, ...patch, typed: true } : c)));
  const add = () => {
    onChange([...commands, { key: newKey(), command: '', output: '', typed: true }]);
    // The new entry's command field takes the focus, so typing goes on from the keyboard.
    requestAnimationFrame(() => list.current?.querySelector<HTMLInputElement>('li:last-child input')?.focus());
  };
  return (
    <fieldset className="live-commands-editor">
      <legend className="field-label">Commands ({commands.length})</legend>
      {commands.length === 0 && <p className="faint">None yet: type them one at a time, or paste or read a transcript above.</p>}
      <ol ref={list} className="live-command-entries">
        {commands.map((c, i) => (
          <li key={c.key} className="live-command-entry">
            <TextField
              label={`Command ${i + 1}`}
              className="live-entry-command"
              value={c.command}
              onChange={(e) => update(c.key, { command: e.target.value })}
            />
            <TextAreaField
              label={`Output of command ${i + 1}`}
              rows={3}
              className="live-entry-output"
              value={c.output}
              onChange={(e) => update(c.key, { output: e.target.value })}
            />
            <Button variant="ghost" aria-label={`Remove command ${i + 1}`} onClick={() => onChange(commands.filter((x) => x.key !== c.key))}>
              Remove
            </Button>
          </li>
        ))}
      </ol>
      <Button onClick={add}>Add a command</Button>
    </fieldset>
  );
}
