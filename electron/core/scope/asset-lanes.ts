import type { AlertMark, AssetLanes, LaneField } from '../../../shared/domain/scope';
import { DEFAULT_LANES } from '../../../shared/domain/scope';
import type { AlertRecord, EntityRecord } from '../../../shared/domain/records';
import type { Buckets } from '../timeline/timeline-results';

const CANDIDATES = 50;

/**
 * How an asset's name is compared across sources: a device by its first DNS
 * label (WORKSTATION5.contoso.local is workstation5), a user without its
 * domain (CONTOSO\alice and alice@contoso.com are alice), both case-folded.
 */
export function assetKey(field: LaneField, name: string): string {
  const lower = name.trim().toLowerCase();
  if (field === 'host') return lower.split('.')[0]!;
  const bare = lower.includes('\\') ? lower.slice(lower.lastIndexOf('\\') + 1) : lower;
  return bare.split('@')[0]!;
}

/** µs since the epoch of an alert's first activity (else its creation), or null. */
export function alertTime(alert: AlertRecord): number | null {
  const iso = alert.firstActivity ?? alert.createdAt;
  const ms = iso ? Date.parse(iso) : NaN;
  return Number.isNaN(ms) ? null : ms * 1000;
}

/** The asset keys each alert names: its device entities for hosts, its user entities for users. */
function alertAssets(field: LaneField, alerts: readonly AlertRecord[], entities: ReadonlyMap<string, EntityRecord>): Map<AlertRecord, Set<string>> {
  const type = field === 'host' ? 'device' : 'user';
  const out = new Map<AlertRecord, Set<string>>();
  for (const alert of alerts) {
    const keys = new Set<string>();
    for (const id of alert.entityIds) {
      const entity = entities.get(id);
      if (entity?.type !== type) continue;
      for (const name of [entity.display, entity.key]) if (name) keys.add(assetKey(field, name));
    }
    if (keys.size) out.set(alert, keys);
  }
  return out;
}

/**
 * Lanes from per-value buckets of the events (host or user) and the case's
 * alerts: the chosen values in their order, or the assets with the most
 * alerts in the span, then the most events. An alert is a mark on each lane
 * whose asset it names.
 */
export function assetLanes(
  buckets: Buckets,
  field: LaneField,
  chosen: readonly string[] | undefined,
  alerts: readonly AlertRecord[],
  entities: ReadonlyMap<string, EntityRecord>,
): AssetLanes {
  const byValue = buckets.byValue ?? new Map<string, number[]>();
  const inSpan = [...alertAssets(field, alerts, entities)].flatMap(([alert, keys]) => {
    const time = alertTime(alert);
    return time !== null && time >= buckets.from && time < buckets.to ? [{ alert, keys, time }] : [];
  });
  const alertCount = (value: string) => {
    const key = assetKey(field, value);
    return inSpan.filter((a) => a.keys.has(key)).length;
  };
  const ranked = [...byValue.entries()]
    .filter(([value]) => value !== '')
    .map(([value, counts]) => ({ value, counts, events: counts.reduce((a, b) => a + b, 0), alerts: alertCount(value) }))
    .sort((a, b) => b.alerts - a.alerts || b.events - a.events || a.value.localeCompare(b.value));
  const picked = chosen?.length
    ? chosen.map(
        (value) =>
          ranked.find((r) => r.value === value) ?? { value, counts: new Array<number>(buckets.counts.length).fill(0), events: 0, alerts: alertCount(value) },
      )
    : ranked.slice(0, DEFAULT_LANES);
  const laneOfKey = new Map(picked.map((lane) => [assetKey(field, lane.value), lane.value]));
  const marks: AlertMark[] = inSpan.flatMap(({ alert, keys, time }) => {
    const lanes = [...keys].flatMap((k) => (laneOfKey.has(k) ? [laneOfKey.get(k)!] : []));
    return lanes.length ? [{ id: alert.id, title: alert.title, severity: alert.severity, time, lanes }] : [];
  });
  return {
    field,
    from: buckets.from,
    to: buckets.to,
    binWidth: buckets.binWidth,
    lanes: picked,
    alerts: marks.sort((a, b) => a.time - b.time),
    candidates: ranked.slice(0, CANDIDATES).map(({ value, events, alerts: n }) => ({ value, events, alerts: n })),
  };
}
