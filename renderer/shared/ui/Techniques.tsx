import { tacticsOf, techniqueFullName } from '../../../shared/attack/attack-catalogue';

/**
 * ATT&CK technique ids named from the shipped catalogue (shared/attack):
 * "T1564.001 Hide Artifacts: Hidden Files and Directories · Defense Evasion".
 * An id the catalogue does not know (revoked, or from a newer ATT&CK) is shown as it came.
 */
export function Techniques({ ids, compact = false }: { ids: readonly string[]; compact?: boolean }) {
  if (ids.length === 0) return <span className="faint">–</span>;
  if (compact) {
    return (
      <span className="mono">
        {ids.map((id, i) => (
          <span key={id} title={techniqueFullName(id) ?? 'not in the shipped ATT&CK catalogue'}>
            {i > 0 ? ' ' : ''}
            {id}
          </span>
        ))}
      </span>
    );
  }
  return (
    <ul className="technique-list">
      {ids.map((id) => {
        const name = techniqueFullName(id);
        const tactics = tacticsOf(id).map((t) => t.name);
        return (
          <li key={id}>
            <span className="mono">{id}</span> {name ?? <span className="faint">(not in the shipped ATT&amp;CK catalogue)</span>}
            {tactics.length > 0 && <span className="faint"> · {tactics.join(', ')}</span>}
          </li>
        );
      })}
    </ul>
  );
}
