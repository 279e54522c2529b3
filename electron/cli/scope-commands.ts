import { CasebookError } from '../../shared/ipc/errors';
import { LANE_FIELDS, type AssetLanes, type LaneField, type SavedView } from '../../shared/domain/scope';
import { isoUs } from '../../shared/time';
import { list, resolveCase, str, withUnlocked, type Call, type CommandTable } from './cli-context';
import { table } from './format';

/** Asset timelines and saved timeline views: timeline lanes, view list/delete. */

export const SCOPE_USAGE = `  timeline lanes ID [--by host|user] [--lane NAME]... [--bins N]
                                  one lane per device (or user): events per time bin and the alerts naming it;
                                  without --lane, the ones with the most alerts, then the most events
  view list ID | view delete ID NAME   the case's saved timeline views (saved from the Timeline tab)`;

const caseOf = async (call: Call, ref: string | undefined) => resolveCase((await call('cases.list', {})).cases, ref);

function binsOf(flag: unknown): number {
  const text = str(flag);
  if (text === undefined) return 24;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > 200)
    throw new CasebookError('invalid-input', `timeline lanes: --bins "${text}" is not a whole number from 1 to 200`);
  return n;
}

/** A lane as text: one character per bin, darker for more events ('·' none, then ░▒▓█), and its alerts' first activity. */
function lanesText(result: AssetLanes): string {
  if (result.lanes.length === 0) return 'no lane: the events name no ' + (result.field === 'host' ? 'device' : 'user');
  const shades = ['░', '▒', '▓', '█'];
  const rows = result.lanes.map((lane) => {
    const peak = Math.max(1, ...lane.counts);
    const strip = lane.counts.map((n) => (n === 0 ? '·' : shades[Math.min(3, Math.floor((n / peak) * 4))])).join('');
    return [lane.value, strip, String(lane.events), String(lane.alerts)];
  });
  const alerts = result.alerts.map((a) => `  ${isoUs(a.time)}  ${a.severity}  ${a.title}  on ${a.lanes.join(', ')}`);
  return [
    `${isoUs(result.from)} to ${isoUs(result.to)}, ${result.lanes[0]!.counts.length} bins`,
    table([result.field === 'host' ? 'DEVICE' : 'USER', 'EVENTS OVER TIME', 'EVENTS', 'ALERTS'], rows),
    alerts.length ? `Alerts (first activity):\n${alerts.join('\n')}` : 'No alert names these lanes.',
  ].join('\n');
}

function viewsText(views: SavedView[]): string {
  if (views.length === 0) return 'no saved views in this case';
  return table(
    ['NAME', 'FILTER', 'STACKED BY', 'SAVED'],
    views.map((v) => [v.name, JSON.stringify(v.filter), v.splitBy ?? '-', v.savedAt]),
  );
}

export const scopeCommands: CommandTable = {
  'timeline lanes': (ctx) =>
    withUnlocked(ctx, async (call) => {
      const c = await caseOf(call, ctx.args[0]);
      const by = str(ctx.flags.by) ?? 'host';
      if (!(LANE_FIELDS as readonly string[]).includes(by))
        throw new CasebookError('invalid-input', `timeline lanes: --by "${by}" is not one of ${LANE_FIELDS.join(', ')}`);
      const result = await call('timeline.lanes', { caseId: c.id, field: by as LaneField, values: list(ctx.flags.lane), bins: binsOf(ctx.flags.bins) });
      return { json: result, text: lanesText(result) };
    }),

  'view list': (ctx) =>
    withUnlocked(ctx, async (call) => {
      const c = await caseOf(call, ctx.args[0]);
      const views = await call('savedViews.list', { caseId: c.id });
      return { json: views, text: viewsText(views) };
    }),

  'view delete': (ctx) =>
    withUnlocked(ctx, async (call) => {
      const c = await caseOf(call, ctx.args[0]);
      const name = ctx.args[1];
      if (!name) throw new CasebookError('invalid-input', 'view delete: the name of the view is required');
      const views = await call('savedViews.delete', { caseId: c.id, name });
      return { json: views, text: `deleted "${name}"; ${views.length} view(s) left` };
    }),
};
