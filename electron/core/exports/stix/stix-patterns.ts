import type { IndicatorRecord, IndicatorType } from '../../../../shared/domain/records';

/**
 * The STIX patterning expression of an indicator (STIX 2.1 §9): one
 * comparison on the object path that holds its value. String literals are
 * quoted with ' and their \ and ' escaped, as the grammar requires.
 */

const PATHS: Record<Exclude<IndicatorType, 'other'>, string> = {
  ipv4: 'ipv4-addr:value',
  ipv6: 'ipv6-addr:value',
  domain: 'domain-name:value',
  url: 'url:value',
  md5: 'file:hashes.MD5',
  sha1: "file:hashes.'SHA-1'",
  sha256: "file:hashes.'SHA-256'",
  sha512: "file:hashes.'SHA-512'",
  email: 'email-addr:value',
  filename: 'file:name',
  mutex: 'mutex:name',
  registry: 'windows-registry-key:key',
  'user-agent': "network-traffic:extensions.'http-request-ext'.request_header.'User-Agent'",
};

export const stixString = (value: string) => `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

export interface IndicatorPattern {
  pattern: string;
  /** 'stix', or the rule language of an 'other' indicator that came as one (sigma, yara, snort...). */
  patternType: string;
}

/**
 * The pattern of an indicator, or null when it has none to give: an 'other'
 * indicator keeps the STIX pattern or the rule it was imported from (its
 * origin, or its `rule` attribute with its `patternType`), else it is left out.
 */
export function indicatorPattern(indicator: IndicatorRecord): IndicatorPattern | null {
  if (indicator.type !== 'other') return { pattern: `[${PATHS[indicator.type]} = ${stixString(indicator.value)}]`, patternType: 'stix' };
  const rule = indicator.attributes.rule;
  const type = indicator.attributes.patternType;
  if (typeof rule === 'string' && typeof type === 'string' && type !== 'stix') return { pattern: rule, patternType: type };
  if (indicator.origin.trim().startsWith('[')) return { pattern: indicator.origin.trim(), patternType: 'stix' };
  return null;
}
