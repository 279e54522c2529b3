import type { CaseRecord } from '../../../shared/domain/case';
import { formatUtc } from '../../shared/time';

export function CaseTimes({ record }: { record: CaseRecord }) {
  return (
    <dl className="facts">
      <dt>Created</dt>
      <dd className="mono">{formatUtc(record.createdAt)}</dd>
      <dt>Updated</dt>
      <dd className="mono">{formatUtc(record.updatedAt)}</dd>
      <dt>Resolved</dt>
      <dd className="mono">{formatUtc(record.resolvedAt)}</dd>
      <dt>Version</dt>
      <dd className="mono">{record.version}</dd>
      <dt>Case id</dt>
      <dd className="mono selectable" title={record.id}>
        {record.id}
      </dd>
    </dl>
  );
}
