import type { EntityType } from '../../../shared/domain/records';

/**
 * Attribute names that say what kind of entity their value is (SourceIp: an
 * IP address). The order of the kinds is part of the run format: an entity
 * span (entity-spans.ts) carries its kind as its index in ENTITY_FIELD_KINDS.
 */
const FIELD_KINDS: [RegExp, EntityType][] = [
  [
    /^(ip|ipaddress|ip_address|src_?ip|dst_?ip|source_?ip|dest(ination)?_?ip|client_?ip|remote_?ip|local_?ip|sourceaddress|destinationaddress|callerip(address)?|remoteipaddress|localipaddress|ipv4|ipv6)$/i,
    'ip',
  ],
  [/^(image|parentimage|process(name|path)?|initiatingprocess(filename|folderpath)|newprocessname|parentprocessname|exe)$/i, 'process'],
  [/^(targetfilename|filename|file_?path|folderpath|targetpath|objectname|path|imageloaded|imagepath|servicefilename|scriptpath)$/i, 'filePath'],
  [/^(md5|sha1|sha256|sha512|hash|hashes|filehash|imphash)(_?hash)?$/i, 'hash'],
  [/^(url|remoteurl|requesturl|uri)$/i, 'url'],
  [/^(domain|fqdn|queryname|dnsquery|remotedomain|destinationhostname|server_?name|rrname|dns_?query)$/i, 'domain'],
  [/^(email|mail|sender|recipient|senderfromaddress|recipientemailaddress|upn|userprincipalname)$/i, 'emailAddress'],
  // Accounts and machines the event names besides its own user and host (which importers map from User, Computer...).
  // New kinds go at the end: a kind's index is stored in runs.
  [/^(subjectusername|targetusername|targetuser|sourceuser|samaccountname|initiatingprocessaccountname|requesterusername)$/i, 'user'],
  [
    /^(workstationname|workstation|remotedevicename|sourcehostname|sourceworkstation|clientname|targetservername|destinationworkstation|sourcecomputer)$/i,
    'device',
  ],
];

/** Each kind an attribute's name can give, in a fixed order: entity spans (entity-spans.ts) carry a kind as its index here. */
export const ENTITY_FIELD_KINDS: readonly EntityType[] = [...new Set(FIELD_KINDS.map(([, kind]) => kind))];

const fieldKindCache = new Map<string, EntityType | null>();

export function fieldKind(name: string): EntityType | null {
  let kind = fieldKindCache.get(name);
  if (kind === undefined) {
    kind = FIELD_KINDS.find(([re]) => re.test(name))?.[1] ?? null;
    fieldKindCache.set(name, kind);
  }
  return kind;
}

/** Attribute names that say they hold an entity, as one case-insensitive alternation (for bulk scans). */
export const ENTITY_FIELD_NAMES = FIELD_KINDS.map(([re]) =>
  re.source
    .replace(/^\^/, '')
    .replace(/\$$/, '')
    .replace(/\((?!\?)/g, '(?:'),
).join('|');
