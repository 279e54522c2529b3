import { ACTION_KIND_LABELS, ACTION_KINDS, ACTION_SOURCES, type ActionState, type CaseAction } from '../../../shared/domain/actions';
import type { Option } from '../../shared/ui/fields';

/** What a person reads for an action: a custom or unmapped imported action by its own name. */
export const actionName = (a: Pick<CaseAction, 'kind' | 'title'>): string => (a.kind === 'custom' && a.title ? a.title : ACTION_KIND_LABELS[a.kind]);

export const KIND_OPTIONS: Option[] = ACTION_KINDS.map((k) => ({ value: k, label: ACTION_KIND_LABELS[k] }));

export const SOURCE_LABELS: Record<(typeof ACTION_SOURCES)[number], string> = { manual: 'Manual', imported: 'Imported', rule: 'Rule', playbook: 'Playbook' };

export const STATE_LABELS: Record<ActionState, string> = {
  pending: 'Pending',
  approved: 'Approved',
  rejected: 'Rejected',
  expired: 'Expired',
  executed: 'Executed',
  failed: 'Failed',
};

/** Ages the queue can be narrowed to: proposals waiting at least this long. */
export const AGE_OPTIONS: Option[] = [
  { value: '', label: 'Any age' },
  { value: '1', label: 'Over 1 hour' },
  { value: '24', label: 'Over 1 day' },
  { value: '72', label: 'Over 3 days' },
];

/** How long until `iso`, from `now`, in words ("in 6 days", "in 3 h"), or how long ago. */
export function relative(iso: string, now: string): string {
  const ms = Date.parse(iso) - Date.parse(now);
  const abs = Math.abs(ms);
  const text =
    abs >= 86_400_000
      ? `${Math.round(abs / 86_400_000)} d`
      : abs >= 3_600_000
        ? `${Math.round(abs / 3_600_000)} h`
        : `${Math.max(1, Math.round(abs / 60_000))} min`;
  return ms >= 0 ? `in ${text}` : `${text} ago`;
}
