import { hash } from 'node:crypto';
import ipaddr from 'ipaddr.js';
import type { EntityType } from '../../../shared/domain/records';
import { ipv4Text, ipv4Value } from './word-scan';

/**
 * Normalized identity of an entity, so the same thing from two sources is one
 * entity: host names case-folded and without a trailing dot (and the bare
 * name of an FQDN kept as the display), IPs in canonical form, hashes in lower
 * case, e-mail addresses and domains case-folded, Windows paths case-folded.
 */
export function normalizeEntityKey(type: EntityType, raw: string): string {
  const value = raw.trim();
  switch (type) {
    case 'device':
    case 'domain':
      return value.toLowerCase().replace(/\.$/, '');
    case 'ip':
      return canonicalIp(value);
    case 'hash':
    case 'emailAddress':
    case 'mailbox':
      return value.toLowerCase();
    case 'user':
      // DOMAIN\user and user@domain stay distinct; only case is folded (Windows accounts are case-insensitive).
      return value.toLowerCase();
    case 'file':
    case 'filePath':
    case 'process':
    case 'registryKey':
    case 'registryValue':
      return /^[a-z]:\\|^\\\\|^hk(lm|cu|u|cr|cc)\b/i.test(value) ? value.toLowerCase() : value;
    case 'url':
      return canonicalUrl(value);
    default:
      return value;
  }
}

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/**
 * 4, 6 or 0, like node:net's isIP (which the engine may not import: it opens
 * no sockets). IPv6 is ipaddr.js's parser; a zone ("fe80::1%eth0") names an
 * interface of the machine that logged it, not an address, and is refused.
 */
export function isIP(value: string): 4 | 6 | 0 {
  const v4 = IPV4.exec(value);
  if (v4) return v4.slice(1).every((o) => Number(o) <= 255) ? 4 : 0;
  return value.includes(':') && !value.includes('%') && ipaddr.IPv6.isValid(value) ? 6 : 0;
}

export function canonicalIp(value: string): string {
  // The common case, dotted IPv4, without regexps or splitting.
  const address = ipv4Value(value);
  if (address >= 0) return ipv4Text(address);
  const v = value.replace(/^\[|\]$/g, '');
  const kind = isIP(v);
  if (kind === 4)
    return v
      .split('.')
      .map((o) => String(Number(o)))
      .join('.');
  if (kind === 6) {
    const v6 = ipaddr.IPv6.parse(v);
    // An IPv4-mapped address (::ffff:a.b.c.d) is that IPv4 host, as a dual-stack server logs it.
    return v6.isIPv4MappedAddress() ? v6.toIPv4Address().toString() : v6.toRFC5952String();
  }
  return v.toLowerCase();
}

function canonicalUrl(value: string): string {
  try {
    const url = new URL(value);
    // Scheme and host are case-insensitive; the path is not.
    return url.href;
  } catch {
    return value;
  }
}

/** Entity id: stable across imports and cases. */
export function entityId(type: EntityType, key: string): string {
  return 'ent-' + hash('sha256', `${type}\0${key}`, 'hex').slice(0, 24);
}
