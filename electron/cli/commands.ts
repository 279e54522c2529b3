import path from 'node:path';
import { CasebookError } from '../../shared/ipc/errors';
import type { Input } from '../../shared/ipc/contract';
import type { EmitEvent } from '../core/engine';
import type { CasePatch, CaseRecord } from '../../shared/domain/case';
import { IMPORT_FORMATS, type ColumnMapping, type ImportFormat, type ImportPreview, type ImportReport } from '../../shared/domain/import';
import { auditTable, caseDetails, caseTable, importTable, progressLine, vaultVerificationText, verificationText } from './format';
import { getPassphrase } from './passphrase';
import { connect, list, resolveCase, str, withUnlocked, type Call, type CommandContext, type CommandTable } from './cli-context';
import { INDICATOR_USAGE, indicatorCommands } from './indicator-commands';
import { entityCommands } from './entity-commands';

export type { CommandContext, CommandOutput } from './cli-context';

function patchFromFlags(flags: CommandContext['flags'], current: CaseRecord): CasePatch {
  const patch: Record<string, unknown> = {};
  for (const field of ['title', 'description', 'severity', 'status', 'classification', 'determination', 'owner', 'tlp'] as const) {
    const value = str(flags[field]);
    if (value !== undefined) patch[field] = value;
  }
  const add = list(flags.tag);
  const remove = new Set(list(flags.untag).map((t) => t.toLowerCase()));
  if (add.length || remove.size) {
    patch.tags = [...current.tags, ...add].filter((t) => !remove.has(t.toLowerCase()));
  }
  return patch as CasePatch;
}

export const commands: CommandTable = {
  ...indicatorCommands,
  ...entityCommands,
  'vault init': async (ctx) => {
    const { engine, call } = connect(ctx.vaultDir);
    try {
      const status = await call('vault.create', { passphrase: await getPassphrase('new') });
      return { json: status, text: `created an encrypted vault in ${status.dir}` };
    } finally {
      await engine.dispose();
    }
  },

  'vault status': async (ctx) => {
    const { engine, call } = connect(ctx.vaultDir);
    try {
      const status = await call('vault.status', {});
      return { json: status, text: `${status.dir}: ${status.state === 'missing' ? 'no vault' : 'vault present (locked)'}` };
    } finally {
      await engine.dispose();
    }
  },

  'vault verify': (ctx) =>
    withUnlocked(ctx, async (call) => {
      const result = await call('vault.verify', {});
      return { json: result, text: vaultVerificationText(result), exitCode: result.ok ? 0 : 3 };
    }),

  'vault accept': (ctx) =>
    withUnlocked(ctx, async (call) => {
      const ref = ctx.args[0];
      const result = await call('vault.acceptState', ref ? { caseId: ref } : {});
      return { json: result, text: `${ref ? `case ${ref}: ` : ''}${result.accepted}` };
    }),

  'vault rotate-keys': (ctx) =>
    withUnlocked(ctx, async (call, passphrase) => {
      const result = await call('vault.rotateKeys', { passphrase });
      return {
        json: result,
        text: `new vault key and case keys: ${result.cases} case(s) and ${result.runs} timeline run(s) re-encrypted (key id ${result.keyId})`,
      };
    }),

  'case create': (ctx) =>
    withUnlocked(ctx, async (call) => {
      const title = str(ctx.flags.title);
      if (!title) throw new CasebookError('invalid-input', 'case create: --title is required');
      const input: Record<string, unknown> = { title };
      for (const field of ['description', 'severity', 'status', 'classification', 'determination', 'owner', 'tlp'] as const) {
        const value = str(ctx.flags[field]);
        if (value !== undefined) input[field] = value;
      }
      if (ctx.flags.tag !== undefined) input.tags = list(ctx.flags.tag);
      const created = (await call('cases.create', input as Input<'cases.create'>)).cases![0]!;
      return { json: created, text: `created case ${created.id}\n${caseDetails(created)}` };
    }),

  'case list': (ctx) =>
    withUnlocked(ctx, async (call) => {
      const { cases, unreadable } = await call('cases.list', {});
      cases.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
      const warnings = unreadable.map((u) => `unreadable case ${u.caseId}: ${u.message}`);
      return {
        json: { cases, unreadable },
        text: [cases.length ? caseTable(cases) : 'no cases', ...warnings].join('\n'),
        exitCode: unreadable.length ? 1 : 0,
      };
    }),

  'case show': (ctx) =>
    withUnlocked(ctx, async (call) => {
      const found = resolveCase((await call('cases.list', {})).cases, ctx.args[0]);
      const { case: current, counts } = await call('cases.summary', { id: found.id });
      const countText = Object.entries(counts)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ');
      return { json: { ...current, counts }, text: `${caseDetails(current)}\n\nHolds: ${countText}` };
    }),

  import: (ctx) => {
    const files = ctx.args;
    if (files.length === 0) throw new CasebookError('invalid-input', 'import: name at least one file');
    const format = str(ctx.flags.format);
    if (format !== undefined && !(IMPORT_FORMATS as readonly string[]).includes(format)) {
      throw new CasebookError('invalid-input', `import: --format "${format}" is not one of ${IMPORT_FORMATS.join(', ')}`);
    }
    const expansionFlag = str(ctx.flags['max-expansion']);
    const maxExpansion = expansionFlag === undefined ? undefined : Number(expansionFlag);
    if (maxExpansion !== undefined && !(maxExpansion >= 1 && maxExpansion <= 1e9)) {
      throw new CasebookError('invalid-input', `import: --max-expansion "${expansionFlag}" is not a number from 1 to 1000000000 (bytes written per byte of the file)`);
    }
    let taskId = '';
    const showProgress = process.stderr.isTTY === true;
    const emit: EmitEvent = (event, payload) => {
      if (event === 'task.progress' && showProgress) process.stderr.write(progressLine(payload as never));
    };
    return withUnlocked(
      ctx,
      async (call) => {
        const mapping = await mappingFromFlags(ctx, call);
        if (ctx.flags.preview === true) {
          const previews = [];
          for (const file of files) {
            previews.push(
              await call('import.preview', { file: path.resolve(file), format: format as ImportFormat | undefined, timezone: str(ctx.flags.timezone) ?? 'UTC', mapping }),
            );
          }
          return { json: previews, text: previews.map(previewText).join('\n\n') };
        }
        const caseRef = str(ctx.flags.case);
        const caseId = caseRef ? resolveCase((await call('cases.list', {})).cases, caseRef).id : undefined;
        const results: (ImportReport | { file: string; error: string })[] = [];
        const controller = { cancelled: false };
        const onSigint = () => {
          controller.cancelled = true;
          if (taskId) void call('import.cancel', { taskId });
        };
        process.on('SIGINT', onSigint);
        try {
          for (const file of files) {
            if (controller.cancelled) break;
            taskId = `cli-${process.pid}-${results.length}`;
            try {
              const { report } = await call('import.start', {
                taskId,
                file: path.resolve(file),
                caseId,
                format: format as ImportFormat | undefined,
                timezone: str(ctx.flags.timezone) ?? 'UTC',
                skipInvalid: ctx.flags['skip-invalid'] === true,
                mapping,
                maxExpansion,
              });
              results.push(report);
            } catch (err) {
              results.push({ file, error: (err as Error).message });
            } finally {
              if (showProgress) process.stderr.write('\r\x1b[K');
            }
          }
        } finally {
          process.off('SIGINT', onSigint);
        }
        const failed = results.filter((r): r is { file: string; error: string } => 'error' in r);
        for (const f of failed) process.stderr.write(`casebook: ${f.error.split('\n').join(' | ')}\n`);
        return {
          json: results.map((r) => ('error' in r ? r : importJson(r))),
          text: importTable(results.filter((r): r is ImportReport => !('error' in r))),
          exitCode: failed.length ? 1 : 0,
        };
      },
      emit,
    );
  },

  'case set': (ctx) =>
    withUnlocked(ctx, async (call) => {
      const current = resolveCase((await call('cases.list', {})).cases, ctx.args[0]);
      const patch = patchFromFlags(ctx.flags, current);
      if (Object.keys(patch).length === 0) {
        throw new CasebookError('invalid-input', 'case set: nothing to change (use --severity, --status, --owner, --tag ...)');
      }
      const result = await call('cases.update', { id: current.id, patch, expectedVersion: current.version });
      const updated = result.cases![0]!;
      const changes = result.audit?.[0]?.changes ?? [];
      return {
        json: { case: updated, changes },
        text: changes.length ? auditTable(result.audit!) : 'nothing changed (the case already had these values)',
      };
    }),

  'mapping list': (ctx) =>
    withUnlocked(ctx, async (call) => {
      const mappings = await call('mappings.list', {});
      const text = Object.entries(mappings)
        .map(([name, m]) => `${name}: ${mappingSpec(m)}`)
        .join('\n');
      return { json: mappings, text: text || 'no saved mappings' };
    }),

  'mapping delete': (ctx) =>
    withUnlocked(ctx, async (call) => {
      const name = ctx.args[0];
      if (!name) throw new CasebookError('invalid-input', 'mapping delete: name the mapping');
      if (!(name in (await call('mappings.list', {})))) throw new CasebookError('invalid-input', `no saved mapping "${name}"`);
      return { json: await call('mappings.delete', { name }), text: `deleted mapping ${name}` };
    }),

  'audit list': (ctx) =>
    withUnlocked(ctx, async (call) => {
      const found = resolveCase((await call('cases.list', {})).cases, ctx.args[0]);
      const entries = await call('audit.list', { caseId: found.id });
      return { json: entries, text: auditTable(entries) };
    }),

  'audit verify': (ctx) =>
    withUnlocked(ctx, async (call) => {
      const ref = ctx.args[0];
      if (!ref) throw new CasebookError('invalid-input', 'audit verify: a case id is required');
      const { cases, unreadable } = await call('cases.list', {});
      // A damaged case is not in `cases`, but it is exactly the one to verify.
      const damaged = unreadable.find((u) => u.caseId === ref || (ref.length >= 4 && u.caseId.startsWith(ref)));
      const caseId = damaged ? damaged.caseId : resolveCase(cases, ref).id;
      const verification = await call('audit.verify', { caseId });
      return { json: verification, text: verificationText(verification), exitCode: verification.ok ? 0 : 3 };
    }),
};

const MAP_KEYS: Record<string, keyof ColumnMapping> = {
  time: 'time',
  format: 'timeFormat',
  message: 'message',
  desc: 'timestampDesc',
  host: 'host',
  user: 'user',
  source: 'source',
  tags: 'tags',
};

/** `time=ts,format=iso,message=msg+detail,host=h` → a column mapping (message columns joined by '+'). */
export function parseMappingSpec(spec: string): ColumnMapping {
  const mapping: Record<string, unknown> = { timeFormat: 'iso', message: [] };
  for (const part of spec.split(',')) {
    const eq = part.indexOf('=');
    const key = MAP_KEYS[part.slice(0, eq).trim()];
    if (eq < 1 || !key) {
      throw new CasebookError('invalid-input', `--map: "${part}" is not KEY=COLUMN (keys: ${Object.keys(MAP_KEYS).join(', ')})`);
    }
    const value = part.slice(eq + 1).trim();
    mapping[key] = key === 'message' ? value.split('+').map((v) => v.trim()).filter(Boolean) : value;
  }
  if (!mapping.time) throw new CasebookError('invalid-input', '--map: name the time column (time=COLUMN)');
  return mapping as ColumnMapping;
}

function mappingSpec(m: ColumnMapping): string {
  const parts = [`time=${m.time}`, `format=${m.timeFormat}`];
  if (m.message.length) parts.push(`message=${m.message.join('+')}`);
  for (const [flag, key] of Object.entries(MAP_KEYS)) {
    if (['time', 'format', 'message'].includes(flag)) continue;
    const v = m[key];
    if (typeof v === 'string' && v) parts.push(`${flag}=${v}`);
  }
  return parts.join(',');
}

/** --map SPEC (optionally saved with --save-mapping NAME) or --mapping NAME (a saved one). */
async function mappingFromFlags(ctx: CommandContext, call: Call): Promise<ColumnMapping | undefined> {
  const spec = str(ctx.flags.map);
  const name = str(ctx.flags.mapping);
  if (spec && name) throw new CasebookError('invalid-input', 'import: use --map or --mapping, not both');
  if (name) {
    const saved = (await call('mappings.list', {}))[name];
    if (!saved) throw new CasebookError('invalid-input', `import: no saved mapping "${name}" (see casebook mapping list)`);
    return saved;
  }
  if (!spec) return undefined;
  const mapping = parseMappingSpec(spec);
  const saveAs = str(ctx.flags['save-mapping']);
  if (saveAs) await call('mappings.save', { name: saveAs, mapping });
  return mapping;
}

function previewText(p: ImportPreview): string {
  const lines = [
    `${p.file}: ${p.format} (${p.candidates.map((c) => `${c.format} ${c.confidence.toFixed(2)}`).join(', ')}), ~${p.estimatedRecords} records`,
  ];
  if (p.columns.length) lines.push(`columns: ${p.columns.join(', ')}`);
  if (p.mapping) lines.push(`mapping: ${mappingSpec(p.mapping)}`);
  for (const r of p.rows.slice(0, 10)) lines.push(`  ${r.time}  ${r.host || '-'}  ${r.user || '-'}  ${r.message.slice(0, 100)}`);
  for (const problem of p.problems) lines.push(`problem: ${problem}`);
  return lines.join('\n');
}

/** The per-file JSON the CLI prints for an import. */
function importJson(r: ImportReport) {
  return {
    file: r.file,
    format: r.format,
    sha256: r.sha256,
    size: r.size,
    caseIds: r.caseIds,
    counts: { events: r.counts.events, alerts: r.counts.alerts, entities: r.counts.entities, indicators: r.counts.indicators, actions: r.counts.actions },
    incidents: r.counts.incidents,
    skipped: r.skipped,
    skippedTotal: r.skippedTotal,
    warnings: r.warnings,
    timezone: r.timezone,
    zonelessTimes: r.zonelessTimes,
    invalidUtf8: r.invalidUtf8,
    clockOffsets: r.clockOffsets,
    durationMs: r.durationMs,
  };
}

export const USAGE = `Usage: casebook [--vault DIR] [--json] <command>

Commands:
  vault init                      create an encrypted vault (passphrase asked twice)
  vault status                    say whether the folder holds a vault
  case create --title T [--description D] [--severity S] [--status S] [--owner O] [--tag T]... [--tlp L]
  case list                       every case, newest change first
  case show ID                    one case and what it holds (ID or a unique prefix of at least 4 characters)
  case set ID [--title T] [--description D] [--severity S] [--status S] [--classification C]
              [--determination D] [--owner O] [--tag T]... [--untag T]... [--tlp L]
  import [--case ID] FILE... [--format F] [--timezone ZONE] [--skip-invalid] [--max-expansion N] [--preview]
         [--map time=COL,format=iso|epoch|PATTERN,message=COL+COL,host=COL,user=COL,source=COL,tags=COL,desc=COL]
         [--save-mapping NAME] [--mapping NAME]
                                  import files, each all or nothing; without --case an incident
                                  export creates its own cases (one per incident), any other file one case;
                                  --preview shows the detected format, columns and first rows, importing nothing;
                                  generic CSV/JSONL need a column mapping (--map, or a saved --mapping)
                                  --max-expansion N: bytes the import may write per byte of the file
                                  (default 1000); a file past it is refused as a decompression bomb
  mapping list | mapping delete NAME   saved column mappings
${INDICATOR_USAGE}
  entity list ID [--type T] [--search S] [--verdict V|none] [--limit N]
                                  the case's entities (all of them, however many), most events first
  entity show ID ENTITY           one entity (its id, or its value): what each source said, alerts, seen with
  entity set ID ENTITY [--verdict malicious|suspicious|benign|unknown|none] [--tag T]... [--untag T]...
                                  the analyst's verdict and tags (audited)
  alert list ID                   the case's alerts: severity, status, activity, techniques, entities
  alert show ID ALERT             one alert (id or unique prefix) with its description and entities
  audit list ID                   every journal entry of a case: who, when, old → new
  audit verify ID                 check the case's chain, and against the vault manifest; exit code 3 when it fails
  vault verify                    check every case, and each against the vault manifest; exit code 3 when any fails
  vault accept [ID]               accept a refused (rolled back, deleted) case's present state on the record; no ID: rebuild a lost manifest
  vault rotate-keys               new vault key and case keys, every journal and run re-encrypted

Options:
  --vault DIR   vault folder (default: $CASEBOOK_VAULT, else the app's data folder)
  --json        print one JSON document on standard output
  --help        this text

The passphrase comes from $CASEBOOK_PASSPHRASE, a hidden prompt, or the first line of standard input.
Exit codes: 0 done, 1 error, 2 bad usage, 3 verification failed.`;
