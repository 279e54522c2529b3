import { contract, isMethodName, type MethodName, type ParsedInput, type Result } from './contract';
import { CasebookError, errorInfo, type Envelope } from './errors';

/** The engine side of the contract: one function per method, taking the already-validated input. */
export type Handlers = { [M in MethodName]: (input: ParsedInput<M>) => Promise<Result<M>> };

/** Describes a schema failure as "field.path: reason" so the user sees what and where. */
function describeIssues(method: string, error: { issues: { path: PropertyKey[]; message: string }[] }): string {
  const parts = error.issues.map((issue) => {
    const where = issue.path.length ? issue.path.map(String).join('.') : 'input';
    return `${where}: ${issue.message}`;
  });
  return `${method}: ${parts.join('; ')}`;
}

/** Validates raw input against the contract; throws CasebookError('invalid-input') naming the field. */
export function parseInput<M extends MethodName>(method: M, raw: unknown): ParsedInput<M> {
  const parsed = contract[method].input.safeParse(raw ?? {});
  if (!parsed.success) throw new CasebookError('invalid-input', describeIssues(method, parsed.error));
  return parsed.data as ParsedInput<M>;
}

/**
 * Validates a call from outside (the renderer, a test bridge) and runs its handler;
 * every outcome, including an unknown method, is an envelope, never a thrown error.
 */
export async function dispatch(handlers: Handlers, method: unknown, raw: unknown): Promise<Envelope<unknown>> {
  try {
    if (!isMethodName(method)) throw new CasebookError('invalid-input', `unknown method ${JSON.stringify(method)}`);
    const input = parseInput(method, raw);
    const handler = handlers[method] as (input: unknown) => Promise<unknown>;
    return { ok: true, value: await handler(input) };
  } catch (err) {
    return { ok: false, error: errorInfo(err) };
  }
}
