import { label, type CaseStatus, type Severity } from '../../../shared/domain/case';

/** Severity in its colour (informational grey, low blue, medium amber, high orange-red, critical magenta-red). */
export function SeverityBadge({ severity }: { severity: Severity }) {
  return (
    <span className={`badge sev sev-${severity}`}>
      <span className="badge-dot" aria-hidden="true" />
      {label(severity)}
    </span>
  );
}

export function StatusBadge({ status }: { status: CaseStatus }) {
  return <span className={`badge status status-${status}`}>{label(status)}</span>;
}

export function TagChip({ tag }: { tag: string }) {
  return <span className="chip">{tag}</span>;
}
