import type { EntityInput } from '../types';
import { attackIdOf, intelEntity, nameWithoutAttackId } from '../intel/intel-entities';
import { isObject, list, text, type Json } from './misp-fields';

/**
 * MISP galaxy clusters (on the event, or on single attributes) → 'other'
 * entities, the same kinds the STIX importer uses: every ATT&CK galaxy
 * ('mitre-attack-pattern', 'mitre-enterprise-attack-attack-pattern'...) is
 * kind 'attack-pattern' with its technique id as `mitreId`, taken from
 * meta.external_id or, when that holds only a CAPEC id, from an ATT&CK page
 * among its refs or the value ('Permission Groups Discovery - T1069').
 */

/** 'mitre-enterprise-attack-malware' → 'malware', 'mitre-attack-pattern' → 'attack-pattern', 'ransomware' → 'ransomware'. */
export function kindOfGalaxy(type: string): string {
  const t = type.toLowerCase();
  if (t.endsWith('attack-pattern') || t === 'mitre-ics-techniques') return 'attack-pattern';
  const mitre = /^mitre-(?:(?:enterprise|mobile|pre|ics)-attack-)?(malware|tool|intrusion-set|course-of-action|data-source|tactic)$/.exec(t);
  return mitre ? mitre[1]! : t;
}

/** The clusters of a Galaxy list, each with the galaxy it belongs to. */
export function clustersOf(galaxies: unknown): { galaxy: Json; cluster: Json }[] {
  return list(galaxies).flatMap((galaxy) => list(galaxy.GalaxyCluster).map((cluster) => ({ galaxy, cluster })));
}

const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]);

/** ATT&CK pages among a cluster's refs name its id when meta.external_id is missing (older MISP galaxies). */
const ATTACK_PAGE =
  /attack\.mitre\.org\/(?:wiki\/)?(?:techniques?|software|groups?|mitigations?|tactics?|campaigns?)\/((?:TA|T|S|G|M|C)\d{4})(?:[./](\d{3}))?/i;

function idsInRefs(refs: unknown[]): string[] {
  return refs.flatMap((r) => {
    const m = ATTACK_PAGE.exec(text(r));
    return m ? [`${m[1]!.toUpperCase()}${m[2] ? `.${m[2]}` : ''}`] : [];
  });
}

export function galaxyEntity(galaxy: Json, cluster: Json, attachedTo?: string): EntityInput {
  const value = text(cluster.value).trim();
  const meta = isObject(cluster.meta) ? cluster.meta : {};
  const type = text(cluster.type) || text(galaxy.type);
  const externalIds = asList(meta.external_id).map(text).filter(Boolean);
  const refs = asList(meta.refs);
  const description = text(cluster.description);
  return intelEntity({
    kind: kindOfGalaxy(type),
    name: nameWithoutAttackId(value) || value,
    mitreId: attackIdOf([...externalIds, ...idsInRefs(refs)], value),
    attributes: {
      galaxy: text(galaxy.name) || type,
      galaxyType: type,
      clusterUuid: text(cluster.uuid),
      ...(value ? { clusterValue: value } : {}),
      ...(description ? { description: description.slice(0, 4000) } : {}),
      ...(externalIds.length ? { externalIds } : {}),
      ...(meta.synonyms ? { synonyms: asList(meta.synonyms).map(text) } : {}),
      ...(meta.kill_chain ? { killChain: asList(meta.kill_chain).map(text) } : {}),
      ...(refs.length ? { refs: refs.map(text).slice(0, 20) } : {}),
      ...(cluster.tag_name ? { tag: text(cluster.tag_name) } : {}),
      ...(attachedTo ? { attachedTo } : {}),
    },
  });
}
