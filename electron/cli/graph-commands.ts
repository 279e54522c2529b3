import type { GraphNode, IncidentGraph } from '../../shared/domain/graph';
import { label } from '../../shared/domain/case';
import { list, resolveCase, withUnlocked, type CommandTable } from './cli-context';

/** The incident graph: graph show. */

export const GRAPH_USAGE = `  graph show ID [--expand GROUP]...
                                  the incident graph: alerts, their entities (with roles), entities seen with the
                                  case's devices and users; large fans of one kind as groups (--expand one by its id)`;

function nodeText(n: GraphNode): string {
  if (n.kind === 'alert') return `alert   ${label(n.severity)}  ${n.status}  ${n.label}  (${n.id})`;
  if (n.kind === 'group') return `group   ${n.count} ${n.entityType} of ${n.parent}${n.flagged ? `, ${n.flagged} flagged` : ''}  (${n.id})`;
  return `${n.entityType.padEnd(7)} ${n.label}${n.verdict ? `  [${n.verdict}]` : ''}${n.roles.length ? `  roles ${n.roles.join(', ')}` : ''}  (${n.id})`;
}

function graphText(g: IncidentGraph): string {
  const names = new Map(g.nodes.map((n) => [n.id, n.kind === 'group' ? `${n.count} ${n.entityType}` : n.label]));
  const lines = [`${g.nodes.length} node(s), ${g.edges.length} link(s)${g.omitted ? `; ${g.omitted} entities left out (the least linked)` : ''}`, '', 'Nodes:'];
  for (const n of g.nodes) lines.push(`  ${nodeText(n)}`);
  lines.push('', 'Links:');
  for (const e of g.edges) {
    const how =
      e.kind === 'evidence'
        ? `evidence${e.roles.length ? ` (${e.roles.join(', ')})` : ''}`
        : e.kind === 'seen-with'
          ? `seen with in ${e.weight} event(s)`
          : 'group';
    lines.push(`  ${names.get(e.from)} → ${names.get(e.to)}: ${how}`);
  }
  return lines.join('\n');
}

export const graphCommands: CommandTable = {
  'graph show': (ctx) =>
    withUnlocked(ctx, async (call) => {
      const c = resolveCase((await call('cases.list', {})).cases, ctx.args[0]);
      const graph = await call('graph.get', { caseId: c.id, expand: list(ctx.flags.expand) });
      return { json: graph, text: graphText(graph) };
    }),
};
