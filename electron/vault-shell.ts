import { existsSync } from 'node:fs';
import path from 'node:path';
import { CasebookError } from '../shared/ipc/errors';
import type { ShellMethods } from './ipc';

/**
 * Opening another vault folder, which only the shell can do: it owns the
 * engine host. The folder reaches it as the 'save' token of the folder dialog
 * a restore wrote into (files.save with folder: true), never as a path from the
 * page. The engine locks the vault in use and a fresh one starts on the folder,
 * for this run of the app; the next start opens the usual folder again.
 */
export const vaultShellMethods = {
  'vault.openFolder': async ({ folder }, sender, tokens, host) => {
    const dir = tokens.resolve(sender, folder, 'save');
    if (!existsSync(path.join(dir, 'vault.json'))) throw new CasebookError('invalid-input', `${path.basename(dir)} holds no Casebook vault (no vault.json)`);
    if (!host.reopen) throw new CasebookError('internal', 'this shell cannot open another vault folder');
    // The diagnostic log stays where it is: beside the app's own vault, not in the user's folder's parent.
    await host.reopen(dir);
    return { opened: path.basename(dir) };
  },
} satisfies ShellMethods;
