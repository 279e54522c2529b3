import { CasebookError } from '../../shared/ipc/errors';
import type { Input } from '../../shared/ipc/contract';
import type { CasePatch, CaseRecord } from '../../shared/domain/case';
import { auditTable, caseDetails, caseTable } from './format';
import { list, resolveCase, str, withUnlocked, type CommandContext, type CommandTable } from './cli-context';

/** casebook case ...: create, list, show and change cases. */

function patchFromFlags(flags: CommandContext['flags'], current: CaseRecord): CasePatch {
  const patch: Record<string, unknown> = {};
  for (const field of ['title', 'description', 'severity', 'status', 'classification', 'determination', 'owner', 'tlp'] as const) {
    const value = str(flags[field]);
    if (value !== undefined) patch[field] = value;
  }
  const add = list(flags.tag);
  const remove = new Set(list(flags.untag).map((t) => t.toLowerCase()));
  if (add.length || remove.size) {
    patch.tags = [...current.tags, ...add].filter((t) => !remove.has(t.toLowerCase()));
  }
  return patch as CasePatch;
}

export const caseCommands: CommandTable = {
  'case create': (ctx) =>
    withUnlocked(ctx, async (call) => {
      const title = str(ctx.flags.title);
      if (!title) throw new CasebookError('invalid-input', 'case create: --title is required');
      const input: Record<string, unknown> = { title };
      for (const field of ['description', 'severity', 'status', 'classification', 'determination', 'owner', 'tlp'] as const) {
        const value = str(ctx.flags[field]);
        if (value !== undefined) input[field] = value;
      }
      if (ctx.flags.tag !== undefined) input.tags = list(ctx.flags.tag);
      const created = (await call('cases.create', input as Input<'cases.create'>)).cases![0]!;
      return { json: created, text: `created case ${created.id}\n${caseDetails(created)}` };
    }),

  'case list': (ctx) =>
    withUnlocked(ctx, async (call) => {
      const { cases, unreadable } = await call('cases.list', {});
      cases.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
      const warnings = unreadable.map((u) => `unreadable case ${u.caseId}: ${u.message}`);
      return {
        json: { cases, unreadable },
        text: [cases.length ? caseTable(cases) : 'no cases', ...warnings].join('\n'),
        exitCode: unreadable.length ? 1 : 0,
      };
    }),

  'case show': (ctx) =>
    withUnlocked(ctx, async (call) => {
      const found = resolveCase((await call('cases.list', {})).cases, ctx.args[0]);
      const { case: current, counts } = await call('cases.summary', { id: found.id });
      const countText = Object.entries(counts)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ');
      return { json: { ...current, counts }, text: `${caseDetails(current)}\n\nHolds: ${countText}` };
    }),

  'case set': (ctx) =>
    withUnlocked(ctx, async (call) => {
      const current = resolveCase((await call('cases.list', {})).cases, ctx.args[0]);
      const patch = patchFromFlags(ctx.flags, current);
      if (Object.keys(patch).length === 0) {
        throw new CasebookError('invalid-input', 'case set: nothing to change (use --severity, --status, --owner, --tag ...)');
      }
      const result = await call('cases.update', { id: current.id, patch, expectedVersion: current.version });
      const updated = result.cases![0]!;
      const changes = result.audit?.[0]?.changes ?? [];
      return {
        json: { case: updated, changes },
        text: changes.length ? auditTable(result.audit!) : 'nothing changed (the case already had these values)',
      };
    }),
};
