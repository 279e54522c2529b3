import path from 'node:path';
import { readFileSync } from 'node:fs';
import { CasebookError } from '../../shared/ipc/errors';
import { EVIDENCE_KINDS, MANUAL_CUSTODY_EVENTS, type CustodyEntry, type EvidenceRow } from '../../shared/domain/evidence';
import { HashTextError, parseHashText } from '../../shared/domain/hash-text';
import type { EmitEvent } from '../core/engine';
import { writeFileAtomic } from '../core/fs/atomic-write';
import { list, resolveCase, str, withUnlocked, type Call, type CommandContext, type CommandTable } from './cli-context';
import { progressLine, table, utc } from './format';
import { htmlToPdf } from './report-pdf';

/** Evidence items and their chain of custody: evidence add/add-ref/list/show/custody/verify/export/report. */

export const EVIDENCE_USAGE = `  evidence add ID PATH [--kind K] [--title T] [--description D] [--source-host H] [--acquired-by A]
               [--acquired-at ISO] [--tool T] [--link-entity ID]... [--link-alert ID]... [--link-event ID]...
                                  ingest a file, or a folder as one item with its manifest, into the case's
                                  encrypted blob store (SHA-256, SHA-1, MD5); Ctrl-C cancels, leaving nothing
                                  K: ${EVIDENCE_KINDS.join(', ')}
  evidence add-ref ID --title T (--sha256 H | --sha1 H | --md5 H | --hashes-from FILE) [--location L] [--kind K] [--size N]
               [--link-entity ID]... [--link-alert ID]... [--link-event ID]...
                                  an item held elsewhere; --hashes-from reads sha256sum, FTK Imager or ewfinfo output;
                                  on add and add-ref every link must name what the case has, or nothing is added
  evidence list ID                every item and imported file: kind, size, SHA-256, custody entries, last verification
  evidence show ID ITEM           one item with its chain of custody
  evidence custody ID ITEM --event E [--from A] [--to B] [--note N] [--where W] [--purpose P] [--at ISO]
               [--hash-verified match|mismatch] [--corrects ENTRY]
                                  append a custody entry (E: ${MANUAL_CUSTODY_EVENTS.join(', ')}); nothing is edited
  evidence link ID ITEM [--link-entity ID]... [--link-alert ID]... [--link-event ID]...
               [--unlink-entity ID]... [--unlink-alert ID]... [--unlink-event ID]...
                                  link the item to entities, alerts and timeline events, or unlink it (audited)
  evidence verify ID ITEM         recompute the item's hashes from the blob store; exit code 3 on a mismatch
  evidence export ID ITEM --to PATH    write the item decrypted to a new PATH (recorded as custody)
  evidence report ID [ITEM] --html FILE | --pdf FILE   the custody report of one item or the case
  (every evidence command takes --actor NAME: who is recorded, instead of the vault's analyst name)`;

/** The flags the evidence commands add to the CLI's parser. */
export const EVIDENCE_FLAGS = {
  kind: { type: 'string' },
  'source-host': { type: 'string' },
  'acquired-by': { type: 'string' },
  'acquired-at': { type: 'string' },
  tool: { type: 'string' },
  location: { type: 'string' },
  size: { type: 'string' },
  sha256: { type: 'string' },
  sha1: { type: 'string' },
  md5: { type: 'string' },
  'hashes-from': { type: 'string' },
  event: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  note: { type: 'string' },
  where: { type: 'string' },
  purpose: { type: 'string' },
  at: { type: 'string' },
  'hash-verified': { type: 'string' },
  corrects: { type: 'string' },
  html: { type: 'string' },
  pdf: { type: 'string' },
  actor: { type: 'string' },
  'link-entity': { type: 'string', multiple: true },
  'link-alert': { type: 'string', multiple: true },
  'link-event': { type: 'string', multiple: true },
  'unlink-entity': { type: 'string', multiple: true },
  'unlink-alert': { type: 'string', multiple: true },
  'unlink-event': { type: 'string', multiple: true },
} as const;

const caseOf = async (call: Call, ref: string | undefined) => resolveCase((await call('cases.list', {})).cases, ref).id;

/** An item by id, unique id prefix (4+ characters) or exact title. */
async function itemOf(call: Call, caseId: string, ref: string | undefined): Promise<EvidenceRow> {
  if (!ref) throw new CasebookError('invalid-input', 'an evidence item id (or its title) is required');
  const rows = (await call('evidence.list', { caseId })).filter((r) => r.origin === 'item');
  const found = rows.filter((r) => r.id === ref || (ref.length >= 4 && r.id.startsWith(ref)) || r.title === ref);
  if (found.length === 1) return found[0]!;
  if (found.length > 1) throw new CasebookError('invalid-input', `"${ref}" names ${found.length} items (${found.map((r) => r.id).join(', ')}); give the id`);
  throw new CasebookError('not-found', `no evidence item "${ref}" in case ${caseId} (evidence list shows them)`);
}

function fieldsOf(ctx: CommandContext, fallbackTitle?: string) {
  const title = str(ctx.flags.title) ?? fallbackTitle;
  if (!title) throw new CasebookError('invalid-input', '--title is required');
  return {
    title,
    kind: str(ctx.flags.kind) as never,
    description: str(ctx.flags.description),
    sourceHost: str(ctx.flags['source-host']),
    acquiredBy: str(ctx.flags['acquired-by']),
    acquiredAt: str(ctx.flags['acquired-at']),
    tool: str(ctx.flags.tool),
    storageLocation: str(ctx.flags.location),
    links: { entities: list(ctx.flags['link-entity']), alerts: list(ctx.flags['link-alert']), events: list(ctx.flags['link-event']) },
  };
}

function hashesOf(ctx: CommandContext) {
  const hashes = { sha256: str(ctx.flags.sha256), sha1: str(ctx.flags.sha1), md5: str(ctx.flags.md5) };
  const from = str(ctx.flags['hashes-from']);
  if (!from) return hashes;
  try {
    const parsed = parseHashText(readFileSync(from, 'utf8'));
    return { sha256: hashes.sha256 ?? parsed.sha256, sha1: hashes.sha1 ?? parsed.sha1, md5: hashes.md5 ?? parsed.md5 };
  } catch (err) {
    if (err instanceof HashTextError) throw new CasebookError('invalid-input', `--hashes-from ${from}: ${err.message}`);
    throw new CasebookError('invalid-input', `--hashes-from ${from}: ${(err as Error).message}`);
  }
}

const short = (sha: string | null) => (sha ? `${sha.slice(0, 16)}…` : '-');
const verification = (r: EvidenceRow) => (r.lastVerification ? `${r.lastVerification.result.toUpperCase()} ${utc(r.lastVerification.at)}` : '-');

function listText(rows: EvidenceRow[]): string {
  if (!rows.length) return 'no evidence in this case';
  return table(
    ['KIND', 'TITLE', 'SIZE', 'SHA-256', 'ACQUIRED', 'CUSTODY', 'LAST VERIFIED', 'ID'],
    rows.map((r) => [
      r.kind,
      r.title,
      r.size === null ? '-' : String(r.size),
      short(r.sha256),
      utc(r.acquiredAt),
      String(r.custodyCount),
      verification(r),
      r.id,
    ]),
  );
}

function custodyText(entries: CustodyEntry[]): string {
  if (!entries.length) return 'no custody entry';
  return table(
    ['#', 'EVENT', 'WHEN', 'BY', 'FROM', 'TO', 'HASH', 'NOTES', 'ENTRY'],
    entries.map((e, i) => [
      String(i + 1),
      e.event,
      utc(e.at),
      e.by,
      e.from ?? '-',
      e.to ?? '-',
      e.hashVerified,
      (e.corrects ? `(corrects ${e.corrects}) ` : '') + (e.notes ?? ''),
      e.id,
    ]),
  );
}

/** Ctrl-C cancels the running ingest (nothing is left); progress goes to a terminal's stderr. */
async function ingestWithCancel(ctx: CommandContext, call: Call, caseId: string, file: string) {
  const taskId = `cli-${process.pid}`;
  const onSigint = () => void call('evidence.cancel', { taskId });
  process.on('SIGINT', onSigint);
  try {
    return await call('evidence.add', { caseId, taskId, file, fields: fieldsOf(ctx, path.basename(file)), actor: str(ctx.flags.actor) });
  } finally {
    process.off('SIGINT', onSigint);
    if (process.stderr.isTTY) process.stderr.write('\r\x1b[K');
  }
}

const progress: EmitEvent = (event, payload) => {
  if (event === 'task.progress' && process.stderr.isTTY) process.stderr.write(progressLine(payload as never));
};

export const evidenceCommands: CommandTable = {
  'evidence add': (ctx) =>
    withUnlocked(
      ctx,
      async (call) => {
        const caseId = await caseOf(call, ctx.args[0]);
        if (!ctx.args[1]) throw new CasebookError('invalid-input', 'evidence add: a file or folder to ingest is required');
        const { result: item } = await ingestWithCancel(ctx, call, caseId, path.resolve(ctx.args[1]));
        return {
          json: item,
          text: `added ${item.kind} "${item.title}" (${item.id}): ${item.files.length} file(s), ${item.size} bytes\nSHA-256 ${item.hashes.sha256}`,
        };
      },
      progress,
    ),

  'evidence add-ref': (ctx) =>
    withUnlocked(ctx, async (call) => {
      const caseId = await caseOf(call, ctx.args[0]);
      const size = str(ctx.flags.size) === undefined ? undefined : Number(ctx.flags.size);
      const { result: item } = await call('evidence.addRef', { caseId, fields: fieldsOf(ctx), hashes: hashesOf(ctx), size, actor: str(ctx.flags.actor) });
      return { json: item, text: `added "${item.title}" held at ${item.storageLocation ?? '(no location given)'} (${item.id})` };
    }),

  'evidence list': (ctx) =>
    withUnlocked(ctx, async (call) => {
      const rows = await call('evidence.list', { caseId: await caseOf(call, ctx.args[0]) });
      return { json: rows, text: listText(rows) };
    }),

  'evidence show': (ctx) =>
    withUnlocked(ctx, async (call) => {
      const caseId = await caseOf(call, ctx.args[0]);
      const detail = await call('evidence.get', { caseId, itemId: (await itemOf(call, caseId, ctx.args[1])).id });
      const { item } = detail;
      const head = [
        `${item.title} (${item.kind}, ${item.storage}) ${item.id}`,
        `SHA-256 ${item.hashes.sha256 ?? '-'}  SHA-1 ${item.hashes.sha1 ?? '-'}  MD5 ${item.hashes.md5 ?? '-'}`,
      ];
      const links = detail.linked.map(
        (l) => `linked ${l.kind}: ${l.label}${l.detail ? ` (${l.detail})` : ''}${l.found ? '' : ' [not in the case any more]'}  ${l.id}`,
      );
      return { json: detail, text: [...head, ...links, '', custodyText(detail.custody)].join('\n') };
    }),

  'evidence custody': (ctx) =>
    withUnlocked(ctx, async (call) => {
      const caseId = await caseOf(call, ctx.args[0]);
      const item = await itemOf(call, caseId, ctx.args[1]);
      const entry = {
        event: str(ctx.flags.event) as never,
        from: str(ctx.flags.from),
        to: str(ctx.flags.to),
        notes: str(ctx.flags.note),
        where: str(ctx.flags.where),
        purpose: str(ctx.flags.purpose),
        at: str(ctx.flags.at),
        hashVerified: str(ctx.flags['hash-verified']) as never,
        corrects: str(ctx.flags.corrects),
      };
      if (!entry.event) throw new CasebookError('invalid-input', `--event is required (${MANUAL_CUSTODY_EVENTS.join(', ')})`);
      const { result } = await call('evidence.custody', { caseId, itemId: item.id, entry, actor: str(ctx.flags.actor) });
      return { json: result, text: `recorded ${result.event} of "${item.title}" (entry ${result.id})` };
    }),

  'evidence link': (ctx) =>
    withUnlocked(ctx, async (call) => {
      const caseId = await caseOf(call, ctx.args[0]);
      const item = await itemOf(call, caseId, ctx.args[1]);
      const add = { entities: list(ctx.flags['link-entity']), alerts: list(ctx.flags['link-alert']), events: list(ctx.flags['link-event']) };
      const remove = { entities: list(ctx.flags['unlink-entity']), alerts: list(ctx.flags['unlink-alert']), events: list(ctx.flags['unlink-event']) };
      await call('evidence.link', { caseId, itemId: item.id, add, remove, actor: str(ctx.flags.actor) });
      const detail = await call('evidence.get', { caseId, itemId: item.id });
      const lines = detail.linked.map((l) => `  ${l.kind}: ${l.label}${l.detail ? ` (${l.detail})` : ''}  ${l.id}`);
      return {
        json: detail.linked,
        text: [`"${item.title}" is linked to ${detail.linked.length ? `${detail.linked.length}:` : 'nothing'}`, ...lines].join('\n'),
      };
    }),

  'evidence verify': (ctx) =>
    withUnlocked(
      ctx,
      async (call) => {
        const caseId = await caseOf(call, ctx.args[0]);
        const item = await itemOf(call, caseId, ctx.args[1]);
        const { result } = await call('evidence.verify', { caseId, itemId: item.id, actor: str(ctx.flags.actor) });
        const text =
          result.result === 'match'
            ? `"${result.title}": hashes verified, they match (entry ${result.entry.id})`
            : `HASH MISMATCH: evidence "${result.title}" (${result.itemId}) does not match its recorded hashes:\n  ${result.problems.join('\n  ')}`;
        return { json: result, text, exitCode: result.result === 'match' ? 0 : 3 };
      },
      progress,
    ),

  'evidence export': (ctx) =>
    withUnlocked(ctx, async (call) => {
      const caseId = await caseOf(call, ctx.args[0]);
      const item = await itemOf(call, caseId, ctx.args[1]);
      const to = str(ctx.flags.to);
      if (!to) throw new CasebookError('invalid-input', 'evidence export: --to PATH is required');
      const { result } = await call('evidence.export', { caseId, itemId: item.id, out: path.resolve(to), actor: str(ctx.flags.actor) });
      return { json: result, text: `exported "${item.title}" to ${result.path} (hashes checked; custody entry ${result.entry.id})` };
    }),

  'evidence report': (ctx) =>
    withUnlocked(ctx, async (call) => {
      const caseId = await caseOf(call, ctx.args[0]);
      const itemId = ctx.args[1] ? (await itemOf(call, caseId, ctx.args[1])).id : undefined;
      const html = str(ctx.flags.html);
      const pdf = str(ctx.flags.pdf);
      if (!html === !pdf) throw new CasebookError('invalid-input', 'evidence report: give one of --html FILE or --pdf FILE');
      const report = await call('evidence.report', { caseId, itemId });
      const out = path.resolve((html ?? pdf)!);
      if (html) await writeFileAtomic(out, report.html);
      else await htmlToPdf(report.html, out);
      return { json: { file: out, format: html ? 'html' : 'pdf' }, text: `custody report written to ${out}` };
    }),
};
