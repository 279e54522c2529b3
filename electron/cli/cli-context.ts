import { CasebookError, unwrap } from '../../shared/ipc/errors';
import type { Input, MethodName, Result } from '../../shared/ipc/contract';
import type { CaseRecord } from '../../shared/domain/case';
import type { EmitEvent } from '../core/engine';
import { EngineHost } from '../core/host/engine-host';
import { diagnosticLogPath } from '../core/diagnostics/diagnostic-log';
import { getPassphrase } from './passphrase';

/** What every command file shares: how a command is called, how it reaches the engine, and how it finds a case. */

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

export type Call = <M extends MethodName>(method: M, input: Input<M>) => Promise<Result<M>>;

/**
 * The engine runs in a worker thread under heap limits, as in the app: a file
 * that makes an import allocate without bound fails that import with an error
 * instead of aborting the process. Calls go through the same contract
 * validation as the app's IPC.
 */
export function connect(vaultDir: string, emit?: EmitEvent, actor?: string): { engine: { dispose(): Promise<void> }; call: Call } {
  const host = EngineHost.start({ vaultDir, diagnosticLog: diagnosticLogPath(vaultDir), actor });
  if (emit) host.onEvent((event, payload) => emit(event, payload as never));
  const call: Call = async (method, input) => unwrap(await host.call(method, input)) as never;
  return { engine: { dispose: () => host.stop() }, call };
}

export async function withUnlocked<T>(ctx: CommandContext, fn: (call: Call, passphrase: string) => Promise<T>, emit?: EmitEvent): Promise<T> {
  // --actor: who this command's journal records name, in place of the vault's analyst name.
  const { engine, call } = connect(ctx.vaultDir, emit, str(ctx.flags.actor)?.trim() || undefined);
  try {
    const status = await call('vault.status', {});
    if (status.state === 'missing') {
      throw new CasebookError('vault-missing', `no vault in ${ctx.vaultDir}; create one with "casebook vault init"`);
    }
    const passphrase = await getPassphrase('unlock');
    const unlocked = await call('vault.unlock', { passphrase });
    // Said once, by the unlock that did it (the manifest adopted, a rotation finished): on stderr, so --json stays one document.
    for (const notice of unlocked.notices ?? []) process.stderr.write(`casebook: note: ${notice}\n`);
    return await fn(call, passphrase);
  } finally {
    await engine.dispose();
  }
}

export const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
export const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : typeof v === 'string' ? [v] : []);

/** Finds a case by full id or unique prefix (at least 4 characters). */
export function resolveCase(cases: CaseRecord[], ref: string | undefined): CaseRecord {
  if (!ref) throw new CasebookError('invalid-input', 'a case id is required');
  const exact = cases.find((c) => c.id === ref);
  if (exact) return exact;
  const matches = ref.length >= 4 ? cases.filter((c) => c.id.startsWith(ref.toLowerCase())) : [];
  if (matches.length === 1) return matches[0]!;
  if (matches.length > 1) throw new CasebookError('invalid-input', `case id prefix "${ref}" matches ${matches.length} cases`);
  throw new CasebookError('case-not-found', `no case "${ref}" in this vault`);
}

/** A table of commands by their words ("case list"); commands.ts joins every file's table. */
export type CommandTable = Record<string, (ctx: CommandContext) => Promise<CommandOutput>>;
