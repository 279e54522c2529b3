import type { CaseRecord, Severity } from '../../../shared/domain/case';
import type { IndicatorRecord, IndicatorType } from '../../../shared/domain/records';
import type { EntityRow } from '../../../shared/domain/entities';
import { uuidV5, CASEBOOK_STIX_NAMESPACE } from './stix/stix-ids';
import type { ExportFile } from './export-file';

/**
 * The case as one MISP event (MISP's JSON export format, `{"Event": {...}}`):
 * the case's title, date, threat level (from its severity), analysis state
 * (from its status) and TLP tag, and an Attribute per indicator (to_ids as
 * the indicator says) and per observed entity MISP has a type for (to_ids
 * false: seen, not judged), each with MISP's type and the category MISP's
 * own table gives that type. Uuids are derived from the case and the value,
 * so exporting the same case twice gives the same event.
 */

type MispType = [type: string, category: string];

const INDICATOR_TYPES: Record<Exclude<IndicatorType, 'other'>, MispType> = {
  ipv4: ['ip-dst', 'Network activity'],
  ipv6: ['ip-dst', 'Network activity'],
  domain: ['domain', 'Network activity'],
  url: ['url', 'Network activity'],
  md5: ['md5', 'Payload delivery'],
  sha1: ['sha1', 'Payload delivery'],
  sha256: ['sha256', 'Payload delivery'],
  sha512: ['sha512', 'Payload delivery'],
  email: ['email-src', 'Payload delivery'],
  filename: ['filename', 'Payload delivery'],
  mutex: ['mutex', 'Artifacts dropped'],
  registry: ['regkey', 'Persistence mechanism'],
  'user-agent': ['user-agent', 'Network activity'],
};

const HASH_TYPES: Record<number, string> = { 32: 'md5', 40: 'sha1', 64: 'sha256', 128: 'sha512' };

function entityType(entity: EntityRow): MispType | null {
  switch (entity.type) {
    case 'ip':
      return ['ip-dst', 'Network activity'];
    case 'domain':
      return ['domain', 'Network activity'];
    case 'url':
      return ['url', 'Network activity'];
    case 'hash': {
      const name = /^[0-9a-f]+$/i.test(entity.key) ? HASH_TYPES[entity.key.length] : undefined;
      return name ? [name, 'Payload delivery'] : null;
    }
    case 'file':
    case 'filePath':
      return ['filename', 'Payload delivery'];
    case 'user':
      return ['target-user', 'Targeting data'];
    case 'device':
      return ['target-machine', 'Targeting data'];
    case 'emailAddress':
    case 'mailbox':
      return /@/.test(entity.key) ? ['email-src', 'Payload delivery'] : null;
    case 'registryKey':
      return ['regkey', 'Persistence mechanism'];
    default:
      return null;
  }
}

const THREAT_LEVEL: Record<Severity, string> = { critical: '1', high: '1', medium: '2', low: '3', informational: '4' };
const ANALYSIS: Record<string, string> = { new: '0', active: '1', inProgress: '1', resolved: '2', closed: '2' };
const epoch = (iso: string) => String(Math.floor(Date.parse(iso) / 1000));

export interface MispSource {
  case: CaseRecord;
  indicators: readonly IndicatorRecord[];
  entities: () => AsyncIterable<EntityRow[]>;
}

function eventHeader(c: CaseRecord): Record<string, unknown> {
  return {
    uuid: uuidV5(CASEBOOK_STIX_NAMESPACE, `${c.id}/misp-event`),
    info: c.title,
    date: c.createdAt.slice(0, 10),
    timestamp: epoch(c.updatedAt),
    threat_level_id: THREAT_LEVEL[c.severity],
    analysis: ANALYSIS[c.status] ?? '0',
    distribution: '0',
    published: false,
    Tag: [{ name: `tlp:${c.tlp === 'clear' ? 'clear' : c.tlp}` }, ...c.tags.map((name) => ({ name }))],
  };
}

/** Writes the event; returns how many attributes it holds and what was left out. */
export async function writeMispEvent(source: MispSource, file: ExportFile): Promise<{ attributes: number; notes: string[] }> {
  const c = source.case;
  const header = JSON.stringify({ Event: eventHeader(c) });
  await file.write(`${header.slice(0, -2)},"Attribute":[\n`);
  const seen = new Set<string>();
  let count = 0;
  const put = async (type: string, category: string, value: string, toIds: boolean, comment: string) => {
    const key = `${type}|${value.toLowerCase()}`;
    if (seen.has(key)) return;
    seen.add(key);
    const uuid = uuidV5(CASEBOOK_STIX_NAMESPACE, `${c.id}/misp-attribute/${key}`);
    const attribute = { uuid, type, category, value, to_ids: toIds, distribution: '5', comment, timestamp: epoch(c.updatedAt) };
    await file.write(`${count ? ',\n' : ''}${JSON.stringify(attribute)}`);
    count++;
  };
  let other = 0;
  for (const indicator of source.indicators) {
    if (indicator.type === 'other') {
      other++;
      continue;
    }
    const [type, category] = INDICATOR_TYPES[indicator.type];
    await put(type, category, indicator.value, indicator.forDetection, indicator.description.slice(0, 1000));
  }
  let skipped = 0;
  for await (const page of source.entities()) {
    for (const entity of page) {
      const mapped = entityType(entity);
      if (mapped)
        await put(mapped[0], mapped[1], entity.type === 'ip' || entity.type === 'hash' ? entity.key : entity.display, false, `observed ${entity.type}`);
      else skipped++;
    }
  }
  await file.write('\n]}}\n');
  const notes: string[] = [];
  if (other) notes.push(`${other} indicator(s) of type 'other' have no MISP attribute type and were left out`);
  if (skipped) notes.push(`${skipped} entit${skipped === 1 ? 'y' : 'ies'} of kinds MISP has no attribute type for were left out`);
  return { attributes: count, notes };
}
