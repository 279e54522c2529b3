import type { CaseAction } from '../../../shared/domain/actions';
import type { actionListSchema } from '../../../shared/ipc/methods/actions';
import type { z } from 'zod';

type ActionFilter = Omit<z.output<typeof actionListSchema>, 'caseId'>;

const HOUR_MS = 3_600_000;

/** Actions passing the review queue's filters (kind, target, source, age, status), newest proposal first. */
export function filterActions(actions: readonly CaseAction[], filter: ActionFilter, now: number): CaseAction[] {
  const status = filter.status?.length ? new Set(filter.status) : null;
  const kinds = filter.kinds?.length ? new Set(filter.kinds) : null;
  const sources = filter.sources?.length ? new Set(filter.sources) : null;
  const target = filter.target?.trim().toLowerCase() || null;
  const before = filter.olderThanHours === undefined ? null : now - filter.olderThanHours * HOUR_MS;
  const names = (a: CaseAction) => [a.target.display, a.target.identifier, a.target.entityId ?? '', ...a.target.more.map((m) => m.value)];
  return actions
    .filter(
      (a) =>
        (!status || status.has(a.status)) &&
        (!kinds || kinds.has(a.kind)) &&
        (!sources || sources.has(a.source)) &&
        (!target || names(a).some((n) => n.toLowerCase().includes(target))) &&
        (before === null || Date.parse(a.proposedAt) <= before),
    )
    .sort((x, y) => y.proposedAt.localeCompare(x.proposedAt) || x.id.localeCompare(y.id));
}
