import type { IndicatorRecord } from '../../../shared/domain/records';
import { formatCount } from '../../shared/format';
import { TYPE_LABELS } from './indicatorTypes';

/** The indicators with how often the latest run found each (a link to the matches), where they came from, and their note. */
export function IndicatorTable({
  indicators,
  perIndicator,
  matched,
  onShowMatches,
}: {
  indicators: readonly IndicatorRecord[];
  perIndicator: Record<string, number> | undefined;
  /** Whether the case was ever matched (else counts are unknown, not zero). */
  matched: boolean;
  onShowMatches: () => void;
}) {
  return (
    <table className="table ioc-table">
      <caption className="sr-only">Indicators of this case, the most found first</caption>
      <thead>
        <tr>
          <th scope="col">Type</th>
          <th scope="col">Value</th>
          <th scope="col" className="col-num">
            Found
          </th>
          <th scope="col">Source</th>
          <th scope="col">TLP</th>
          <th scope="col">Note</th>
        </tr>
      </thead>
      <tbody>
        {indicators.map((indicator) => {
          const found = perIndicator?.[indicator.id];
          return (
            <tr key={indicator.id}>
              <td className="nowrap">{TYPE_LABELS[indicator.type]}</td>
              <td className="mono ioc-value">
                <span className="cell-ellipsis" title={indicator.value}>
                  {indicator.value}
                </span>
              </td>
              <td className="col-num mono">
                {found ? (
                  <button type="button" className="link-btn" onClick={onShowMatches} title={`Show where ${indicator.value} was found`}>
                    {formatCount(found)}
                  </button>
                ) : (
                  <span className="faint">{matched ? '0' : '—'}</span>
                )}
              </td>
              <td className="nowrap">{indicator.source}</td>
              <td className="nowrap">{indicator.tlp ?? '—'}</td>
              <td>
                <span className="cell-ellipsis ioc-note" title={indicator.description}>
                  {indicator.description || <span className="faint">—</span>}
                </span>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
