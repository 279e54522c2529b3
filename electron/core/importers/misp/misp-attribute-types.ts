import type { EntityType, IndicatorType } from '../../../../shared/domain/records';
import { ipKind } from '../intel/value-kinds';

/**
 * MISP attribute types → what each value is. Composite types ('ip-dst|port',
 * 'domain|ip', 'filename|sha256', 'regkey|value', 'malware-sample') are split
 * on the first '|' of the value and each half is typed on its own. Types that
 * are not observables (text, comment, link, attachment, datetime...) give
 * null: they go to the timeline only.
 */

export interface Observable {
  /** The MISP type of this part ('ip-dst', 'port', 'sha256'...). */
  part: string;
  value: string;
  /** The indicator it is when marked to_ids; null when it never is one on its own (a port, a registry value). */
  indicator: IndicatorType | null;
  /** The entity it is; null when it is not one. `kind` names 'other' entities ('mutex', 'autonomous-system'...). */
  entity: { type: EntityType; kind?: string } | null;
}

type Row = [indicator: IndicatorType | 'ip' | null, entity: EntityType | null, kind?: string];

const HASH = (t: IndicatorType): Row => [t, 'hash'];
const OTHER_HASH: Row = ['other', 'hash'];
const EMAIL: Row = ['email', 'emailAddress'];

const TYPES: Record<string, Row> = {
  'ip-src': ['ip', 'ip'],
  'ip-dst': ['ip', 'ip'],
  ip: ['ip', 'ip'],
  hostname: ['domain', 'domain'],
  domain: ['domain', 'domain'],
  url: ['url', 'url'],
  uri: ['url', null],
  md5: HASH('md5'),
  sha1: HASH('sha1'),
  sha256: HASH('sha256'),
  sha512: HASH('sha512'),
  sha224: OTHER_HASH,
  sha384: OTHER_HASH,
  'sha512/224': OTHER_HASH,
  'sha512/256': OTHER_HASH,
  'sha3-224': OTHER_HASH,
  'sha3-256': OTHER_HASH,
  'sha3-384': OTHER_HASH,
  'sha3-512': OTHER_HASH,
  ssdeep: OTHER_HASH,
  imphash: OTHER_HASH,
  impfuzzy: OTHER_HASH,
  tlsh: OTHER_HASH,
  authentihash: OTHER_HASH,
  pehash: OTHER_HASH,
  vhash: OTHER_HASH,
  cdhash: OTHER_HASH,
  telfhash: OTHER_HASH,
  'x509-fingerprint-md5': HASH('md5'),
  'x509-fingerprint-sha1': HASH('sha1'),
  'x509-fingerprint-sha256': HASH('sha256'),
  'ja3-fingerprint-md5': ['other', 'other', 'ja3'],
  'hassh-md5': ['other', 'other', 'hassh'],
  filename: ['filename', 'file'],
  'email-attachment': ['filename', 'file'],
  email: EMAIL,
  'email-src': EMAIL,
  'email-dst': EMAIL,
  'email-reply-to': EMAIL,
  'target-email': EMAIL,
  'whois-registrant-email': EMAIL,
  'dns-soa-email': EMAIL,
  'email-subject': ['other', null],
  'email-message-id': ['other', 'mailMessage'],
  mutex: ['mutex', 'other', 'mutex'],
  regkey: ['registry', 'registryKey'],
  'user-agent': ['user-agent', 'other', 'user-agent'],
  AS: ['other', 'other', 'autonomous-system'],
  vulnerability: ['other', 'other', 'vulnerability'],
  weakness: ['other', 'other', 'weakness'],
  'mac-address': ['other', 'other', 'mac-addr'],
  'mac-eui-64': ['other', 'other', 'mac-addr'],
  'target-user': [null, 'user'],
  'github-username': [null, 'user'],
  'target-machine': [null, 'device'],
  'named pipe': ['other', 'other', 'named-pipe'],
  'pattern-in-file': ['other', null],
  'pattern-in-memory': ['other', null],
  'pattern-in-traffic': ['other', null],
  yara: ['other', null],
  sigma: ['other', null],
  snort: ['other', null],
  bro: ['other', null],
  zeek: ['other', null],
  btc: ['other', 'other', 'btc-address'],
  'community-id': ['other', null],
  port: [null, null],
  value: [null, null],
};

/** The halves of composite types whose left or right name is not itself a MISP type. */
const COMPOSITE_PARTS: Record<string, [string, string]> = {
  'malware-sample': ['filename', 'md5'],
  'domain|ip': ['domain', 'ip-dst'],
  'regkey|value': ['regkey', 'value'],
};

function typed(part: string, value: string): Observable {
  const row = TYPES[part] ?? TYPES[part.toLowerCase()];
  if (!row) return { part, value, indicator: 'other', entity: null };
  const [indicator, entityType, kind] = row;
  const resolved = indicator === 'ip' ? (ipKind(value) ?? 'other') : indicator;
  return { part, value, indicator: resolved, entity: entityType ? { type: entityType, ...(kind ? { kind } : {}) } : null };
}

/** Types whose values are descriptions, references or data, not observables. */
const NOT_OBSERVABLE = new Set([
  'text',
  'comment',
  'other',
  'link',
  'attachment',
  'datetime',
  'date',
  'size-in-bytes',
  'counter',
  'float',
  'boolean',
  'hex',
  'cpe',
  'phone-number',
  'whois-registrar',
  'whois-creation-date',
  'full-name',
  'first-name',
  'last-name',
  'middle-name',
  'gender',
  'nationality',
  'place-of-birth',
  'country-of-residence',
  'anonymised',
  'campaign-name',
  'campaign-id',
  'threat-actor',
]);

export function isObservableType(type: string): boolean {
  return !NOT_OBSERVABLE.has(type) && (type.includes('|') || type in COMPOSITE_PARTS || type in TYPES || type.toLowerCase() in TYPES);
}

/** The observables one attribute holds; null when its type is not an observable (timeline only). */
export function observablesOf(type: string, value: string): Observable[] | null {
  const v = value.trim();
  if (!v || !isObservableType(type)) return null;
  const parts = COMPOSITE_PARTS[type] ?? (type.includes('|') ? (type.split('|', 2) as [string, string]) : null);
  if (!parts) {
    const single = typed(type, v);
    if (single.entity?.kind === 'autonomous-system') single.value = /^as/i.test(v) ? `AS${v.slice(2).trim()}` : `AS${v}`;
    return [single];
  }
  const bar = v.indexOf('|');
  const left = bar === -1 ? v : v.slice(0, bar);
  const right = bar === -1 ? '' : v.slice(bar + 1);
  return [typed(parts[0], left.trim()), typed(parts[1], right.trim())].filter((o) => o.value !== '');
}
