#!/usr/bin/env node
import path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CasebookError } from '../../shared/ipc/errors';
import { defaultVaultDir } from '../core/vault/default-dir';
import { commands, USAGE } from './commands';
import { ACTION_FLAGS } from './action-commands';
import { EVIDENCE_FLAGS } from './evidence-commands';
import { STORY_FLAGS } from './story-commands';

/** Every flag of every command (strict: an unknown one is bad usage). */
const OPTIONS = {
  vault: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  title: { type: 'string' },
  description: { type: 'string' },
  severity: { type: 'string' },
  status: { type: 'string' },
  classification: { type: 'string' },
  determination: { type: 'string' },
  owner: { type: 'string' },
  tlp: { type: 'string' },
  tag: { type: 'string', multiple: true },
  untag: { type: 'string', multiple: true },
  case: { type: 'string' },
  format: { type: 'string' },
  timezone: { type: 'string' },
  'skip-invalid': { type: 'boolean' },
  'max-expansion': { type: 'string' },
  preview: { type: 'boolean' },
  last: { type: 'string' },
  map: { type: 'string' },
  mapping: { type: 'string' },
  'save-mapping': { type: 'string' },
  type: { type: 'string' },
  value: { type: 'string' },
  search: { type: 'string' },
  verdict: { type: 'string' },
  limit: { type: 'string' },
  out: { type: 'string' },
  recipient: { type: 'string', multiple: true },
  passphrase: { type: 'boolean' },
  sign: { type: 'boolean' },
  select: { type: 'string' },
  redact: { type: 'string', multiple: true },
  identity: { type: 'string' },
  again: { type: 'boolean' },
  skip: { type: 'boolean' },
  into: { type: 'string' },
  name: { type: 'string' },
  table: { type: 'string' },
  expand: { type: 'string', multiple: true },
  merge: { type: 'boolean' },
  by: { type: 'string' },
  lane: { type: 'string', multiple: true },
  bins: { type: 'string' },
  ...ACTION_FLAGS,
  ...EVIDENCE_FLAGS,
  ...STORY_FLAGS,
} as const satisfies NonNullable<ParseArgsConfig['options']>;

/**
 * casebook: the engine's headless face, for scripting on air-gapped machines.
 * Success: the result on stdout (one JSON document with --json). Failure: a
 * one-line error on stderr and a non-zero exit code.
 */
async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: OPTIONS,
    });
  } catch (err) {
    process.stderr.write(`casebook: ${(err as Error).message}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help || positionals.length === 0) {
    process.stdout.write(USAGE + '\n');
    return values.help ? 0 : 2;
  }
  // Commands are one word (import) or two (case list).
  const twoWords = positionals.slice(0, 2).join(' ');
  const name = commands[twoWords] ? twoWords : positionals[0]!;
  const command = commands[name];
  if (!command) {
    process.stderr.write(`casebook: unknown command "${name}" (see casebook --help)\n`);
    return 2;
  }
  const json = values.json === true;
  try {
    const output = await command({
      vaultDir: values.vault ? path.resolve(values.vault) : defaultVaultDir(),
      json,
      args: positionals.slice(name.split(' ').length),
      flags: values,
    });
    process.stdout.write((json ? JSON.stringify(output.json, null, 2) : output.text) + '\n');
    return output.exitCode ?? 0;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const prefix = err instanceof CasebookError ? '' : 'internal error: ';
    process.stderr.write(`casebook: ${prefix}${message.replace(/\s*\n\s*/g, ' ')}\n`);
    return 1;
  }
}

void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
