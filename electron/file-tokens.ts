import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { FILE_TOKEN_METHODS, type ChosenFile, type FileTokenMethod, type MethodName, type ParsedInput } from '../shared/ipc/contract';
import { SAVE_TOKEN_METHODS, type SaveTokenMethod } from '../shared/ipc/methods/exports';
import { CasebookError } from '../shared/ipc/errors';

/**
 * The files a window may have the engine read: those its user picked in the
 * open-file dialog. The page gets an opaque token and the file's name for each;
 * import.preview and import.start from the page name a token, which the shell
 * (or the browser test bridge, acting as the shell) swaps for the path before
 * the engine sees the call. A page that names a path, or a token it was not
 * given, reaches nothing: a compromised renderer cannot have the engine read
 * /etc/shadow or /proc/self/environ into preview rows and error messages.
 *
 * Files the page may have the engine write are the same, with tokens of
 * their own kind: files.save hands out 'save' tokens, which only the `out` of
 * exports.* takes (SAVE_TOKEN_METHODS). A token of one kind is no token of
 * the other: a page cannot overwrite a file its user picked to import, nor
 * read one its user chose to save to.
 *
 * Plain Node (no 'electron'), so the browser test bridge uses the same table.
 */

/** What the user picked the file for: to be read (files.choose), or written (files.save). */
export type TokenKind = 'open' | 'save';

/** 32 random bytes: not guessable, not derived from the path. */
const newToken = () => randomBytes(32).toString('base64url');

export class FileTokens<Owner extends object = object> {
  /** Per window and kind: token -> path, and path -> token so the same file picked twice keeps its token. */
  private readonly owners = new Map<Owner, Record<TokenKind, { paths: Map<string, string>; tokens: Map<string, string> }>>();

  /** Tokens for files the owner's user just picked; `name` is what the page shows. */
  issue(owner: Owner, paths: readonly string[], kind: TokenKind = 'open'): ChosenFile[] {
    let tables = this.owners.get(owner);
    if (!tables) {
      tables = { open: { paths: new Map(), tokens: new Map() }, save: { paths: new Map(), tokens: new Map() } };
      this.owners.set(owner, tables);
    }
    const table = tables[kind];
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

  /** The path behind a token of this kind this owner was given; anything else is refused. */
  resolve(owner: Owner, token: string, kind: TokenKind = 'open'): string {
    const file = this.owners.get(owner)?.[kind].paths.get(token);
    if (file === undefined) {
      // The value is not echoed: it may be a path the page is fishing for.
      throw new CasebookError(
        'forbidden',
        kind === 'open'
          ? 'only a file chosen in the open-file dialog of this window can be read (choose it again)'
          : 'only a file chosen in the save dialog of this window can be written (choose it again)',
      );
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

type TakesOut = { [M in MethodName]: ParsedInput<M> extends { out: string } ? M : never }[MethodName];
/** Every method that takes an `out` is listed, so a new one cannot be left out (compile-time check). */
const SAVE_METHODS_COMPLETE: Record<TakesOut, true> = SAVE_TOKEN_METHODS;

export function takesSaveToken(method: MethodName): method is SaveTokenMethod {
  return Object.prototype.hasOwnProperty.call(SAVE_METHODS_COMPLETE, method);
}

/**
 * The input with its `file` (open) and `out` (save) tokens swapped for their paths, for a method that
 * takes them (backup.restore takes both: the backup to read, the folder to restore into); other inputs
 * unchanged. Throws 'forbidden' for a token the owner was not given.
 */
export function resolveFileToken<Owner extends object>(tokens: FileTokens<Owner>, owner: Owner, method: MethodName, input: unknown): unknown {
  const fields: [string, TokenKind][] = [];
  if (takesFileToken(method)) fields.push(['file', 'open']);
  if (takesSaveToken(method)) fields.push(['out', 'save']);
  if (fields.length === 0) return input;
  const resolved = { ...(input as Record<string, unknown>) };
  for (const [field, kind] of fields) {
    // An optional `out` left out (backup.restore into the engine's own folder) has nothing to swap.
    if (field === 'out' && resolved.out === undefined && takesFileToken(method)) continue;
    try {
      resolved[field] = tokens.resolve(owner, String(resolved[field]), kind);
    } catch (err) {
      if (err instanceof CasebookError) throw new CasebookError(err.code, `${method}: ${field}: ${err.message}`);
      throw err;
    }
  }
  return resolved;
}
