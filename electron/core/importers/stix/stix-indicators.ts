import type { Tlp } from '../../../../shared/domain/case';
import type { ImportContext, IndicatorInput } from '../types';
import { optionalIso } from '../intel/optional-time';
import { parsePattern, PatternSyntaxError } from './pattern-parser';
import { iocsOfPattern } from './pattern-iocs';
import { str, strings, type StixObject } from './stix-bundle';
import type { RelationshipIndex } from './stix-relationships';

/**
 * A STIX indicator → one indicator record per IOC its pattern names, all
 * sharing the indicator's id, description, TLP, labels and validity, with the
 * pattern itself as their origin. A pattern in another language (Sigma, YARA,
 * Snort, Suricata...) is one indicator of type 'other' carrying the rule. A
 * pattern that does not parse is a warning naming the object and the
 * character, and the indicator is kept, not for detection, with its raw text.
 */

function baseOf(ctx: ImportContext, object: StixObject, record: number, tlp: Tlp | null): Omit<IndicatorInput, 'type' | 'value' | 'attributes'> {
  const labels = [...new Set([...strings(object.labels), ...strings(object.indicator_types)])];
  return {
    forDetection: true,
    externalId: object.id,
    description: str(object.description) || str(object.name),
    tlp,
    labels,
    origin: str(object.pattern),
    validFrom: optionalIso(ctx, object.valid_from, { record }, 'valid_from'),
    validUntil: optionalIso(ctx, object.valid_until, { record }, 'valid_until'),
  };
}

function attributesOf(object: StixObject, relations: RelationshipIndex): Record<string, unknown> {
  const out: Record<string, unknown> = { stixId: object.id, patternType: str(object.pattern_type) || 'stix' };
  for (const field of ['name', 'pattern_version', 'kill_chain_phases', 'confidence', 'created', 'modified', 'created_by_ref', 'external_references']) {
    if (object[field] !== undefined && object[field] !== null && object[field] !== '') out[field] = object[field];
  }
  return { ...out, ...relations.attributesOf(object.id) };
}

export function emitIndicator(ctx: ImportContext, object: StixObject, record: number, tlp: Tlp | null, relations: RelationshipIndex): number {
  const base = baseOf(ctx, object, record, tlp);
  const attributes = attributesOf(object, relations);
  const pattern = str(object.pattern);
  const patternType = (str(object.pattern_type) || 'stix').toLowerCase();

  if (!pattern.trim()) {
    ctx.warn(`${object.id}: the indicator has no pattern; kept as an indicator of type 'other', not for detection`, { record });
    ctx.indicator({ ...base, type: 'other', value: str(object.name) || object.id, forDetection: false, attributes });
    return 1;
  }
  if (patternType !== 'stix') {
    ctx.indicator({ ...base, type: 'other', value: str(object.name) || object.id, attributes: { ...attributes, rule: pattern } });
    return 1;
  }
  let iocs;
  try {
    iocs = iocsOfPattern(parsePattern(pattern));
  } catch (err) {
    if (!(err instanceof PatternSyntaxError)) throw err;
    ctx.warn(`${object.id}: ${err.message}; kept as an indicator of type 'other' holding the raw pattern, not for detection`, { record });
    ctx.indicator({
      ...base,
      type: 'other',
      value: pattern,
      forDetection: false,
      attributes: { ...attributes, patternError: err.message, patternErrorAt: err.index + 1 },
    });
    return 1;
  }
  if (iocs.length === 0) {
    // A valid pattern that names no single value (sizes, negations, EXISTS): the pattern is the indicator.
    ctx.indicator({ ...base, type: 'other', value: pattern, attributes });
    return 1;
  }
  for (const ioc of iocs) {
    ctx.indicator({
      ...base,
      type: ioc.type,
      value: ioc.value,
      attributes: { ...attributes, path: ioc.path, operator: ioc.operator, ...(iocs.length > 1 ? { iocsInPattern: iocs.length } : {}) },
    });
  }
  return iocs.length;
}
