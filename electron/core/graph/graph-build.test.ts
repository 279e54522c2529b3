import { describe, expect, it } from 'vitest';
import type { EntityRow } from '../../../shared/domain/entities';
import { groupId, type GraphGroupNode } from '../../../shared/domain/graph';
import type { AlertRecord, EntityType } from '../../../shared/domain/records';
import { buildGraph, type GraphSources } from './graph-build';

function row(id: string, type: EntityType, extra: Partial<EntityRow> = {}): EntityRow {
  return {
    id,
    type,
    display: id,
    key: id,
    events: 1,
    alerts: 0,
    firstSeen: null,
    lastSeen: null,
    verdict: null,
    remediationStatus: null,
    tags: [],
    roles: [],
    sources: ['test'],
    matchesIndicator: false,
    ...extra,
  };
}

function alert(id: string, entityIds: string[]): AlertRecord {
  return {
    id,
    caseId: 'c',
    externalId: id,
    title: `Alert ${id}`,
    severity: 'high',
    status: 'new',
    category: null,
    source: 'test',
    detectionSource: null,
    createdAt: null,
    firstActivity: null,
    lastActivity: null,
    description: '',
    mitreTechniques: [],
    entityIds,
    attributes: {},
  };
}

const defaults = { expand: [], groupAbove: 6, maxNodes: 400 };
const ips = (n: number, prefix = 'ip') => Array.from({ length: n }, (_, i) => row(`${prefix}${i}`, 'ip', i === 0 ? { verdict: 'Malicious' } : {}));

function sources(alerts: AlertRecord[], rows: EntityRow[], extra: Partial<GraphSources> = {}): GraphSources {
  return { alerts, rows: new Map(rows.map((r) => [r.id, r])), hubs: [], seenWith: [], ...extra };
}

describe('buildGraph', () => {
  it('links each alert to the entities it names, with the roles their evidence gave', () => {
    const rows = [row('dev', 'device', { roles: ['compromised'] }), row('file', 'file', { verdict: 'Suspicious' })];
    const g = buildGraph(sources([alert('a1', ['dev', 'file', 'dev'])], rows), defaults);
    expect(g.nodes.map((n) => `${n.kind}:${n.id}`).sort()).toEqual(['alert:a1', 'entity:dev', 'entity:file']);
    expect(g.edges).toEqual([
      expect.objectContaining({ from: 'a1', to: 'dev', kind: 'evidence', roles: ['compromised'] }),
      expect.objectContaining({ from: 'a1', to: 'file', kind: 'evidence', roles: [] }),
    ]);
    expect(g.nodes.find((n) => n.id === 'file')).toMatchObject({ verdict: 'Suspicious', entityType: 'file' });
  });

  it('leaves out an entity the store does not know rather than drawing a dangling link', () => {
    const g = buildGraph(sources([alert('a1', ['dev', 'gone'])], [row('dev', 'device')]), defaults);
    expect(g.nodes.map((n) => n.id)).not.toContain('gone');
    expect(g.edges).toHaveLength(1);
  });

  it('folds more than groupAbove entities of one kind on one alert into a group node, counting the flagged ones', () => {
    const rows = [row('dev', 'device'), ...ips(37)];
    const g = buildGraph(
      sources(
        [
          alert(
            'a1',
            rows.map((r) => r.id),
          ),
        ],
        rows,
      ),
      defaults,
    );
    const group = g.nodes.find((n) => n.kind === 'group') as GraphGroupNode;
    expect(group).toMatchObject({ id: groupId('a1', 'ip'), count: 37, flagged: 1, parent: 'a1', entityType: 'ip' });
    expect(g.nodes.filter((n) => n.kind === 'entity').map((n) => n.id)).toEqual(['dev']);
    expect(g.edges.map((e) => `${e.from}>${e.to}:${e.kind}`).sort()).toEqual(['a1>dev:evidence', `a1>${group.id}:group`]);
  });

  it('keeps exactly groupAbove entities of one kind as themselves', () => {
    const rows = ips(6);
    const g = buildGraph(
      sources(
        [
          alert(
            'a1',
            rows.map((r) => r.id),
          ),
        ],
        rows,
      ),
      defaults,
    );
    expect(g.nodes.filter((n) => n.kind === 'group')).toHaveLength(0);
    expect(g.nodes.filter((n) => n.kind === 'entity')).toHaveLength(6);
  });

  it('shows an expanded group as its members', () => {
    const rows = ips(37);
    const g = buildGraph(
      sources(
        [
          alert(
            'a1',
            rows.map((r) => r.id),
          ),
        ],
        rows,
      ),
      { ...defaults, expand: [groupId('a1', 'ip')] },
    );
    expect(g.nodes.filter((n) => n.kind === 'group')).toHaveLength(0);
    expect(g.nodes.filter((n) => n.kind === 'entity')).toHaveLength(37);
  });

  it('still draws a grouped entity that a second alert names on its own', () => {
    const rows = ips(10);
    const g = buildGraph(
      sources(
        [
          alert(
            'a1',
            rows.map((r) => r.id),
          ),
          alert('a2', ['ip3']),
        ],
        rows,
      ),
      defaults,
    );
    expect(g.nodes.map((n) => n.id)).toContain('ip3');
    expect(g.edges.filter((e) => e.to === 'ip3').map((e) => e.from)).toEqual(['a2']);
    expect(g.nodes.find((n) => n.kind === 'group')).toMatchObject({ count: 10 });
  });

  it('links a hub to the entities seen in its events, once per pair, and groups its fans without folding other hubs', () => {
    const rows = [row('host', 'device'), row('alice', 'user'), ...ips(8, 'seen')];
    const seenWith = [
      { hub: 'host', other: 'alice', weight: 40 },
      { hub: 'alice', other: 'host', weight: 12 },
      ...rows.filter((r) => r.type === 'ip').map((r, i) => ({ hub: 'host', other: r.id, weight: i + 1 })),
    ];
    const g = buildGraph(sources([], rows, { hubs: ['host', 'alice'], seenWith }), defaults);
    const hubLinks = g.edges.filter((e) => e.kind === 'seen-with');
    expect(hubLinks).toEqual([expect.objectContaining({ from: 'host', to: 'alice', weight: 40 })]);
    expect(g.nodes.find((n) => n.kind === 'group')).toMatchObject({ id: groupId('host', 'ip'), count: 8 });
    expect(g.hubs).toEqual(['host', 'alice']);
  });

  it('past maxNodes leaves out the least linked entities first and says how many', () => {
    const rows = [row('named', 'file', { alerts: 1 }), ...Array.from({ length: 20 }, (_, i) => row(`d${i}`, 'domain'))];
    const seenWith = rows.slice(1).map((r) => ({ hub: 'host', other: r.id, weight: 1 }));
    const g = buildGraph(sources([alert('a1', ['named'])], [row('host', 'device'), ...rows], { hubs: ['host'], seenWith }), {
      ...defaults,
      groupAbove: 100,
      maxNodes: 10,
    });
    expect(g.nodes).toHaveLength(10);
    expect(g.omitted).toBe(13);
    expect(g.nodes.map((n) => n.id)).toEqual(expect.arrayContaining(['a1', 'named', 'host']));
    for (const e of g.edges) expect(g.nodes.some((n) => n.id === e.from) && g.nodes.some((n) => n.id === e.to)).toBe(true);
  });
});
