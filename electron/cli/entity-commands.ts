import { CasebookError } from '../../shared/ipc/errors';
import { ENTITY_VERDICTS, type AlertRow, type EntityDetail, type EntityRow, type EntityVerdict } from '../../shared/domain/entities';
import { ENTITY_TYPES, type EntityType } from '../../shared/domain/records';
import { label } from '../../shared/domain/case';
import { list, resolveCase, str, withUnlocked, type Call, type CommandTable } from './cli-context';
import { table, utc } from './format';

/** The entity and alert commands: entity list/show/set, alert list/show. */

const caseOf = async (call: Call, ref: string | undefined) => resolveCase((await call('cases.list', {})).cases, ref);

/** An entity by id, or by its value or key when exactly one entity has it. */
export async function resolveEntity(call: Call, caseId: string, ref: string | undefined): Promise<EntityRow> {
  if (!ref) throw new CasebookError('invalid-input', 'an entity id or value is required');
  const found = await call('entities.list', { caseId, text: ref, limit: 1000 });
  const lower = ref.toLowerCase();
  const exact = found.rows.filter((r) => r.id === ref || r.display.toLowerCase() === lower || r.key.toLowerCase() === lower);
  if (exact.length === 1) return exact[0]!;
  if (exact.length > 1) {
    throw new CasebookError('invalid-input', `"${ref}" is ${exact.length} entities (${exact.map((r) => `${r.type} ${r.id}`).join(', ')}); give the id`);
  }
  throw new CasebookError('not-found', `no entity "${ref}" in case ${caseId} (entity list --search shows what there is)`);
}

function entityTable(rows: EntityRow[]): string {
  return table(
    ['TYPE', 'VALUE', 'EVENTS', 'ALERTS', 'FIRST SEEN', 'LAST SEEN', 'VERDICT', 'TAGS', 'ID'],
    rows.map((r) => [
      r.type,
      r.display,
      String(r.events),
      String(r.alerts),
      utc(r.firstSeen),
      utc(r.lastSeen),
      r.verdict ?? '-',
      r.tags.join(', ') || '-',
      r.id,
    ]),
  );
}

function entityText(d: EntityDetail): string {
  const e = d.entity;
  const lines = [
    `${e.type} ${e.display}  (${e.id})`,
    `key ${e.key}; ${e.events} event(s), ${e.alerts} alert(s); seen ${utc(e.firstSeen)} to ${utc(e.lastSeen)}`,
    `verdict: ${e.verdict ?? '-'}${d.verdictSetBy ? ` (set by ${d.verdictSetBy.actor}, ${utc(d.verdictSetBy.at)})` : e.verdict ? ' (from a source)' : ''}`,
    `remediation: ${e.remediationStatus ?? '-'}${d.remediationSource ? ` (from ${d.remediationSource})` : ''}`,
    `tags: ${e.tags.join(', ') || '-'}${d.tagsSetBy ? ` (last changed by ${d.tagsSetBy.actor}, ${utc(d.tagsSetBy.at)})` : ''}`,
    `roles: ${e.roles.join(', ') || '-'}`,
    '',
    'By source:',
  ];
  for (const s of d.bySource) {
    const attributes = Object.entries(s.attributes).map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`);
    lines.push(
      `  ${s.source}: ${s.events} event(s)${s.roles.length ? `, roles ${s.roles.join(', ')}` : ''}${s.verdict ? `, verdict ${s.verdict}` : ''}${attributes.length ? `; ${attributes.join('; ')}` : ''}`,
    );
  }
  lines.push('', d.alerts.length ? 'Alerts:' : 'Alerts: none');
  for (const a of d.alerts) lines.push(`  ${label(a.severity)}  ${a.status}  ${a.title}  (${a.id})`);
  lines.push('', d.cooccurring.length ? `Seen with (in ${d.cooccurrenceSample} of its events, and in its alerts):` : 'Seen with: nothing');
  for (const c of d.cooccurring) lines.push(`  ${c.type} ${c.display}: ${c.together} event(s), ${c.sharedAlerts} alert(s)`);
  return lines.join('\n');
}

function alertTable(rows: AlertRow[]): string {
  return table(
    ['SEVERITY', 'STATUS', 'FIRST ACTIVITY', 'LAST ACTIVITY', 'ENTITIES', 'TECHNIQUES', 'TITLE', 'ID'],
    rows.map((a) => [
      label(a.severity),
      a.status,
      utc(a.firstActivity),
      utc(a.lastActivity),
      String(a.entityCount),
      a.mitreTechniques.join(' ') || '-',
      a.title,
      a.id,
    ]),
  );
}

function limitOf(flag: unknown): number {
  const text = str(flag);
  if (text === undefined) return 50;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > 1000)
    throw new CasebookError('invalid-input', `entity list: --limit "${text}" is not a whole number from 1 to 1000`);
  return n;
}

function typeOf(flag: unknown): EntityType[] | undefined {
  const text = str(flag);
  if (text === undefined) return undefined;
  if (!(ENTITY_TYPES as readonly string[]).includes(text))
    throw new CasebookError('invalid-input', `--type "${text}" is not an entity type (${ENTITY_TYPES.join(', ')})`);
  return [text as EntityType];
}

export const entityCommands: CommandTable = {
  'entity list': (ctx) =>
    withUnlocked(ctx, async (call) => {
      const c = await caseOf(call, ctx.args[0]);
      const result = await call('entities.list', {
        caseId: c.id,
        types: typeOf(ctx.flags.type),
        text: str(ctx.flags.search),
        verdict: str(ctx.flags.verdict),
        limit: limitOf(ctx.flags.limit),
      });
      const more =
        result.total > result.rows.length
          ? `\n${result.rows.length} of ${result.total} shown (of ${result.all} in the case); use --limit, --type, --search or --verdict`
          : `\n${result.total} of ${result.all} entities`;
      return { json: result, text: result.rows.length ? entityTable(result.rows) + more : `no entity matches (${result.all} in the case)` };
    }),

  'entity show': (ctx) =>
    withUnlocked(ctx, async (call) => {
      const c = await caseOf(call, ctx.args[0]);
      const entity = await resolveEntity(call, c.id, ctx.args[1]);
      const detail = await call('entities.get', { caseId: c.id, id: entity.id });
      return { json: detail, text: entityText(detail) };
    }),

  'entity set': (ctx) =>
    withUnlocked(ctx, async (call) => {
      const c = await caseOf(call, ctx.args[0]);
      const entity = await resolveEntity(call, c.id, ctx.args[1]);
      const verdictFlag = str(ctx.flags.verdict);
      if (verdictFlag !== undefined && verdictFlag !== 'none' && !(ENTITY_VERDICTS as readonly string[]).includes(verdictFlag)) {
        throw new CasebookError('invalid-input', `entity set: --verdict "${verdictFlag}" is not one of ${ENTITY_VERDICTS.join(', ')}, none`);
      }
      const verdict = verdictFlag === undefined ? undefined : verdictFlag === 'none' ? null : (verdictFlag as EntityVerdict);
      const changes = await call('entities.set', { caseId: c.id, ids: [entity.id], verdict, addTags: list(ctx.flags.tag), removeTags: list(ctx.flags.untag) });
      const after = await call('entities.get', { caseId: c.id, id: entity.id });
      return {
        json: { entity: after.entity, audit: changes.audit },
        text: `${entity.type} ${entity.display}: verdict ${after.entity.verdict ?? '-'}, tags ${after.entity.tags.join(', ') || '-'}`,
      };
    }),

  'alert list': (ctx) =>
    withUnlocked(ctx, async (call) => {
      const c = await caseOf(call, ctx.args[0]);
      const alerts = await call('alerts.list', { caseId: c.id });
      return { json: alerts, text: alerts.length ? alertTable(alerts) : 'no alerts in this case' };
    }),

  'alert show': (ctx) =>
    withUnlocked(ctx, async (call) => {
      const c = await caseOf(call, ctx.args[0]);
      const ref = ctx.args[1];
      if (!ref) throw new CasebookError('invalid-input', 'an alert id is required');
      const alerts = await call('alerts.list', { caseId: c.id });
      const matches = alerts.filter((a) => a.id === ref || a.id.startsWith(ref));
      if (matches.length !== 1)
        throw new CasebookError(
          matches.length ? 'invalid-input' : 'not-found',
          matches.length ? `alert id prefix "${ref}" matches ${matches.length} alerts` : `no alert "${ref}" in case ${c.id}`,
        );
      const { alert, entities } = await call('alerts.get', { caseId: c.id, id: matches[0]!.id });
      const text = [
        `${alert.title}  (${alert.id})`,
        `${label(alert.severity)}, ${alert.status}; ${alert.category ?? 'no category'}; from ${alert.source}${alert.detectionSource ? ` (${alert.detectionSource})` : ''}`,
        `activity ${utc(alert.firstActivity)} to ${utc(alert.lastActivity)}; techniques ${alert.mitreTechniques.join(' ') || '-'}`,
        '',
        alert.description || '(no description)',
        '',
        entities.length ? entityTable(entities) : 'no entities',
      ].join('\n');
      return { json: { alert, entities }, text };
    }),
};
