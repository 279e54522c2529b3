import type { CaseRecord, Tlp } from '../../../../shared/domain/case';
import type { IndicatorRecord } from '../../../../shared/domain/records';
import type { EntityRow } from '../../../../shared/domain/entities';
import { casebookId } from './stix-ids';
import { indicatorPattern } from './stix-patterns';
import { entityObservable } from './stix-observables';
import { assetObjects, type AssetContext } from './stix-assets';
import type { ExportFile } from '../export-file';

/**
 * The case's intelligence as a STIX 2.1 bundle, written object by object (a
 * case may name hundreds of thousands of entities): an indicator SDO per
 * indicator with a pattern, a cyber-observable per entity STIX has a type
 * for (deduplicated by id: two entities that are one observable are one
 * object), the TLP marking the case carries, and a report naming them all
 * as the case (a report, not a grouping: the official bundle schema lists no
 * grouping among its objects, and a grouping fails it). Every id and time is derived from the case, so the same case
 * gives the same bundle.
 */

/** STIX 2.1's predefined TLP markings (TLP 1.0 names; TLP:CLEAR is TLP:WHITE, AMBER+STRICT has none and is marked AMBER). */
const TLP_MARKINGS: Record<Tlp, { id: string; name: string; tlp: string }> = {
  clear: { id: 'marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9', name: 'TLP:WHITE', tlp: 'white' },
  green: { id: 'marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da', name: 'TLP:GREEN', tlp: 'green' },
  amber: { id: 'marking-definition--f88d31f6-486f-44da-b317-01333bde0b82', name: 'TLP:AMBER', tlp: 'amber' },
  'amber+strict': { id: 'marking-definition--f88d31f6-486f-44da-b317-01333bde0b82', name: 'TLP:AMBER', tlp: 'amber' },
  red: { id: 'marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed', name: 'TLP:RED', tlp: 'red' },
};

/** STIX timestamps: ISO 8601 UTC ending in Z (the engine's times already are). */
const stixTime = (iso: string) => (iso.endsWith('Z') ? iso : new Date(iso).toISOString());
const later = (a: string, b: string) => (a > b ? a : b);

export interface StixSource {
  case: CaseRecord;
  indicators: readonly IndicatorRecord[];
  /** Every entity of the case, page by page. */
  entities: () => AsyncIterable<EntityRow[]>;
  /** What the sources said of an entity (its attributes: a process's command line and PID), when known. */
  attributes?: (entityId: string) => Record<string, unknown> | null;
}

function markingObject(tlp: Tlp) {
  const m = TLP_MARKINGS[tlp];
  return {
    type: 'marking-definition',
    spec_version: '2.1',
    id: m.id,
    created: '2017-01-20T00:00:00.000Z',
    definition_type: 'tlp',
    name: m.name,
    definition: { tlp: m.tlp },
  };
}

function indicatorObject(c: CaseRecord, indicator: IndicatorRecord, marking: string) {
  const pattern = indicatorPattern(indicator);
  if (!pattern) return null;
  const created = stixTime(indicator.validFrom ?? c.createdAt);
  const object: Record<string, unknown> = {
    type: 'indicator',
    spec_version: '2.1',
    id: casebookId('indicator', c.id, indicator.id),
    created,
    modified: later(created, stixTime(c.updatedAt)),
    name: `${indicator.type} ${indicator.value}`.slice(0, 300),
    pattern: pattern.pattern,
    pattern_type: pattern.patternType,
    valid_from: created,
    object_marking_refs: [marking],
  };
  if (indicator.description) object.description = indicator.description;
  if (indicator.validUntil && stixTime(indicator.validUntil) > created) object.valid_until = stixTime(indicator.validUntil);
  if (indicator.labels.length) object.labels = indicator.labels;
  if (!indicator.forDetection) object.indicator_types = ['anomalous-activity'];
  return object;
}

/** Writes the bundle; returns how many objects it holds and what was left out. */
export async function writeStixBundle(source: StixSource, file: ExportFile): Promise<{ objects: number; notes: string[] }> {
  const c = source.case;
  const marking = markingObject(c.tlp);
  const refs: string[] = [];
  let first = true;
  const put = async (object: Record<string, unknown>) => {
    await file.write(`${first ? '' : ',\n'}${JSON.stringify(object)}`);
    first = false;
  };
  await file.write(`{"type":"bundle","id":${JSON.stringify(casebookId('bundle', c.id, 'bundle'))},"objects":[\n`);
  await put(marking);
  let noPattern = 0;
  for (const indicator of source.indicators) {
    const object = indicatorObject(c, indicator, marking.id);
    if (!object) {
      noPattern++;
      continue;
    }
    await put(object);
    refs.push(object.id as string);
  }
  const seen = new Set<string>();
  const skipped = new Map<string, number>();
  const created = stixTime(c.createdAt);
  const modified = later(created, stixTime(c.updatedAt));
  const assets: AssetContext = { caseId: c.id, created, modified, attributes: source.attributes ?? (() => null) };
  for await (const page of source.entities()) {
    for (const entity of page) {
      const sco = entityObservable(entity);
      const objects = assetObjects(entity, assets) ?? (sco ? [sco] : []);
      if (objects.length === 0) skipped.set(entity.type, (skipped.get(entity.type) ?? 0) + 1);
      for (const object of objects) {
        if (seen.has(object.id)) continue;
        seen.add(object.id);
        refs.push(object.id);
        await put({ ...object, object_marking_refs: [marking.id] });
      }
    }
  }
  const report = { type: 'report', spec_version: '2.1', id: casebookId('report', c.id, 'case'), created, modified, name: c.title, published: modified };
  if (refs.length) await put({ ...report, report_types: ['threat-report'], object_refs: refs, object_marking_refs: [marking.id] });
  await file.write('\n]}\n');
  const notes: string[] = [];
  if (noPattern) notes.push(`${noPattern} indicator(s) of type 'other' without a STIX pattern or rule were left out`);
  for (const [type, n] of skipped) notes.push(`${n} ${type} entit${n === 1 ? 'y has' : 'ies have'} no STIX observable type and were left out`);
  if (c.tlp === 'amber+strict') notes.push('TLP:AMBER+STRICT has no STIX 2.1 marking: the objects are marked TLP:AMBER');
  return { objects: 1 + refs.length + (refs.length ? 1 : 0), notes };
}
