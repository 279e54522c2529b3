import type { IndicatorType } from '../../../../shared/domain/records';
import { hashIndicatorType, inferIndicatorType, ipKind } from '../intel/value-kinds';
import { comparisonsOf, type ComparisonOperator, type ObjectPath, type ObservationExpression } from './pattern-parser';

/**
 * The indicators of compromise a parsed pattern names: every comparison that
 * says "this property is this value" (=, IN, and ISSUBSET on an address, which
 * is a CIDR range). Regular expressions and LIKE patterns are kept as type
 * 'other' (they are not values a tool can match exactly); negated, ordering
 * and EXISTS tests name no IOC and are left to the pattern text.
 */

export interface PatternIoc {
  type: IndicatorType;
  value: string;
  /** The object path the value was compared with, e.g. "file:hashes.'SHA-256'". */
  path: string;
  operator: ComparisonOperator;
}

const FILE_REFS = new Set(['body_raw_ref', 'image_ref', 'content_ref', 'raw_email_ref', 'binary_ref']);

function properties(path: ObjectPath): string[] {
  return path.steps.flatMap((s) => ('property' in s ? [s.property] : []));
}

/** Which indicator type a value compared with `path` is. */
export function indicatorTypeOf(path: ObjectPath, value: string): IndicatorType {
  const type = path.objectType.toLowerCase();
  const props = properties(path);
  const last = props.at(-1)?.toLowerCase() ?? '';
  const before = props.at(-2)?.toLowerCase() ?? '';

  if (before === 'hashes') return hashIndicatorType(last);
  if (props.length === 1 && last === 'value') {
    if (type === 'ipv4-addr' || type === 'ipv6-addr') return ipKind(value) ?? (type === 'ipv4-addr' ? 'ipv4' : 'ipv6');
    if (type === 'domain-name') return 'domain';
    if (type === 'url') return 'url';
    if (type === 'email-addr') return 'email';
  }
  // A reference's value (network-traffic:dst_ref.value, email-message:from_ref.value,
  // domain-name:resolves_to_refs[*].value): the referenced type is not written, the value tells.
  if (last === 'value' && /_refs?$/.test(before)) return inferIndicatorType(value);
  if (last === 'name' && type === 'mutex') return 'mutex';
  if (last === 'name' && (type === 'file' || FILE_REFS.has(before)) && props.length <= 3) return 'filename';
  if (type === 'windows-registry-key' && last === 'key') return 'registry';
  if (last === 'user-agent' || last === 'user_agent') return 'user-agent';
  return 'other';
}

export function iocsOfPattern(pattern: ObservationExpression): PatternIoc[] {
  const out: PatternIoc[] = [];
  const seen = new Set<string>();
  const add = (ioc: PatternIoc) => {
    const key = `${ioc.type}\0${ioc.value}`;
    if (seen.has(key) || !ioc.value.trim()) return;
    seen.add(key);
    out.push(ioc);
  };
  for (const c of comparisonsOf(pattern)) {
    if (c.kind === 'exists' || c.negated) continue;
    const values = c.values.filter((v) => v.kind !== 'bool').map((v) => v.text);
    switch (c.operator) {
      case '=':
      case 'IN':
        for (const value of values) add({ type: indicatorTypeOf(c.path, value), value, path: c.path.text, operator: c.operator });
        break;
      case 'ISSUBSET': {
        const type = indicatorTypeOf(c.path, values[0] ?? '');
        if (type === 'ipv4' || type === 'ipv6') add({ type, value: values[0]!, path: c.path.text, operator: c.operator });
        break;
      }
      case 'MATCHES':
      case 'LIKE':
        add({ type: 'other', value: values[0] ?? '', path: c.path.text, operator: c.operator });
        break;
      default:
        break;
    }
  }
  return out;
}
