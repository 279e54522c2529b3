import type { Tlp } from '../../../../shared/domain/case';
import { isTlpTag, strictestTlp, tlpOf } from '../intel/tlp';
import { str, strings, type StixObject } from './stix-bundle';

/**
 * TLP of a STIX object, from its object_marking_refs (the marking-definition
 * ids STIX publishes for TLP 1.0 and the TLP 2.0 extension, or TLP
 * marking-definitions in the bundle) or, failing that, from 'tlp:...' labels.
 */

/** The ids every STIX producer uses; they need not be in the bundle. */
export const WELL_KNOWN_TLP: Readonly<Record<string, Tlp>> = {
  // STIX 2.1 TLP 1.0 markings (part 7.2.1.4)
  'marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9': 'clear',
  'marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da': 'green',
  'marking-definition--f88d31f6-486f-44da-b317-01333bde0b82': 'amber',
  'marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed': 'red',
  // The OASIS TLP 2.0 extension markings
  'marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487': 'clear',
  'marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb': 'green',
  'marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421': 'amber',
  'marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003': 'amber+strict',
  'marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1': 'red',
  // OpenCTI's AMBER+STRICT, common in its exports
  'marking-definition--826578e1-40ad-459f-bc73-ede076f81f37': 'amber+strict',
};

/** The TLP a marking-definition object states, whichever of the three ways it says it. */
function tlpOfDefinition(marking: StixObject): Tlp | null {
  const definition = marking.definition as Record<string, unknown> | undefined;
  if (str(marking.definition_type).toLowerCase() === 'tlp' && definition) return tlpOf(str(definition.tlp));
  const extensions = marking.extensions as Record<string, Record<string, unknown>> | undefined;
  for (const ext of Object.values(extensions ?? {})) {
    if (ext && typeof ext === 'object' && typeof ext.tlp_2_0 === 'string') return tlpOf(ext.tlp_2_0);
  }
  const name = str(marking.name);
  return isTlpTag(name) ? tlpOf(name) : null;
}

export class Markings {
  private readonly known = new Map<string, Tlp>(Object.entries(WELL_KNOWN_TLP));

  constructor(objects: Iterable<StixObject>) {
    for (const object of objects) {
      if (object.type !== 'marking-definition') continue;
      const tlp = tlpOfDefinition(object);
      if (tlp) this.known.set(object.id, tlp);
    }
  }

  tlpOf(object: StixObject): Tlp | null {
    const fromRefs = strictestTlp(strings(object.object_marking_refs).map((ref) => this.known.get(ref)));
    if (fromRefs) return fromRefs;
    return strictestTlp(strings(object.labels).filter(isTlpTag).map(tlpOf));
  }
}
