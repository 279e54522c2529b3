import type { IndicatorType } from '../../../../shared/domain/records';
import { isIP } from '../../import/entity-keys';

/**
 * What an observable value is when its source only says "a value" (a STIX
 * reference such as network-traffic:dst_ref.value, a MISP 'ip-dst' that holds
 * an IPv6 address, a CIDR range).
 */

/** 'ipv4', 'ipv6' or null, accepting a CIDR suffix ('10.0.0.0/8'). */
export function ipKind(value: string): 'ipv4' | 'ipv6' | null {
  const address = value.trim().replace(/\/\d{1,3}$/, '');
  const kind = isIP(address.replace(/^\[|\]$/g, ''));
  return kind === 4 ? 'ipv4' : kind === 6 ? 'ipv6' : null;
}

const DOMAIN = /^(?=.{1,253}$)(?:[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,62}\.?$/i;
const URL_LIKE = /^[a-z][a-z0-9+.-]*:\/\//i;
const EMAIL = /^[^\s@]+@[^\s@]+$/;

export function looksLikeDomain(value: string): boolean {
  return DOMAIN.test(value.trim());
}

/** The indicator type a bare value most likely has; 'other' when it is none of the network kinds. */
export function inferIndicatorType(value: string): IndicatorType {
  const v = value.trim();
  const ip = ipKind(v);
  if (ip) return ip;
  if (URL_LIKE.test(v)) return 'url';
  if (EMAIL.test(v)) return 'email';
  if (looksLikeDomain(v)) return 'domain';
  return 'other';
}

/** A hash algorithm name as sources write it ('SHA-256', 'sha256', 'SHA256', 'MD5') → indicator type, else 'other'. */
export function hashIndicatorType(algorithm: string): IndicatorType {
  switch (algorithm.toLowerCase().replace(/[-_\s]/g, '')) {
    case 'md5':
      return 'md5';
    case 'sha1':
      return 'sha1';
    case 'sha256':
      return 'sha256';
    case 'sha512':
      return 'sha512';
    default:
      return 'other';
  }
}
