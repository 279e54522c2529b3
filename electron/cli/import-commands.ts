import path from 'node:path';
import { CasebookError } from '../../shared/ipc/errors';
import type { EmitEvent } from '../core/engine';
import { IMPORT_FORMATS, type ColumnMapping, type ImportFormat, type ImportPreview, type ImportReport } from '../../shared/domain/import';
import { importTable, progressLine } from './format';
import { resolveCase, str, withUnlocked, type Call, type CommandContext, type CommandTable } from './cli-context';
import { mappingFromFlags, mappingSpec } from './mapping-commands';
import { describeMerge, type DuplicateChoice } from '../../shared/domain/duplicates';

type Failed = { file: string; error: string };

/** What the import flags ask for, checked: a bad flag is refused before the passphrase is asked. */
function importOptions(ctx: CommandContext) {
  if (ctx.args.length === 0) throw new CasebookError('invalid-input', 'import: name at least one file');
  const format = str(ctx.flags.format);
  if (format !== undefined && !(IMPORT_FORMATS as readonly string[]).includes(format)) {
    throw new CasebookError('invalid-input', `import: --format "${format}" is not one of ${IMPORT_FORMATS.join(', ')}`);
  }
  const expansionFlag = str(ctx.flags['max-expansion']);
  const maxExpansion = expansionFlag === undefined ? undefined : Number(expansionFlag);
  if (maxExpansion !== undefined && !(maxExpansion >= 1 && maxExpansion <= 1e9)) {
    throw new CasebookError(
      'invalid-input',
      `import: --max-expansion "${expansionFlag}" is not a number from 1 to 1000000000 (bytes written per byte of the file)`,
    );
  }
  if (ctx.flags.again === true && ctx.flags.merge === true) throw new CasebookError('invalid-input', 'import: give --again or --merge, not both');
  const duplicate: DuplicateChoice = ctx.flags.again === true ? 'again' : ctx.flags.merge === true ? 'merge' : 'refuse';
  return { files: ctx.args, format: format as ImportFormat | undefined, maxExpansion, timezone: str(ctx.flags.timezone) ?? 'UTC', duplicate };
}

/** casebook import: preview or import files, each all or nothing, with progress on a terminal and Ctrl-C to cancel. */
export const importCommands: CommandTable = {
  import: (ctx) => {
    const options = importOptions(ctx);
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
          for (const file of options.files)
            previews.push(await call('import.preview', { file: path.resolve(file), format: options.format, timezone: options.timezone, mapping }));
          return { json: previews, text: previews.map(previewText).join('\n\n') };
        }
        const caseRef = str(ctx.flags.case);
        const caseId = caseRef ? resolveCase((await call('cases.list', {})).cases, caseRef).id : undefined;
        const results = await importFiles(call, { ...options, caseId, mapping, skipInvalid: ctx.flags['skip-invalid'] === true }, showProgress);
        const failed = results.filter((r): r is Failed => 'error' in r);
        for (const f of failed) process.stderr.write(`casebook: ${f.error.split('\n').join(' | ')}\n`);
        const imported = results.filter((r): r is ImportReport => !('error' in r));
        const merges = imported.flatMap((r) => (r.merge ? [`${r.file}: ${describeMerge(r.merge)}`] : []));
        return {
          json: results.map((r) => ('error' in r ? r : importJson(r))),
          text: [importTable(imported), ...merges].join('\n'),
          exitCode: failed.length ? 1 : 0,
        };
      },
      emit,
    );
  },
};

/** Imports the files one after the other, each all or nothing; Ctrl-C cancels the running one and skips the rest. */
async function importFiles(
  call: Call,
  options: ReturnType<typeof importOptions> & { caseId: string | undefined; mapping: ColumnMapping | undefined; skipInvalid: boolean },
  showProgress: boolean,
): Promise<(ImportReport | Failed)[]> {
  const { files, ...request } = options;
  const results: (ImportReport | Failed)[] = [];
  let taskId = '';
  let cancelled = false;
  const onSigint = () => {
    cancelled = true;
    if (taskId) void call('import.cancel', { taskId });
  };
  process.on('SIGINT', onSigint);
  try {
    for (const file of files) {
      if (cancelled) break;
      taskId = `cli-${process.pid}-${results.length}`;
      try {
        results.push((await call('import.start', { ...request, taskId, file: path.resolve(file) })).report);
      } catch (err) {
        results.push({ file, error: (err as Error).message });
      } finally {
        if (showProgress) process.stderr.write('\r\x1b[K');
      }
    }
  } finally {
    process.off('SIGINT', onSigint);
  }
  return results;
}

function previewText(p: ImportPreview): string {
  const lines = [`${p.file}: ${p.format} (${p.candidates.map((c) => `${c.format} ${c.confidence.toFixed(2)}`).join(', ')}), ~${p.estimatedRecords} records`];
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
    ...(r.merge ? { merge: r.merge } : {}),
  };
}
