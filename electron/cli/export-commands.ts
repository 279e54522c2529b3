import path from 'node:path';
import { CasebookError } from '../../shared/ipc/errors';
import type { EmitEvent } from '../core/engine';
import { EXPORT_TABLES, INTEL_EXPORT_FORMATS, TIMELINE_EXPORT_FORMATS, type ExportResult } from '../../shared/domain/exports';
import { resolveCase, str, withUnlocked, type Call, type CommandContext, type CommandTable } from './cli-context';

/** The report and export commands: report, export-timeline, export-intel, export-table. Every file is written atomically by the engine. */

export const EXPORT_USAGE = `  report ID --html FILE | --pdf FILE
                                  the incident report: self-contained HTML, or PDF (printed by Chromium:
                                  $CHROMIUM_PATH, else /usr/bin/chromium); tied to the case's journal head
  export-timeline ID --format timesketch-jsonl|csv --out FILE
                                  every event, streamed (Timesketch's import format, or CSV); Ctrl-C cancels
  export-intel ID --format stix|misp --out FILE
                                  indicators and observed entities as a STIX 2.1 bundle or a MISP event
  export-table ID --table ${EXPORT_TABLES.join('|')} --out FILE
                                  one table as CSV (formula-looking cells neutralised)`;

const caseOf = async (call: Call, ref: string | undefined) => resolveCase((await call('cases.list', {})).cases, ref);

function choice<T extends string>(command: string, flag: string, value: unknown, allowed: readonly T[]): T {
  const text = str(value);
  if (text === undefined) throw new CasebookError('invalid-input', `${command}: --${flag} is required (${allowed.join(', ')})`);
  if (!(allowed as readonly string[]).includes(text))
    throw new CasebookError('invalid-input', `${command}: --${flag} "${text}" is not one of ${allowed.join(', ')}`);
  return text as T;
}

function outOf(command: string, ctx: CommandContext, flag = 'out'): string {
  const out = str(ctx.flags[flag]);
  if (!out) throw new CasebookError('invalid-input', `${command}: --${flag} FILE is required`);
  return path.resolve(out);
}

function resultText(what: string, out: string, r: ExportResult, unit: string): string {
  const lines = [
    `${what}: ${out} (${r.items} ${unit}, ${r.bytes.toLocaleString('en-US')} bytes); case journal head: record ${r.head.seq}, hash ${r.head.hash}`,
  ];
  for (const note of r.notes) lines.push(`note: ${note}`);
  return lines.join('\n');
}

function reportTarget(ctx: CommandContext): { format: 'html' | 'pdf'; out: string } {
  const html = str(ctx.flags.html);
  const pdf = str(ctx.flags.pdf);
  if ((html === undefined) === (pdf === undefined)) throw new CasebookError('invalid-input', 'report: give one of --html FILE or --pdf FILE');
  return html !== undefined ? { format: 'html', out: path.resolve(html) } : { format: 'pdf', out: path.resolve(pdf!) };
}

/** A timeline export with its progress on a terminal (records, not bytes) and Ctrl-C to cancel it. */
function exportTimeline(ctx: CommandContext) {
  const format = choice('export-timeline', 'format', ctx.flags.format, TIMELINE_EXPORT_FORMATS);
  const out = outOf('export-timeline', ctx);
  const showProgress = process.stderr.isTTY === true;
  const emit: EmitEvent = (event, payload) => {
    if (event !== 'task.progress' || !showProgress) return;
    const p = payload as { label: string; done: number; total: number | null };
    process.stderr.write(`\r\x1b[K${p.label}: ${p.total ? Math.floor((p.done / p.total) * 100) : 0}% (${p.done} of ${p.total ?? '?'} events)`);
  };
  return withUnlocked(
    ctx,
    async (call) => {
      const c = await caseOf(call, ctx.args[0]);
      const taskId = `cli-export-${process.pid}`;
      const onSigint = () => void call('exports.cancel', { taskId });
      process.on('SIGINT', onSigint);
      try {
        const r = await call('exports.timeline', { taskId, caseId: c.id, format, out });
        return { json: r, text: resultText('timeline', out, r, 'events') };
      } finally {
        process.off('SIGINT', onSigint);
        if (showProgress) process.stderr.write('\r\x1b[K');
      }
    },
    emit,
  );
}

export const exportCommands: CommandTable = {
  report: (ctx) => {
    const { format, out } = reportTarget(ctx);
    return withUnlocked(ctx, async (call) => {
      const c = await caseOf(call, ctx.args[0]);
      const r = await call('exports.report', { caseId: c.id, format, out });
      return { json: r, text: resultText(`${format.toUpperCase()} report`, out, r, 'document') };
    });
  },

  'export-timeline': (ctx) => exportTimeline(ctx),

  'export-intel': (ctx) => {
    const format = choice('export-intel', 'format', ctx.flags.format, INTEL_EXPORT_FORMATS);
    const out = outOf('export-intel', ctx);
    return withUnlocked(ctx, async (call) => {
      const c = await caseOf(call, ctx.args[0]);
      const r = await call('exports.intel', { caseId: c.id, format, out });
      return { json: r, text: resultText(format === 'stix' ? 'STIX 2.1 bundle' : 'MISP event', out, r, format === 'stix' ? 'objects' : 'attributes') };
    });
  },

  'export-table': (ctx) => {
    const table = choice('export-table', 'table', ctx.flags.table, EXPORT_TABLES);
    const out = outOf('export-table', ctx);
    return withUnlocked(ctx, async (call) => {
      const c = await caseOf(call, ctx.args[0]);
      const r = await call('exports.table', { caseId: c.id, table, out });
      return { json: r, text: resultText(`${table} table`, out, r, 'rows') };
    });
  },
};
