import { createInterface } from 'node:readline';
import { CasebookError } from '../../shared/ipc/errors';

/** Reads one line from a terminal without echoing it. */
function promptHidden(question: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
    const output = rl as unknown as { _writeToOutput: (s: string) => void };
    let asked = false;
    output._writeToOutput = (s: string) => {
      // Show the question once, then nothing of what is typed.
      if (!asked) {
        process.stderr.write(s);
        asked = true;
      }
    };
    rl.question(question, (answer) => {
      rl.close();
      process.stderr.write('\n');
      resolve(answer);
    });
    rl.on('SIGINT', () => {
      rl.close();
      reject(new CasebookError('cancelled', 'cancelled'));
    });
  });
}

/** Reads the first line of piped standard input. */
async function readStdinLine(): Promise<string> {
  let text = '';
  for await (const chunk of process.stdin) {
    text += String(chunk);
    const newline = text.indexOf('\n');
    if (newline >= 0) return text.slice(0, newline).replace(/\r$/, '');
  }
  return text;
}

/**
 * The passphrase comes from CASEBOOK_PASSPHRASE, else a hidden prompt on a
 * terminal, else the first line of piped standard input (for scripts).
 */
export async function getPassphrase(purpose: 'unlock' | 'new'): Promise<string> {
  const fromEnv = process.env.CASEBOOK_PASSPHRASE;
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  if (process.stdin.isTTY) {
    const first = await promptHidden(purpose === 'new' ? 'New vault passphrase: ' : 'Vault passphrase: ');
    if (purpose === 'new') {
      const again = await promptHidden('Repeat the passphrase: ');
      if (again !== first) throw new CasebookError('invalid-input', 'the two passphrases differ');
    }
    return first;
  }
  const line = await readStdinLine();
  if (!line) {
    throw new CasebookError('invalid-input', 'no passphrase: set CASEBOOK_PASSPHRASE, pipe it on standard input, or run in a terminal');
  }
  return line;
}

/**
 * A package's passphrase (not the vault's): from $CASEBOOK_PACKAGE_PASSPHRASE,
 * else a hidden prompt (asked twice for a new package).
 */
export async function packagePassphrase(purpose: 'new' | 'open'): Promise<string> {
  const fromEnv = process.env.CASEBOOK_PACKAGE_PASSPHRASE;
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  if (!process.stdin.isTTY) throw new CasebookError('invalid-input', 'no package passphrase: set CASEBOOK_PACKAGE_PASSPHRASE or run in a terminal');
  const first = await promptHidden('Package passphrase: ');
  if (purpose === 'new' && (await promptHidden('Repeat the package passphrase: ')) !== first)
    throw new CasebookError('invalid-input', 'the two passphrases differ');
  return first;
}
