import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CasebookError } from '../../shared/ipc/errors';
import { packageSelectionSchema, type PackageSelection, type PackageVerification } from '../../shared/domain/packages';
import { connect, list, resolveCase, str, withUnlocked, type CommandContext, type CommandTable } from './cli-context';
import { packagePassphrase } from './passphrase';

/**
 * Case packages and the examiner identity: identity show/export/trust, export,
 * verify, import-package, vault backup/restore. A package's passphrase comes
 * from $CASEBOOK_PACKAGE_PASSPHRASE or a hidden prompt (never the vault's).
 */

export const PACKAGE_USAGE = `  identity show                   this vault's examiner identity: age recipient and Ed25519 signing key, with fingerprints
  identity export [--out FILE]    the public keys, for other examiners to encrypt to you and check your signatures
  identity trust FILE [--name N]  remember another examiner's public keys (signatures by them are then "known")
  identity untrust FINGERPRINT    forget a trusted examiner (SHA256:… of their signing key)
  export CASE --out FILE (--recipient AGE_PUBKEY... | --passphrase) [--sign] [--select FILE] [--evidence ID...] [--redact FIELD...]
                                  the case as one age-encrypted package (\`age -d\` opens it; inside a plain tar:
                                  manifest.json, journal.jsonl, events as Timesketch JSONL, the evidence files as
                                  ingested with a custody file per item, SHA256SUMS)
                                  --select FILE: JSON {entities, alerts, evidence: [ids], events: {from, to}};
                                  --evidence ID: only these evidence items (and imports' files) go, added to --select's;
                                  --redact FIELD: every value of the field replaced by a placeholder (USER-1), in that
                                  field and wherever it occurs in free text (evidence files' contents stay as they are)
  verify PACKAGE [--identity FILE] [--passphrase]
                                  structure, every hash, journal chain, signature; exit code 3 naming the first failure
  import-package PACKAGE [--identity FILE] [--passphrase] [--again | --skip]
                                  verify, then create the case with its history; a case already in the vault is
                                  refused unless --again (keep both) or --skip
  vault backup --out FILE (--recipient AGE_PUBKEY... | --passphrase)   the whole vault as one encrypted package
  vault restore FILE [--identity FILE] [--passphrase] [--into DIR]
                                  into an empty folder only: --into DIR, else the --vault folder`;

const abs = (file: string | undefined, what: string): string => {
  if (!file) throw new CasebookError('invalid-input', `${what} is required`);
  return path.resolve(file);
};

/** --recipient ... or --passphrase (asked twice): whom a package is encrypted to. */
async function encryptTo(ctx: CommandContext): Promise<{ recipients: string[] } | { passphrase: string }> {
  const recipients = list(ctx.flags.recipient);
  if (recipients.length && ctx.flags.passphrase) throw new CasebookError('invalid-input', 'give --recipient or --passphrase, not both');
  if (recipients.length) return { recipients };
  if (ctx.flags.passphrase) return { passphrase: await packagePassphrase('new') };
  throw new CasebookError('invalid-input', 'give --recipient AGE_PUBKEY (one or more) or --passphrase');
}

/** --identity FILE or --passphrase; neither: the vault's own identity. */
async function openWith(ctx: CommandContext): Promise<{ identity?: string; passphrase?: string }> {
  const file = str(ctx.flags.identity);
  if (file) return { identity: readFileSync(file, 'utf8') };
  if (ctx.flags.passphrase) return { passphrase: await packagePassphrase('open') };
  return {};
}

function selectionOf(file: string | undefined): PackageSelection | null {
  if (!file) return null;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new CasebookError('invalid-input', `--select ${file}: ${(err as Error).message}`);
  }
  const parsed = packageSelectionSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new CasebookError('invalid-input', `--select ${file}: ${issue.path.join('.') || 'the selection'}: ${issue.message}`);
  }
  return parsed.data;
}

/** --evidence ID...: the evidence to carry, added to what --select names. */
function withEvidence(selection: PackageSelection | null, evidence: string[]): PackageSelection | null {
  if (evidence.length === 0) return selection;
  return { ...(selection ?? {}), evidence: [...(selection?.evidence ?? []), ...evidence] };
}

export function verificationReport(v: PackageVerification): string {
  const lines = v.checks.map((c) => `${c.ok ? 'ok  ' : 'FAIL'}  ${c.name}: ${c.detail}`);
  if (v.signer)
    lines.push(
      `signed by ${v.signer.fingerprint}${v.signer.name ? ` (${v.signer.name})` : ''}: ${v.signer.known ? 'a known key' : 'a key this vault does not know'}`,
    );
  lines.push(v.ok ? 'the package verifies' : `the package does NOT verify: ${v.firstFailure}`);
  return lines.join('\n');
}

export const packageCommands: CommandTable = {
  'identity show': (ctx) =>
    withUnlocked(ctx, async (call) => {
      const { identity, known } = await call('identity.show', {});
      const text = [
        `examiner ${identity.name} (since ${identity.createdAt})`,
        `age recipient   ${identity.ageRecipient}`,
        `                ${identity.ageFingerprint}`,
        `Ed25519 signing ${identity.signingFingerprint}`,
        known.length ? `known examiners:\n${known.map((k) => `  ${k.name}  ${k.signingFingerprint}`).join('\n')}` : 'known examiners: none',
      ].join('\n');
      return { json: { identity, known }, text };
    }),

  'identity export': (ctx) =>
    withUnlocked(ctx, async (call) => {
      const out = await call('identity.export', {});
      const file = str(ctx.flags.out);
      if (file) writeFileSync(file, out.text, { flag: 'wx' });
      return { json: { ...out, file: file ?? null }, text: file ? `public keys written to ${file}` : out.text.trimEnd() };
    }),

  'identity trust': (ctx) =>
    withUnlocked(ctx, async (call) => {
      const known = await call('identity.trust', { text: readFileSync(abs(ctx.args[0], 'a public keys file'), 'utf8'), name: str(ctx.flags.name) });
      return { json: known, text: `now known: ${known.name} ${known.signingFingerprint}` };
    }),

  'identity untrust': (ctx) =>
    withUnlocked(ctx, async (call) => {
      const signingFingerprint = ctx.args[0];
      if (!signingFingerprint) throw new CasebookError('invalid-input', 'the signing key fingerprint (SHA256:…) is required');
      const out = await call('identity.untrust', { signingFingerprint });
      if (!out.removed) throw new CasebookError('not-found', `no trusted examiner has the signing key ${signingFingerprint}`);
      return { json: out, text: `forgotten: ${signingFingerprint}; ${out.known.length} trusted examiner${out.known.length === 1 ? '' : 's'} left` };
    }),

  export: (ctx) =>
    withUnlocked(ctx, async (call) => {
      const caseId = resolveCase((await call('cases.list', {})).cases, ctx.args[0]).id;
      const out = abs(str(ctx.flags.out), '--out FILE');
      const to = await encryptTo(ctx);
      const selection = withEvidence(selectionOf(str(ctx.flags.select)), list(ctx.flags.evidence));
      const result = await call('packages.export', {
        taskId: `cli-${process.pid}`,
        caseId,
        out,
        to,
        sign: ctx.flags.sign === true,
        selection,
        redact: list(ctx.flags.redact),
      });
      const { items, files, bytes } = result.evidence;
      const text = [
        `wrote ${result.file}: ${result.records} records, ${result.events} events, ${result.bytes} bytes${result.signed ? ', signed' : ''}`,
        `evidence: ${items} item(s), ${files} file(s) as ingested (${bytes} bytes)`,
        `SHA-256 ${result.sha256}`,
      ].join('\n');
      return { json: result, text };
    }),

  verify: (ctx) =>
    withUnlocked(ctx, async (call) => {
      const v = await call('packages.verify', { file: abs(ctx.args[0], 'a package file'), ...(await openWith(ctx)) });
      return { json: v, text: verificationReport(v), exitCode: v.ok ? 0 : 3 };
    }),

  'import-package': (ctx) =>
    withUnlocked(ctx, async (call) => {
      if (ctx.flags.again && ctx.flags.skip) throw new CasebookError('invalid-input', 'give --again or --skip, not both');
      const duplicate = ctx.flags.again ? 'keep-both' : ctx.flags.skip ? 'skip' : 'ask';
      const { result, verification } = await call('packages.import', { file: abs(ctx.args[0], 'a package file'), ...(await openWith(ctx)), duplicate });
      const signer = verification.signer
        ? `signed by ${verification.signer.fingerprint} (${verification.signer.known ? (verification.signer.name ?? 'known') : 'unknown key'})`
        : 'unsigned';
      if (result.outcome === 'duplicate') {
        const dup = result.duplicateOf!;
        const message = `case "${result.title}" is already in this vault as ${dup.caseId}${dup.sameHead ? ' (same history)' : ' (a different state of it)'}; nothing was imported: add --again to keep both, or --skip`;
        return { json: { result, verification }, text: message, exitCode: 4 };
      }
      const text =
        result.outcome === 'skipped'
          ? `skipped: case "${result.title}" is already in this vault as ${result.duplicateOf!.caseId}`
          : `imported case "${result.title}" as ${result.caseId}: ${result.records} records, ${result.events} events, ${result.evidence?.items ?? 0} evidence item(s) with ${result.evidence?.files ?? 0} file(s) sealed into this vault; ${signer}`;
      return { json: { result, verification }, text };
    }),

  'vault backup': (ctx) =>
    withUnlocked(ctx, async (call) => {
      const result = await call('backup.create', { out: abs(str(ctx.flags.out), '--out FILE'), to: await encryptTo(ctx) });
      return { json: result, text: `wrote ${result.file}: ${result.files} vault files, ${result.bytes} bytes\nSHA-256 ${result.sha256}` };
    }),

  'vault restore': async (ctx) => {
    const file = abs(ctx.args[0], 'a backup file');
    const keys = await openWith(ctx);
    const into = str(ctx.flags.into) ? path.resolve(str(ctx.flags.into)!) : ctx.vaultDir;
    const { engine, call } = connect(ctx.vaultDir);
    try {
      const result = await call('backup.restore', { file, ...keys, ...(into !== ctx.vaultDir ? { out: into } : {}) });
      return { json: result, text: `restored ${result.files} vault files into ${into}; unlock it with the vault's passphrase` };
    } finally {
      await engine.dispose();
    }
  },
};
