import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { FILE_TOKEN_METHODS, type ChosenFile, type FileTokenMethod, type MethodName, type ParsedInput } from '../shared/ipc/contract';
import { CasebookError } from '../shared/ipc/errors';
import { SAVE_TOKEN_METHODS } from '../shared/ipc/methods/packages';

/**
 * The files a window may have the engine read: those its user picked in the
 * open-file dialog. The page gets an opaque token and the file's name for each;
 * import.preview and import.start from the page name a token, which the shell
 * (or the browser test bridge, acting as the shell) swaps for the path before
 * the engine sees the call. A page that names a path, or a token it was not
 * given, reaches nothing: a compromised renderer cannot have the engine read
 * /etc/shadow or /proc/self/environ into preview rows and error messages.
 *
 * Plain Node (no 'electron'), so the browser test bridge uses the same table.
 */

/** 32 random bytes: not guessable, not derived from the path. */
const newToken = () => randomBytes(32).toString('base64url');

export class FileTokens<Owner extends object = object> {
  /** Per window: token -> path, and path -> token so the same file picked twice keeps its token. */
  private readonly owners = new Map<Owner, { paths: Map<string, string>; tokens: Map<string, string> }>();

  /** Tokens for files the owner's user just picked; `name` is what the page shows. */
  issue(owner: Owner, paths: readonly string[]): ChosenFile[] {
    let table = this.owners.get(owner);
    if (!table) this.owners.set(owner, (table = { paths: new Map(), tokens: new Map() }));
    return paths.map((file) => {
      let token = table.tokens.get(file);
      if (token === undefined) {
        token = newToken();
        table.tokens.set(file, token);
        table.paths.set(token, file);
      }
      return { token, name: path.basename(file) };
    });
  }

  /** The path behind a token this owner was given; anything else is refused. */
  resolve(owner: Owner, token: string): string {
    const file = this.owners.get(owner)?.paths.get(token);
    if (file === undefined) {
      // The value is not echoed: it may be a path the page is fishing for.
      throw new CasebookError('forbidden', 'only a file chosen in the open-file dialog of this window can be read (choose it again)');
    }
    return file;
  }

  /** Forgets one window's tokens (it closed or loaded a new page). */
  forget(owner: Owner): void {
    this.owners.delete(owner);
  }

  /** Forgets every token (the vault was locked). */
  clear(): void {
    this.owners.clear();
  }

  /** How many windows hold tokens (for tests). */
  get size(): number {
    return this.owners.size;
  }
}

export function takesFileToken(method: MethodName): method is FileTokenMethod {
  return Object.prototype.hasOwnProperty.call(FILE_TOKEN_METHODS, method);
}

/**
 * The input with its `file` token swapped for the path, for a method that takes
 * one; other inputs unchanged. Throws 'forbidden' for a token the owner was not given.
 */
export function resolveFileToken<Owner extends object>(tokens: FileTokens<Owner>, owner: Owner, method: MethodName, input: unknown): unknown {
  if (Object.prototype.hasOwnProperty.call(SAVE_TOKEN_METHODS, method)) {
    const { out } = input as { out: string };
    try {
      return { ...(input as object), out: tokens.resolve(owner, out) };
    } catch (err) {
      throw err instanceof CasebookError ? new CasebookError(err.code, `${method}: out: a file chosen in the save dialog of this window is required`) : err;
    }
  }
  if (!takesFileToken(method)) return input;
  const parsed = input as ParsedInput<FileTokenMethod>;
  try {
    return { ...parsed, file: tokens.resolve(owner, parsed.file) };
  } catch (err) {
    if (err instanceof CasebookError) throw new CasebookError(err.code, `${method}: file: ${err.message}`);
    throw err;
  }
}
