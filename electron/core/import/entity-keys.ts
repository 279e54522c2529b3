import { hash } from 'node:crypto';
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
const IPV6 = /^[0-9a-f:]+(:\d{1,3}(\.\d{1,3}){3})?$/i;

/** 4, 6 or 0, like node:net's isIP (which the engine may not import: it opens no sockets). */
export function isIP(value: string): 4 | 6 | 0 {
  const v4 = IPV4.exec(value);
  if (v4) return v4.slice(1).every((o) => Number(o) <= 255) ? 4 : 0;
  if (!value.includes(':') || !IPV6.test(value)) return 0;
  const doubles = value.split('::').length - 1;
  if (doubles > 1) return 0;
  const groups = value.split(':').filter((g) => g !== '');
  const width = groups.length + (groups.at(-1)?.includes('.') ? 1 : 0);
  if (groups.some((g) => !g.includes('.') && g.length > 4)) return 0;
  return (doubles === 1 ? width < 8 : width === 8) ? 6 : 0;
}

export function canonicalIp(value: string): string {
  // The common case, dotted IPv4, without regexps or splitting.
  const address = ipv4Value(value);
  if (address >= 0) return ipv4Text(address);
  const v = value.replace(/^\[|\]$/g, '');
  const kind = isIP(v);
  if (kind === 4) return v.split('.').map((o) => String(Number(o))).join('.');
  if (kind === 6) {
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(v);
    if (mapped) return canonicalIp(mapped[1]!);
    return expandIpv6(v);
  }
  return v.toLowerCase();
}

/** RFC 5952 form: lower case, leading zeros dropped, the longest run of zero groups as '::'. */
function expandIpv6(v: string): string {
  const [head, tail] = v.toLowerCase().split('::') as [string, string | undefined];
  const a = head ? head.split(':') : [];
  const b = tail !== undefined && tail ? tail.split(':') : [];
  const groups = tail === undefined ? a : [...a, ...Array(8 - a.length - b.length).fill('0'), ...b];
  const nums = groups.map((g) => parseInt(g || '0', 16).toString(16));
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < nums.length; ) {
    if (nums[i] !== '0') {
      i++;
      continue;
    }
    let j = i;
    while (j < nums.length && nums[j] === '0') j++;
    if (j - i > bestLen && j - i > 1) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  if (bestStart < 0) return nums.join(':');
  return `${nums.slice(0, bestStart).join(':')}::${nums.slice(bestStart + bestLen).join(':')}`;
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
