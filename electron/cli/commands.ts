import { dispatch } from '../../shared/ipc/dispatch';
import { CasebookError, unwrap } from '../../shared/ipc/errors';
import type { Input, MethodName, Result } from '../../shared/ipc/contract';
import type { CasePatch, CaseRecord } from '../../shared/domain/case';
import { Engine } from '../core/engine';
import { getPassphrase } from './passphrase';
import { auditTable, caseDetails, caseTable, verificationText } from './format';

export interface CommandContext {
  vaultDir: string;
  json: boolean;
  /** Positional arguments after the command words. */
  args: string[];
  flags: Record<string, string | string[] | boolean | undefined>;
}

/** What a command returns: the JSON document for --json, the text otherwise, and the exit code. */
export interface CommandOutput {
  json: unknown;
  text: string;
  exitCode?: number;
}

type Call = <M extends MethodName>(method: M, input: Input<M>) => Promise<Result<M>>;

/** The CLI goes through the same contract validation as the app's IPC. */
function connect(vaultDir: string): { engine: Engine; call: Call } {
  const engine = new Engine({ vaultDir });
  const call: Call = async (method, input) => unwrap(await dispatch(engine.handlers, method, input)) as never;
  return { engine, call };
}

async function withUnlocked<T>(ctx: CommandContext, fn: (call: Call) => Promise<T>): Promise<T> {
  const { engine, call } = connect(ctx.vaultDir);
  try {
    const status = await call('vault.status', {});
    if (status.state === 'missing') {
      throw new CasebookError('vault-missing', `no vault in ${ctx.vaultDir}; create one with "casebook vault init"`);
    }
    await call('vault.unlock', { passphrase: await getPassphrase('unlock') });
    return await fn(call);
  } finally {
    await engine.dispose();
  }
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : typeof v === 'string' ? [v] : []);

/** Finds a case by full id or unique prefix (at least 4 characters). */
function resolveCase(cases: CaseRecord[], ref: string | undefined): CaseRecord {
  if (!ref) throw new CasebookError('invalid-input', 'a case id is required');
  const exact = cases.find((c) => c.id === ref);
  if (exact) return exact;
  const matches = ref.length >= 4 ? cases.filter((c) => c.id.startsWith(ref.toLowerCase())) : [];
  if (matches.length === 1) return matches[0]!;
  if (matches.length > 1) throw new CasebookError('invalid-input', `case id prefix "${ref}" matches ${matches.length} cases`);
  throw new CasebookError('case-not-found', `no case "${ref}" in this vault`);
}

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

export const commands: Record<string, (ctx: CommandContext) => Promise<CommandOutput>> = {
  'vault init': async (ctx) => {
    const { engine, call } = connect(ctx.vaultDir);
    try {
      const status = await call('vault.create', { passphrase: await getPassphrase('new') });
      return { json: status, text: `created an encrypted vault in ${status.dir}` };
    } finally {
      await engine.dispose();
    }
  },

  'vault status': async (ctx) => {
    const { engine, call } = connect(ctx.vaultDir);
    try {
      const status = await call('vault.status', {});
      return { json: status, text: `${status.dir}: ${status.state === 'missing' ? 'no vault' : 'vault present (locked)'}` };
    } finally {
      await engine.dispose();
    }
  },

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
      return { json: found, text: caseDetails(found) };
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

export const USAGE = `Usage: casebook [--vault DIR] [--json] <command>

Commands:
  vault init                      create an encrypted vault (passphrase asked twice)
  vault status                    say whether the folder holds a vault
  case create --title T [--description D] [--severity S] [--status S] [--owner O] [--tag T]... [--tlp L]
  case list                       every case, newest change first
  case show ID                    one case (ID or a unique prefix of at least 4 characters)
  case set ID [--title T] [--description D] [--severity S] [--status S] [--classification C]
              [--determination D] [--owner O] [--tag T]... [--untag T]... [--tlp L]
  audit list ID                   every journal entry of a case: who, when, old → new
  audit verify ID                 check the case's chain; exit code 3 when it fails

Options:
  --vault DIR   vault folder (default: $CASEBOOK_VAULT, else the app's data folder)
  --json        print one JSON document on standard output
  --help        this text

The passphrase comes from $CASEBOOK_PASSPHRASE, a hidden prompt, or the first line of standard input.
Exit codes: 0 done, 1 error, 2 bad usage, 3 verification failed.`;
