import { useEffect, useRef, type KeyboardEvent } from 'react';
import { formatCount } from '../../shared/format';

interface Props {
  candidates: readonly { value: string; events: number; alerts: number }[];
  chosen: readonly string[];
  max: number;
  /** "device" or "user". */
  noun: string;
  onChoose: (values: string[]) => void;
}

/** Which assets get a lane: a disclosure listing the busiest ones (most alerts, then events), each with a checkbox. */
export function LanePicker({ candidates, chosen, max, noun, onChoose }: Props) {
  // Chosen lanes stay listed even when no longer among the busiest.
  const listed = [...chosen.filter((v) => !candidates.some((c) => c.value === v)).map((value) => ({ value, events: 0, alerts: 0 })), ...candidates];
  const details = useRef<HTMLDetailsElement>(null);
  // Closes like a menu: Escape (focus back on its button) or a click elsewhere.
  useEffect(() => {
    const away = (event: MouseEvent) => {
      if (details.current?.open && !details.current.contains(event.target as Node)) details.current.open = false;
    };
    document.addEventListener('mousedown', away);
    return () => document.removeEventListener('mousedown', away);
  }, []);
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'Escape' || !details.current?.open) return;
    event.stopPropagation();
    details.current.open = false;
    details.current.querySelector('summary')?.focus();
  };
  const toggle = (value: string, on: boolean) => onChoose(on ? [...chosen, value].slice(0, max) : chosen.filter((v) => v !== value));
  return (
    <details className="lane-picker" ref={details} onKeyDown={onKeyDown}>
      <summary className="btn">Choose lanes{chosen.length ? ` (${chosen.length})` : ''}</summary>
      <div className="lane-picker-menu" role="group" aria-label={`Lanes: ${noun}s with the most alerts, then events`}>
        {listed.length === 0 && <p className="faint">No {noun} in this span.</p>}
        {listed.map((c) => (
          <label key={c.value} className="check lane-choice">
            <input
              type="checkbox"
              checked={chosen.includes(c.value)}
              disabled={!chosen.includes(c.value) && chosen.length >= max}
              onChange={(e) => toggle(c.value, e.target.checked)}
            />
            <span className="cell-ellipsis">{c.value}</span>
            <span className="faint mono">
              {formatCount(c.events)} ev{c.alerts ? ` · ${c.alerts} alert${c.alerts === 1 ? '' : 's'}` : ''}
            </span>
          </label>
        ))}
        {chosen.length > 0 && (
          <button type="button" className="btn btn-ghost" onClick={() => onChoose([])}>
            Back to the default lanes
          </button>
        )}
      </div>
    </details>
  );
}
