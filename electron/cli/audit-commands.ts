import { CasebookError } from '../../shared/ipc/errors';
import { auditTable, verificationText } from './format';
import { resolveCase, withUnlocked, type CommandTable } from './cli-context';

/** casebook audit ...: a case's journal as an audit trail, and its verification. */
export const auditCommands: CommandTable = {
  'audit list': (ctx) =>
    withUnlocked(ctx, async (call) => {
      const found = resolveCase((await call('cases.list', {})).cases, ctx.args[0]);
      const entries = await call('audit.list', { caseId: found.id });
      return { json: entries, text: auditTable(entries) };
    }),

  'audit verify': (ctx) =>
    withUnlocked(ctx, async (call) => {
      const ref = ctx.args[0];
      if (!ref) throw new CasebookError('invalid-input', 'audit verify: a case id is required');
      const { cases, unreadable } = await call('cases.list', {});
      // A damaged case is not in `cases`, but it is exactly the one to verify.
      const damaged = unreadable.find((u) => u.caseId === ref || (ref.length >= 4 && u.caseId.startsWith(ref)));
      const caseId = damaged ? damaged.caseId : resolveCase(cases, ref).id;
      const verification = await call('audit.verify', { caseId });
      return { json: verification, text: verificationText(verification), exitCode: verification.ok ? 0 : 3 };
    }),
};
