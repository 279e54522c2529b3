import dagre, { type GraphLabel } from '@dagrejs/dagre';
import type { GraphEdge, GraphNode, IncidentGraph } from '../../../shared/domain/graph';
import { KIND_LABEL, TYPE_LABELS } from '../../shared/entityKinds';
import { SEVERITY_LABEL, shortLabel } from './text';

/** A node where the layout put it (x, y: its centre), with the text it shows. */
export interface PlacedNode {
  node: GraphNode;
  x: number;
  y: number;
  width: number;
  height: number;
  /** The first line (cut to fit; the node's title has it whole) and the muted second line. */
  title: string;
  subtitle: string;
}

export interface PlacedEdge {
  edge: GraphEdge;
  /** Drawn over the layout (not one of the links that shaped it: treeEdges). */
  overlay: boolean;
  points: { x: number; y: number }[];
}

export interface GraphLayout {
  nodes: PlacedNode[];
  edges: PlacedEdge[];
  width: number;
  height: number;
}

/** Average advance of a character of the node labels (11–12 px system font), over-estimated so labels never touch. */
const CHAR_W = 6.9;
const ICON = 36;
const PAD = 12;
export const ALERT_W = 290;
const MAX_TITLE = 30;

function subtitleOf(node: GraphNode): string {
  if (node.kind === 'alert') return `${SEVERITY_LABEL[node.severity]} · ${node.status}`;
  if (node.kind === 'group') return node.flagged ? `${node.flagged} flagged · expand` : 'click to expand';
  return [KIND_LABEL[node.entityType], node.roles[0]].filter(Boolean).join(' · ');
}

function titleOf(node: GraphNode): string {
  if (node.kind === 'group') return `${node.count} ${TYPE_LABELS[node.entityType]}`;
  return shortLabel(node.label, node.kind === 'alert' ? 38 : MAX_TITLE);
}

/** The box each node needs: an alert is a card, an entity or a group an icon with two lines beside it. */
function sized(node: GraphNode): Omit<PlacedNode, 'x' | 'y'> {
  const title = titleOf(node);
  const subtitle = subtitleOf(node);
  if (node.kind === 'alert') return { node, title, subtitle, width: ALERT_W, height: 46 };
  const text = Math.max(title.length * CHAR_W, subtitle.length * (CHAR_W - 0.8));
  return { node, title, subtitle, width: Math.ceil(ICON + 6 + text + PAD), height: 38 };
}

/**
 * The links that shape the layout: each node hangs from one parent, the first
 * alert that names it, else the host or user it is seen with most (a group
 * from its own). A device or user no alert names is a root, like an alert. The
 * other links (a second alert, one host seen with another) are drawn over the
 * layout without bending it, so the graph stays a row of fans, not a hairball.
 */
export function treeEdges(edges: readonly GraphEdge[]): Set<string> {
  const parent = new Map<string, GraphEdge>();
  const rank = (e: GraphEdge) => (e.kind === 'evidence' ? 3 : e.kind === 'group' ? 2 : 1);
  for (const e of edges) {
    const known = parent.get(e.to);
    if (!known || rank(e) > rank(known) || (rank(e) === rank(known) && e.weight > known.weight)) parent.set(e.to, e);
  }
  const hubs = new Set(edges.filter((e) => e.kind === 'seen-with' || e.kind === 'group').map((e) => e.from));
  const tree = new Set<string>();
  for (const [child, e] of parent) {
    // One host under another would push its whole fan a column further: only an alert may hold a host.
    if (hubs.has(child) && e.kind !== 'evidence') continue;
    tree.add(e.id);
  }
  return tree;
}

/** A link that does not shape the layout: from the side of its source to the icon of its target, leaving and arriving level. */
function overlayPoints(from: PlacedNode, to: PlacedNode): { x: number; y: number }[] {
  const rightward = to.x >= from.x;
  const start = { x: from.x + (rightward ? from.width / 2 : -from.width / 2), y: from.y };
  const end = { x: to.x - to.width / 2, y: to.y };
  const bend = Math.max(40, Math.abs(end.x - start.x) / 2);
  return [start, { x: start.x + (rightward ? bend : -bend), y: start.y }, { x: end.x - bend, y: end.y }, end];
}

type Point = { x: number; y: number };
type LaidNode = Omit<PlacedNode, 'x' | 'y'> & { x?: number; y?: number };
type LaidEdge = { weight: number; points?: Point[] };

/** The trees the layout's links make (each a root and what hangs from it), in the order of their roots. */
function trees(nodes: readonly GraphNode[], edges: readonly GraphEdge[], tree: ReadonlySet<string>): { ids: string[]; edges: GraphEdge[] }[] {
  const parentOf = new Map<string, string>();
  for (const e of edges) if (tree.has(e.id)) parentOf.set(e.to, e.from);
  const rootOf = (id: string): string => {
    const seen = new Set<string>();
    while (parentOf.has(id) && !seen.has(id)) {
      seen.add(id);
      id = parentOf.get(id)!;
    }
    return id;
  };
  const byRoot = new Map<string, { ids: string[]; edges: GraphEdge[] }>();
  for (const n of nodes) {
    const root = rootOf(n.id);
    if (!byRoot.has(root)) byRoot.set(root, { ids: [], edges: [] });
    byRoot.get(root)!.ids.push(n.id);
  }
  for (const e of edges) if (tree.has(e.id)) byRoot.get(rootOf(e.to))?.edges.push(e);
  return [...byRoot.values()];
}

/** One tree laid out by dagre, left to right, its top-left corner at (0, top). */
function layoutTree(part: { ids: string[]; edges: GraphEdge[] }, boxes: ReadonlyMap<string, LaidNode>, top: number) {
  const g = new dagre.graphlib.Graph<GraphLabel, LaidNode, LaidEdge>();
  g.setGraph({ rankdir: 'LR', nodesep: 14, ranksep: 90, edgesep: 8, marginx: 24, marginy: 12 });
  g.setDefaultEdgeLabel(() => ({ weight: 1 }));
  for (const id of part.ids) g.setNode(id, { ...boxes.get(id)! });
  for (const e of part.edges) g.setEdge(e.from, e.to, { weight: e.kind === 'evidence' ? 2 : 1 });
  dagre.layout(g);
  const nodes = part.ids.map((id) => {
    const n = g.node(id);
    return { ...n, x: n.x ?? 0, y: (n.y ?? 0) + top } as PlacedNode;
  });
  const points = new Map(part.edges.map((e) => [e.id, (g.edge(e.from, e.to)?.points ?? []).map((p) => ({ x: p.x, y: p.y + top }))]));
  const { width = 0, height = 0 } = g.graph();
  return { nodes, points, width, height };
}

/**
 * Lays the graph out left to right with dagre (alerts and the hosts no alert
 * names first, then what they name or are seen with): ranks are columns, so
 * each node's two-line label has its own row and no label crosses another.
 * Each tree (treeEdges) is laid out on its own and the trees are stacked: the
 * cost grows with the trees' sizes, not with the square of the whole graph's
 * (dagre orders a rank of hundreds of nodes slowly, on the page's thread).
 */
export function layoutGraph(graph: Pick<IncidentGraph, 'nodes' | 'edges'>): GraphLayout {
  const boxes = new Map(graph.nodes.map((n) => [n.id, sized(n) as LaidNode]));
  const tree = treeEdges(graph.edges);
  const nodes: PlacedNode[] = [];
  const points = new Map<string, Point[]>();
  let width = 0;
  let height = 12;
  for (const part of trees(graph.nodes, graph.edges, tree)) {
    const laid = layoutTree(part, boxes, height - 12);
    nodes.push(...laid.nodes);
    for (const [id, p] of laid.points) points.set(id, p);
    width = Math.max(width, laid.width);
    height += laid.height - 12;
  }
  const byId = new Map(nodes.map((n) => [n.node.id, n]));
  const edges: PlacedEdge[] = [];
  for (const edge of graph.edges) {
    const [from, to] = [byId.get(edge.from), byId.get(edge.to)];
    if (!from || !to) continue;
    const laid = tree.has(edge.id) ? points.get(edge.id) : undefined;
    edges.push({ edge, overlay: !laid?.length, points: laid?.length ? laid : overlayPoints(from, to) });
  }
  return { nodes, edges, width, height: height + 12 };
}

const f = (n: number) => n.toFixed(1);

/** A smooth path through the layout's points (Catmull-Rom as cubic Béziers); an overlay link is one Bézier through its four points. */
export function edgePath({ points, overlay }: Pick<PlacedEdge, 'points' | 'overlay'>): string {
  if (points.length < 2) return '';
  if (overlay && points.length === 4) {
    const [a, b, c, d] = points as [{ x: number; y: number }, { x: number; y: number }, { x: number; y: number }, { x: number; y: number }];
    return `M${f(a.x)},${f(a.y)} C${f(b.x)},${f(b.y)} ${f(c.x)},${f(c.y)} ${f(d.x)},${f(d.y)}`;
  }
  let d = `M${f(points[0]!.x)},${f(points[0]!.y)}`;
  for (let i = 0; i < points.length - 1; i++) {
    const p0 = points[Math.max(0, i - 1)]!;
    const p1 = points[i]!;
    const p2 = points[i + 1]!;
    const p3 = points[Math.min(points.length - 1, i + 2)]!;
    const c1 = { x: p1.x + (p2.x - p0.x) / 6, y: p1.y + (p2.y - p0.y) / 6 };
    const c2 = { x: p2.x - (p3.x - p1.x) / 6, y: p2.y - (p3.y - p1.y) / 6 };
    d += ` C${f(c1.x)},${f(c1.y)} ${f(c2.x)},${f(c2.y)} ${f(p2.x)},${f(p2.y)}`;
  }
  return d;
}
