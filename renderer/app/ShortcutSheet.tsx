import { useState } from 'react';
import { useUi } from '../shared/store';
import { Dialog } from '../shared/ui/Dialog';
import { setSingleKeys, SHORTCUTS, singleKeysOn } from './shortcuts';

/** The list of keyboard shortcuts (`?`), with the switch that turns the single-key ones off. */
export function ShortcutSheet() {
  const closeDialog = useUi((state) => state.closeDialog);
  const [on, setOn] = useState(singleKeysOn);
  return (
    <Dialog title="Keyboard shortcuts" onClose={closeDialog}>
      <div className="stack">
        <label className="checkbox">
          <input
            type="checkbox"
            checked={on}
            onChange={(event) => {
              setOn(event.target.checked);
              setSingleKeys(event.target.checked);
            }}
          />{' '}
          Single-key shortcuts (all but Ctrl+S and Ctrl+L); they never act while typing in a field
        </label>
        <table className="table shortcut-table">
          <thead>
            <tr>
              <th scope="col">Key</th>
              <th scope="col">Moves to or does</th>
            </tr>
          </thead>
          <tbody>
            {SHORTCUTS.map((s) => (
              <tr key={s.keys}>
                <td>
                  <kbd>{s.keys}</kbd>
                </td>
                <td>{s.what}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="muted">
          In the grid: Up/Down, Page Up/Down, Home/End move; Enter opens the details, Escape closes them. Lists (cases, facets) are one Tab stop each: arrows
          move within them.
        </p>
      </div>
    </Dialog>
  );
}
