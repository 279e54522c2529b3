import './remediation.css';
import { REMEDIATION_LABELS, REMEDIATION_STATUSES, type RemediationStatus } from '../../../shared/domain/actions';

const isKnown = (status: string): status is RemediationStatus => (REMEDIATION_STATUSES as readonly string[]).includes(status);

/** An entity's remediation status: Casebook's own in its colour, a source's own word (Defender's "Prevented") as it came; a dash when none. */
export function RemediationBadge({ status }: { status: string | null }) {
  if (!status) return <span className="faint">–</span>;
  if (!isKnown(status)) return <span className="badge remediation remediation-other">{status}</span>;
  return <span className={`badge remediation remediation-${status}`}>{REMEDIATION_LABELS[status]}</span>;
}
