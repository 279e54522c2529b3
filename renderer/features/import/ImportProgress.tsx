import { formatCount, formatMiB } from '../../shared/format';
import type { Progress } from './importState';

/** Bytes read of the file (MiB of MiB, %) and records so far; indeterminate until the first report. */
export function ImportProgress({ name, progress }: { name: string; progress: Progress | null }) {
  const total = progress?.total ?? null;
  const percent = progress && total ? Math.min(100, Math.floor((progress.done / total) * 100)) : null;
  const label = `Importing ${name}`;
  return (
    <div className="import-progress">
      <div className="progress-label">
        <span>{label}</span>
        <span className="mono muted" data-testid="progress-text">
          {progress && total !== null
            ? `${formatMiB(progress.done)} of ${formatMiB(total)} MiB (${percent}%) · ${formatCount(progress.records)} records`
            : 'Hashing the file…'}
        </span>
      </div>
      <div
        className={`progress${percent === null ? ' is-indeterminate' : ''}`}
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent ?? undefined}
        aria-valuetext={percent === null ? 'starting' : `${percent}%, ${formatCount(progress?.records ?? 0)} records`}
      >
        <div className="progress-fill" style={percent === null ? undefined : { width: `${percent}%` }} />
      </div>
    </div>
  );
}
