import { CasebookError } from '../../shared/ipc/errors';
import { INDICATOR_TYPES, type IndicatorType } from '../../shared/domain/records';
import { indicatorValueProblem, type IndicatorMatch, type MatchList, type MatchRunSummary } from '../../shared/domain/indicators';
import { table, utc } from './format';
import { resolveCase, str, withUnlocked, type Call, type CommandContext, type CommandTable } from './cli-context';

/** Indicators of a case and their matches: indicator list/add, match list/run. */

export const INDICATOR_USAGE = `  indicator list ID               the case's indicators (imported and typed in), with how often each matched
  indicator add ID --type T --value V [--description D] [--tlp L]
                                  type in an indicator (T: ${INDICATOR_TYPES.join(', ')}); the case is matched again
  match list ID                   where the case's indicators were found (events, entities, alerts), as last matched
  match run ID                    match every indicator of the case against its events, entities and alerts now`;

async function caseIdOf(ctx: CommandContext, call: Call): Promise<string> {
  return resolveCase((await call('cases.list', {})).cases, ctx.args[0]).id;
}

function runText(run: MatchRunSummary | null): string {
  if (!run) return 'never matched (match run ID matches now)';
  const where = `${run.indicators} indicator(s) against ${run.events} event(s), ${run.entities} entit(ies) and ${run.alerts} alert(s)`;
  const cut = run.truncated ? '; the list keeps only part of them (see --json run.perIndicator for every count)' : '';
  return `matched ${utc(run.at)} by ${run.actor} (${run.trigger}): ${where}, ${run.total} match(es) in ${run.ms} ms${cut}`;
}

/** Microseconds since the epoch → the UTC time, written with its zone. */
function eventTime(us: number | null): string {
  return us === null ? '-' : utc(new Date(Math.floor(us / 1000)).toISOString());
}

function whereOf(m: IndicatorMatch): string {
  if (m.place === 'event') return `event ${m.eventId} (${m.field})`;
  if (m.place === 'entity') return `entity ${m.entityId}`;
  return `alert ${m.alertId}`;
}

function matchesText({ run, matches }: MatchList): string {
  const rows = matches.map((m) => [m.type, m.indicator, m.value, whereOf(m), eventTime(m.time)]);
  const list = rows.length ? table(['TYPE', 'INDICATOR', 'FOUND AS', 'WHERE', 'TIME'], rows) : 'no matches';
  return `${list}\n\n${runText(run)}`;
}

export const indicatorCommands: CommandTable = {
  'indicator list': (ctx) =>
    withUnlocked(ctx, async (call) => {
      const listed = await call('indicators.list', { caseId: await caseIdOf(ctx, call) });
      const counts = listed.run?.perIndicator ?? {};
      const rows = listed.indicators.map((i) => [
        i.type,
        i.value,
        String(counts[i.id] ?? (listed.run ? 0 : '-')),
        i.source,
        i.tlp ?? '-',
        i.description.split('\n')[0]!.slice(0, 60),
      ]);
      const list = rows.length ? table(['TYPE', 'VALUE', 'MATCHES', 'SOURCE', 'TLP', 'DESCRIPTION'], rows) : 'no indicators';
      return { json: listed, text: `${list}\n\n${runText(listed.run)}` };
    }),

  'indicator add': (ctx) =>
    withUnlocked(ctx, async (call) => {
      const type = str(ctx.flags.type);
      const value = str(ctx.flags.value);
      if (!type || !(INDICATOR_TYPES as readonly string[]).includes(type)) {
        throw new CasebookError('invalid-input', `indicator add: --type "${type ?? ''}" is not one of ${INDICATOR_TYPES.join(', ')}`);
      }
      if (!value) throw new CasebookError('invalid-input', 'indicator add: --value is required');
      const problem = indicatorValueProblem(type as IndicatorType, value);
      if (problem) throw new CasebookError('invalid-input', `indicator add: --value: ${type} "${value}": ${problem}`);
      const caseId = await caseIdOf(ctx, call);
      const added = await call('indicators.add', {
        caseId,
        type: type as IndicatorType,
        value,
        description: str(ctx.flags.description) ?? '',
        tlp: str(ctx.flags.tlp) ?? null,
      });
      const indicator = added.changes.indicators![0]!;
      const found = added.run?.perIndicator[indicator.id] ?? 0;
      return {
        json: { indicator, run: added.run },
        text: `added ${indicator.type} indicator ${indicator.value} (${indicator.id}); found ${found} time(s)\n${runText(added.run)}`,
      };
    }),

  'match list': (ctx) =>
    withUnlocked(ctx, async (call) => {
      const list = await call('matches.list', { caseId: await caseIdOf(ctx, call) });
      return { json: list, text: matchesText(list) };
    }),

  'match run': (ctx) =>
    withUnlocked(ctx, async (call) => {
      const list = await call('matches.run', { caseId: await caseIdOf(ctx, call) });
      return { json: list, text: matchesText(list) };
    }),
};
