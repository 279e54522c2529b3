import { describe, expect, it } from 'vitest';
import type { GraphEdge, GraphNode } from '../../../shared/domain/graph';
import { layoutGraph, treeEdges } from './layout';
import { shortLabel } from './text';
import { fitView, zoomAround } from './useViewport';

const alert = (id: string): GraphNode => ({
  kind: 'alert',
  id,
  label: `Suspicious activity number ${id} on a long host name`,
  severity: 'high',
  status: 'new',
  firstActivity: null,
});
const entity = (id: string, label: string): GraphNode => ({
  kind: 'entity',
  id,
  label,
  entityType: 'file',
  verdict: null,
  roles: ['contextual'],
  events: 0,
  alerts: 1,
});
const edge = (from: string, to: string): GraphEdge => ({ id: `${from}>${to}`, from, to, kind: 'evidence', roles: [], weight: 1 });

describe('layoutGraph', () => {
  it('places every node in its own box: no two boxes (labels included) overlap', () => {
    const nodes = [alert('a1'), alert('a2'), ...Array.from({ length: 12 }, (_, i) => entity(`e${i}`, `C:\\Windows\\System32\\very-long-file-name-${i}.dll`))];
    const edges = nodes.slice(2).flatMap((n, i) => [edge(i % 2 ? 'a1' : 'a2', n.id), ...(i === 3 ? [edge('a1', n.id)] : [])]);
    const { nodes: placed, edges: laid, width, height } = layoutGraph({ nodes, edges });
    expect(placed).toHaveLength(nodes.length);
    expect(laid).toHaveLength(edges.length);
    for (let i = 0; i < placed.length; i++) {
      for (let j = i + 1; j < placed.length; j++) {
        const [a, b] = [placed[i]!, placed[j]!];
        const apart = Math.abs(a.x - b.x) * 2 >= a.width + b.width || Math.abs(a.y - b.y) * 2 >= a.height + b.height;
        expect(apart, `${a.node.id} and ${b.node.id} overlap`).toBe(true);
      }
      expect(placed[i]!.x + placed[i]!.width / 2).toBeLessThanOrEqual(width);
      expect(placed[i]!.y + placed[i]!.height / 2).toBeLessThanOrEqual(height);
    }
    // Alerts come first (left), what they name after them.
    const x = (id: string) => placed.find((p) => p.node.id === id)!.x;
    expect(x('a1')).toBeLessThan(x('e0'));
  });

  it('gives a group its count and kind as its title', () => {
    const group: GraphNode = { kind: 'group', id: 'group:a1:ip', label: '37 ip', entityType: 'ip', parent: 'a1', count: 37, flagged: 2 };
    const [placed] = layoutGraph({ nodes: [group], edges: [] }).nodes;
    expect(placed).toMatchObject({ title: '37 IP addresses', subtitle: '2 flagged · expand' });
  });
});

describe('shortLabel', () => {
  it('keeps a short label whole, a path its file name, anything else its start and end', () => {
    expect(shortLabel('tempDns', 30)).toBe('tempDns');
    expect(shortLabel('C:\\ProgramData\\Microsoft\\Windows Defender\\Platform\\MsSense.exe', 30)).toBe('…\\MsSense.exe');
    const cut = shortLabel('x'.repeat(20) + 'y'.repeat(20), 30);
    expect(cut).toHaveLength(30);
    expect(cut).toMatch(/^x+y+…$/);
    expect(shortLabel('f68af942fd7ccc0e7b' + '0'.repeat(30) + '1234', 30)).toMatch(/^f68af942fd7ccc0e7b…0+1234$/);
  });
});

describe('the viewport', () => {
  it('fits a small graph whole and centred, and opens a large one readable at its top-left', () => {
    expect(fitView({ width: 400, height: 200 }, { width: 800, height: 600 })).toEqual({ x: 200, y: 200, k: 1 });
    expect(fitView({ width: 4000, height: 3000 }, { width: 800, height: 600 })).toEqual({ x: 0, y: 0, k: 0.85 });
  });

  it('zooms around the pointer: the point under it stays put', () => {
    const v = zoomAround({ x: 10, y: 20, k: 1 }, 2, 110, 220);
    expect((110 - v.x) / v.k).toBeCloseTo(100);
    expect((220 - v.y) / v.k).toBeCloseTo(200);
  });
});

describe('treeEdges', () => {
  const seen = (from: string, to: string, weight: number): GraphEdge => ({ id: `s:${from}>${to}`, from, to, kind: 'seen-with', roles: [], weight });
  it('hangs each node from its first alert, else the host it is seen with most; a host from no other host', () => {
    const tree = treeEdges([
      edge('a1', 'dev'),
      edge('a1', 'f'),
      edge('a2', 'f'),
      seen('dev', 'ip', 2),
      seen('alice', 'ip', 9),
      seen('alice', 'dev', 30),
      seen('dev', 'bob', 5),
      seen('bob', 'x', 1),
    ]);
    expect([...tree].sort()).toEqual(['a1>dev', 'a1>f', 's:alice>ip', 's:bob>x'].sort());
  });
});
