import os from 'node:os';
import path from 'node:path';

/**
 * Where the app keeps its vault unless told otherwise: Electron's userData
 * folder for the product name "Casebook" plus /vault. The CLI computes the
 * same place so both find the same vault; CASEBOOK_VAULT overrides both.
 */
export function defaultVaultDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (env.CASEBOOK_VAULT) return path.resolve(env.CASEBOOK_VAULT);
  const home = os.homedir();
  let appData: string;
  if (platform === 'win32') appData = env.APPDATA ?? path.join(home, 'AppData', 'Roaming');
  else if (platform === 'darwin') appData = path.join(home, 'Library', 'Application Support');
  else appData = env.XDG_CONFIG_HOME ?? path.join(home, '.config');
  return path.join(appData, 'Casebook', 'vault');
}
