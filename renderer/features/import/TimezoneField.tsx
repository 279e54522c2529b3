import { useId, useMemo, useState } from 'react';
import { isValidZone } from '../../../shared/time';
import { COMMON_ZONES, knownZones } from './formats';

const OTHER = '__other__';

/**
 * The zone for times written without one: a list of common IANA zones, or any
 * other zone name typed in (suggestions from the browser's own list). Only a
 * zone the browser knows is passed on, so the preview never runs on a typo.
 */
export function TimezoneField({ value, onChange, zoneless }: { value: string; onChange: (zone: string) => void; zoneless: number | null }) {
  const id = useId();
  const listId = useId();
  const common = (COMMON_ZONES as readonly string[]).includes(value);
  const [other, setOther] = useState(!common);
  const [typed, setTyped] = useState(common ? '' : value);
  const zones = useMemo(() => (other ? knownZones() : []), [other]);
  const typedValid = typed.trim() !== '' && isValidZone(typed.trim());

  return (
    <div className="field timezone-field">
      <label className="field-label" htmlFor={id}>
        Time zone for times without one
      </label>
      <div className="timezone-controls">
        <select
          id={id}
          className="input select"
          value={other ? OTHER : value}
          aria-describedby={`${id}-hint`}
          onChange={(event) => {
            if (event.target.value === OTHER) {
              setOther(true);
              return;
            }
            setOther(false);
            onChange(event.target.value);
          }}
        >
          {COMMON_ZONES.map((zone) => (
            <option key={zone} value={zone}>
              {zone}
            </option>
          ))}
          <option value={OTHER}>Other (type an IANA name)…</option>
        </select>
        {other && (
          <>
            <input
              className="input"
              aria-label="IANA time zone name"
              aria-invalid={typed !== '' && !typedValid ? true : undefined}
              placeholder="e.g. Africa/Nairobi"
              list={listId}
              value={typed}
              onChange={(event) => {
                setTyped(event.target.value);
                const zone = event.target.value.trim();
                if (isValidZone(zone)) onChange(zone);
              }}
            />
            <datalist id={listId}>
              {zones.map((zone) => (
                <option key={zone} value={zone} />
              ))}
            </datalist>
          </>
        )}
      </div>
      <div className="field-hint" id={`${id}-hint`}>
        {other && typed !== '' && !typedValid ? (
          <span className="field-error">
            “{typed}” is not a zone this system knows; still using {value}.
          </span>
        ) : zoneless === null ? (
          'Times that carry a zone or offset keep it.'
        ) : zoneless === 0 ? (
          'The preview found no times without a zone.'
        ) : (
          <>
            The preview found <strong>{zoneless}</strong> time{zoneless === 1 ? '' : 's'} without a zone; they will be read as {value}.
          </>
        )}
      </div>
    </div>
  );
}
