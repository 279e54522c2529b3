import { CasebookError } from '../../shared/ipc/errors';
import {
  ACTION_KINDS,
  ACTION_STATES,
  DEFAULT_EXPIRY_DAYS,
  RUNBOOK_FORMATS,
  type ActionKind,
  type ActionState,
  type CaseAction,
  type RunbookFormat,
} from '../../shared/domain/actions';
import type { ActionChange } from '../../shared/ipc/methods/actions';
import { list, resolveCase, str, withUnlocked, type Call, type CommandContext, type CommandTable } from './cli-context';
import { resolveEntity } from './entity-commands';
import { table, utc } from './format';

/** The response action commands: action list/propose/decide/done/undo/runbook, and vault settings (the two-person rule). */

export const ACTION_USAGE = `  action list ID [--status pending|approved|rejected|expired|executed|failed]...
                                  the case's actions (proposed and imported), newest first
  action propose ID --kind K --target ENTITY... --reason R [--title T] [--expires DAYS]
                                  propose an action on one or more entities (expires after 7 days by default);
                                  kinds: ${ACTION_KINDS.join(', ')}
  action decide ID ACTION... --approve|--reject [--comment C]
                                  approve or reject pending actions of one kind (a rejection needs --comment);
                                  refused (exit 1, with the reason) when expired, already decided, or against the two-person rule
  action done ID ACTION --executed|--failed --note N [--evidence ITEM]
                                  record the outcome of an approved action carried out outside Casebook
  action undo ID ACTION [--reason R]   propose the reverse action (isolate/release, restrict/unrestrict, disable/enable)
  action runbook ID --format md|csv|json
                                  the approved actions, grouped by target with exact identifiers, on standard output
  vault settings [--two-person on|off]
                                  show the vault's settings; --two-person: whoever proposed an action cannot approve it
  Every command takes --actor NAME: who the journal records (default: the vault's analyst name).`;

/** The flags of these commands, for casebook.ts's parser (--actor is every command's: who the journal records). */
export const ACTION_FLAGS = {
  actor: { type: 'string' },
  kind: { type: 'string' },
  target: { type: 'string', multiple: true },
  reason: { type: 'string' },
  expires: { type: 'string' },
  approve: { type: 'boolean' },
  reject: { type: 'boolean' },
  comment: { type: 'string' },
  executed: { type: 'boolean' },
  failed: { type: 'boolean' },
  note: { type: 'string' },
  evidence: { type: 'string' },
  'two-person': { type: 'string' },
} as const;

const caseOf = async (call: Call, ref: string | undefined) => resolveCase((await call('cases.list', {})).cases, ref);

function oneOf<T extends string>(flag: string, value: string | undefined, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) throw new CasebookError('invalid-input', `--${flag} "${value}" is not one of ${allowed.join(', ')}`);
  return value as T;
}

/** Actions by full id or unique prefix, each one. */
function resolveActions(actions: CaseAction[], refs: string[], command: string): CaseAction[] {
  if (!refs.length) throw new CasebookError('invalid-input', `${command}: an action id is required (action list shows them)`);
  return refs.map((ref) => {
    const exact = actions.find((a) => a.id === ref);
    if (exact) return exact;
    const matches = ref.length >= 4 ? actions.filter((a) => a.id.startsWith(ref) || a.id.startsWith(`act-${ref}`)) : [];
    if (matches.length === 1) return matches[0]!;
    throw new CasebookError(
      matches.length ? 'invalid-input' : 'not-found',
      matches.length ? `action id prefix "${ref}" matches ${matches.length} actions` : `no action "${ref}" in this case`,
    );
  });
}

export function actionTable(actions: CaseAction[]): string {
  return table(
    ['STATUS', 'ACTION', 'TARGET', 'IDENTIFIER', 'SOURCE', 'PROPOSED BY', 'PROPOSED', 'EXPIRES', 'DECIDED BY', 'ID'],
    actions.map((a) => [
      a.status,
      a.kind === 'custom' ? a.title : a.kind,
      a.target.display,
      `${a.target.identifierName} ${a.target.identifier}`,
      a.source,
      a.proposedBy,
      utc(a.proposedAt),
      a.status === 'pending' ? utc(a.expiresAt) : '-',
      a.decidedBy ?? '-',
      a.id,
    ]),
  );
}

const changeText = (verb: string, change: ActionChange) => `${verb} ${change.actions.length} action(s):\n${actionTable(change.actions)}`;

function expiresOf(ctx: CommandContext): number {
  const text = str(ctx.flags.expires);
  if (text === undefined) return DEFAULT_EXPIRY_DAYS;
  const days = Number(text);
  if (!Number.isFinite(days) || days <= 0 || days > 365)
    throw new CasebookError('invalid-input', `action propose: --expires "${text}" is not a number of days from 0 to 365`);
  return days;
}

async function decide(ctx: CommandContext) {
  const approve = ctx.flags.approve === true;
  if (approve === (ctx.flags.reject === true)) throw new CasebookError('invalid-input', 'action decide: say --approve or --reject (one of them)');
  return withUnlocked(ctx, async (call) => {
    const c = await caseOf(call, ctx.args[0]);
    const actions = resolveActions((await call('actions.list', { caseId: c.id })).actions, ctx.args.slice(1), 'action decide');
    const change = await call('actions.decide', {
      caseId: c.id,
      ids: actions.map((a) => a.id),
      decision: approve ? 'approve' : 'reject',
      comment: str(ctx.flags.comment) ?? '',
    });
    return { json: change, text: changeText(approve ? 'approved' : 'rejected', change) };
  });
}

async function done(ctx: CommandContext) {
  const executed = ctx.flags.executed === true;
  if (executed === (ctx.flags.failed === true)) throw new CasebookError('invalid-input', 'action done: say --executed or --failed (one of them)');
  const note = str(ctx.flags.note);
  if (!note?.trim()) throw new CasebookError('invalid-input', 'action done: --note N is required: say what happened');
  return withUnlocked(ctx, async (call) => {
    const c = await caseOf(call, ctx.args[0]);
    const [action] = resolveActions((await call('actions.list', { caseId: c.id })).actions, ctx.args.slice(1, 2), 'action done');
    const change = await call('actions.complete', {
      caseId: c.id,
      id: action!.id,
      outcome: executed ? 'executed' : 'failed',
      note,
      evidenceId: str(ctx.flags.evidence),
    });
    return { json: change, text: changeText(`marked ${executed ? 'executed' : 'failed'}`, change) };
  });
}

export const actionCommands: CommandTable = {
  'action list': (ctx) =>
    withUnlocked(ctx, async (call) => {
      const c = await caseOf(call, ctx.args[0]);
      const status = list(ctx.flags.status).map((s) => oneOf<ActionState>('status', s, ACTION_STATES)!);
      const result = await call('actions.list', { caseId: c.id, status: status.length ? status : undefined });
      const rule = `two-person rule ${result.twoPersonRule ? 'on' : 'off'}; statuses as of ${utc(result.now)}`;
      return {
        json: result,
        text: result.actions.length ? `${actionTable(result.actions)}\n${result.actions.length} action(s); ${rule}` : `no actions match; ${rule}`,
      };
    }),

  'action propose': (ctx) => {
    const kind = oneOf<ActionKind>('kind', str(ctx.flags.kind), ACTION_KINDS);
    if (!kind) throw new CasebookError('invalid-input', `action propose: --kind K is required (${ACTION_KINDS.join(', ')})`);
    const reason = str(ctx.flags.reason);
    if (!reason?.trim()) throw new CasebookError('invalid-input', 'action propose: --reason R is required: say why the action is needed');
    const refs = list(ctx.flags.target);
    if (!refs.length) throw new CasebookError('invalid-input', 'action propose: --target ENTITY is required (an entity id or value)');
    const expiresInDays = expiresOf(ctx);
    return withUnlocked(ctx, async (call) => {
      const c = await caseOf(call, ctx.args[0]);
      const targets = [];
      for (const ref of refs) targets.push((await resolveEntity(call, c.id, ref)).id);
      const change = await call('actions.propose', { caseId: c.id, kind, targets, rationale: reason, title: str(ctx.flags.title), expiresInDays });
      return { json: change, text: changeText('proposed', change) };
    });
  },

  'action decide': decide,
  'action done': done,

  'action undo': (ctx) =>
    withUnlocked(ctx, async (call) => {
      const c = await caseOf(call, ctx.args[0]);
      const [action] = resolveActions((await call('actions.list', { caseId: c.id })).actions, ctx.args.slice(1, 2), 'action undo');
      const change = await call('actions.undo', { caseId: c.id, id: action!.id, rationale: str(ctx.flags.reason) });
      return { json: change, text: changeText('proposed', change) };
    }),

  'action runbook': (ctx) => {
    const format = oneOf<RunbookFormat>('format', str(ctx.flags.format) ?? 'md', RUNBOOK_FORMATS)!;
    return withUnlocked(ctx, async (call) => {
      const c = await caseOf(call, ctx.args[0]);
      const book = await call('actions.runbook', { caseId: c.id, format });
      return { json: book, text: book.content.replace(/\r?\n$/, '') };
    });
  },

  'vault settings': (ctx) => {
    const flag = str(ctx.flags['two-person']);
    const twoPersonRule = flag === undefined ? undefined : oneOf('two-person', flag, ['on', 'off'] as const) === 'on';
    return withUnlocked(ctx, async (call) => {
      const status = twoPersonRule === undefined ? await call('vault.status', {}) : await call('vault.settings', { twoPersonRule });
      const text = [
        `analyst: ${status.actor}`,
        `auto-lock: ${status.autoLockMinutes ? `${status.autoLockMinutes} min` : 'never'}`,
        `two-person rule: ${status.twoPersonRule ? 'on' : 'off'}`,
      ];
      return { json: status, text: text.join('\n') };
    });
  },
};
