import type { EntityType } from '../../../../shared/domain/records';
import type { EntityInput, ImportContext } from '../types';
import type { Position } from '../problems';
import { isObject, joinPath, optionalIso, pick, registryPath, rest, str, strings, type Json } from './values';

/**
 * Graph security alert evidence (`#microsoft.graph.security.*Evidence`) →
 * entities. The evidence's own entity comes first and carries the Graph
 * `roles`, `verdict` and `remediationStatus`; related entities (a file's
 * hashes, a message's sender) follow, without roles, because the roles were
 * given to the evidence, not to them. Every field we do not map stays in the
 * entity's attributes. An evidence type we do not know becomes an 'other'
 * entity holding all its fields: new evidence types appear in Graph often.
 */

const COMMON = new Set(['@odata.type', 'roles', 'verdict', 'remediationStatus', 'createdDateTime', 'firstSeenDateTime', 'lastSeenDateTime']);

interface Mapped {
  type: EntityType;
  value: string;
  display?: string;
  /** Fields consumed by the mapping (left out of the attributes). */
  used?: string[];
  related?: EntityInput[];
}

/** 'SHA256' → algorithm attribute; hashes themselves are the entity value. */
function hashEntities(details: unknown): EntityInput[] {
  if (!isObject(details)) return [];
  const out: EntityInput[] = [];
  for (const algorithm of ['sha256', 'sha1', 'md5']) {
    const value = str(details[algorithm]).trim();
    const fileName = str(details.fileName).trim();
    if (value) out.push({ type: 'hash', value, attributes: fileName ? { algorithm, fileName } : { algorithm } });
  }
  return out;
}

function fileDetailsPath(details: unknown): string {
  if (!isObject(details)) return '';
  return joinPath(str(details.filePath).trim(), str(details.fileName).trim());
}

function account(a: unknown): string {
  if (!isObject(a)) return '';
  const upn = str(a.userPrincipalName).trim();
  if (upn) return upn;
  const name = str(a.accountName).trim();
  const domain = str(a.domainName).trim();
  if (name) return domain ? `${domain}\\${name}` : name;
  return pick(a, 'userSid', 'azureAdUserId');
}

function ipOf(v: unknown): string {
  if (typeof v === 'string') return v.trim();
  return isObject(v) ? str(v.ipAddress).trim() : '';
}

/** A device's addresses (its interfaces, its last private and its public one), as IP entities naming the device. */
function deviceAddresses(e: Json, device: string): EntityInput[] {
  const seen = new Map<string, string>();
  const add = (value: unknown, seenAs: string) => {
    const ip = ipOf(value);
    if (ip && !seen.has(ip)) seen.set(ip, seenAs);
  };
  add(e.lastExternalIpAddress, 'public address');
  add(e.publicIpAddress, 'public address');
  add(e.lastIpAddress, 'private address');
  for (const ip of Array.isArray(e.ipInterfaces) ? e.ipInterfaces : []) add(ip, 'interface address');
  return [...seen].map(([value, seenAs]) => ({ type: 'ip' as const, value, attributes: { device, seenAs } }));
}

function emailEntity(address: unknown, role: string): EntityInput[] {
  const value = str(address).trim();
  return value && value.includes('@') ? [{ type: 'emailAddress', value, attributes: { seenAs: role } }] : [];
}

const MAPPERS: Record<string, (e: Json) => Mapped | null> = {
  deviceevidence: (e) => {
    const device = pick(e, 'deviceDnsName', 'hostName', 'mdeDeviceId', 'azureAdDeviceId');
    return { type: 'device', value: device, used: ['deviceDnsName'], related: deviceAddresses(e, device) };
  },
  iotdeviceevidence: (e) => ({ type: 'device', value: pick(e, 'deviceName', 'deviceId', 'macAddress') }),
  userevidence: (e) => {
    const a = isObject(e.userAccount) ? e.userAccount : {};
    return { type: 'user', value: account(a), display: str(a.displayName).trim() || undefined };
  },
  ipevidence: (e) => ({ type: 'ip', value: pick(e, 'ipAddress'), used: ['ipAddress'] }),
  urlevidence: (e) => ({ type: 'url', value: pick(e, 'url'), used: ['url'] }),
  dnsevidence: (e) => ({
    type: 'domain',
    value: pick(e, 'domainName'),
    used: ['domainName'],
    related: [e.hostIpAddress, e.dnsServerIp]
      .map(ipOf)
      .filter(Boolean)
      .map((value) => ({ type: 'ip' as const, value })),
  }),
  fileevidence: (e) => {
    const path = fileDetailsPath(e.fileDetails);
    const hashes = hashEntities(e.fileDetails);
    return {
      type: 'file',
      value: path || hashes[0]?.value || '',
      related: [...(path ? [{ type: 'filePath' as const, value: path }] : []), ...hashes],
    };
  },
  filehashevidence: (e) => ({ type: 'hash', value: pick(e, 'value'), used: ['value'] }),
  processevidence: (e) => {
    const image = fileDetailsPath(e.imageFile);
    const what = image || str(e.processCommandLine).trim();
    const pid = str(e.processId).trim();
    // One process is its image on one device with one PID from one start: two runs of the same image are two entities.
    const identity = [
      pid && `pid ${pid}`,
      str(e.processCreationDateTime).trim() && `started ${str(e.processCreationDateTime).trim()}`,
      str(e.mdeDeviceId).trim() && `on ${str(e.mdeDeviceId).trim()}`,
    ]
      .filter(Boolean)
      .join(', ');
    return {
      type: 'process',
      value: identity ? `${what || 'process'} (${identity})` : what,
      display: what ? `${what}${pid ? ` (pid ${pid})` : ''}` : undefined,
      related: [...(image ? [{ type: 'filePath' as const, value: image }] : []), ...hashEntities(e.imageFile)],
    };
  },
  registrykeyevidence: (e) => ({ type: 'registryKey', value: registryPath(str(e.registryHive), str(e.registryKey)) }),
  registryvalueevidence: (e) => ({
    type: 'registryValue',
    value: `${registryPath(str(e.registryHive), str(e.registryKey))}\\${str(e.registryValueName)}`,
  }),
  mailboxevidence: (e) => ({ type: 'mailbox', value: pick(e, 'primaryAddress', 'upn'), display: pick(e, 'displayName') || undefined }),
  analyzedmessageevidence: (e) => ({
    type: 'mailMessage',
    value: pick(e, 'internetMessageId', 'networkMessageId'),
    display: pick(e, 'subject') || undefined,
    related: [
      ...emailEntity(isObject(e.p1Sender) ? e.p1Sender.emailAddress : undefined, 'sender (P1)'),
      ...emailEntity(isObject(e.p2Sender) ? e.p2Sender.emailAddress : undefined, 'sender (P2)'),
      ...emailEntity(e.recipientEmailAddress, 'recipient'),
      ...(ipOf(e.senderIp) ? [{ type: 'ip' as const, value: ipOf(e.senderIp) }] : []),
    ],
  }),
  submissionmailevidence: (e) => ({ type: 'mailMessage', value: pick(e, 'networkMessageId', 'submissionId'), display: pick(e, 'subject') || undefined }),
  mailclusterevidence: (e) => ({ type: 'other', value: `mail cluster: ${pick(e, 'query', 'clusterByValue', 'clusterBy')}` }),
  cloudapplicationevidence: (e) => ({ type: 'cloudApplication', value: pick(e, 'displayName', 'appId'), used: ['displayName'] }),
  oauthapplicationevidence: (e) => ({ type: 'oauthApplication', value: pick(e, 'displayName', 'appId', 'objectId'), used: ['displayName'] }),
  securitygroupevidence: (e) => ({ type: 'securityGroup', value: pick(e, 'displayName', 'securityGroupId'), used: ['displayName'] }),
  azureresourceevidence: (e) => ({ type: 'cloudResource', value: pick(e, 'resourceId', 'resourceName'), display: pick(e, 'resourceName') || undefined }),
  amazonresourceevidence: (e) => ({ type: 'cloudResource', value: pick(e, 'amazonResourceId', 'resourceName'), display: pick(e, 'resourceName') || undefined }),
  googlecloudresourceevidence: (e) => ({
    type: 'cloudResource',
    value: pick(e, 'fullResourceName', 'resourceName'),
    display: pick(e, 'resourceName') || undefined,
  }),
  blobevidence: (e) => ({ type: 'cloudResource', value: pick(e, 'url', 'name'), display: pick(e, 'name') || undefined }),
  blobcontainerevidence: (e) => ({ type: 'cloudResource', value: pick(e, 'url', 'name'), display: pick(e, 'name') || undefined }),
  hostlogonsessionevidence: (e) => ({ type: 'other', value: `logon session ${pick(e, 'sessionId')}` }),
  networkconnectionevidence: (e) => {
    const src = ipOf(e.sourceAddress);
    const dst = ipOf(e.destinationAddress);
    return {
      type: 'other',
      value: `connection ${src}:${str(e.sourcePort)} → ${dst}:${str(e.destinationPort)} ${str(e.protocol)}`.trim(),
      related: [src, dst].filter(Boolean).map((value) => ({ type: 'ip' as const, value })),
    };
  },
  malwareevidence: (e) => ({ type: 'other', value: `malware ${pick(e, 'name')}`, display: pick(e, 'name') || undefined }),
};

/** Kubernetes and container evidence: a cloud resource named by its path (cluster/namespace/name). */
function kubernetesLike(kind: string, e: Json): Mapped | null {
  const fold = kind.toLowerCase();
  if (!fold.startsWith('kubernetes') && !fold.startsWith('container')) return null;
  const namespace = isObject(e.namespace) ? e.namespace : null;
  const cluster = isObject(e.cluster) ? e.cluster : namespace && isObject(namespace.cluster) ? namespace.cluster : null;
  const name = pick(e, 'name', 'imageId', 'registry', 'containerId');
  const path = [cluster && pick(cluster, 'name'), namespace && pick(namespace, 'name'), name].filter(Boolean).join('/');
  return { type: 'cloudResource', value: `${kind.replace(/Evidence$/i, '')}:${path}`, display: name || undefined };
}

/** The short evidence type: '#microsoft.graph.security.fileEvidence' → 'fileEvidence'. */
export function evidenceKind(e: Json): string {
  return str(e['@odata.type'])
    .replace(/^#?microsoft\.graph\.security\./i, '')
    .trim();
}

export function isEvidence(e: Json): boolean {
  return /evidence$/i.test(evidenceKind(e));
}

/**
 * One evidence object → its entities (first: the evidence itself). Never
 * throws: a value we cannot name becomes an 'other' entity with every field.
 */
export function evidenceEntities(ctx: ImportContext, e: Json, position: Position, path: string): EntityInput[] {
  const kind = evidenceKind(e) || 'evidence';
  const fold = kind.toLowerCase();
  const mapped = (MAPPERS[fold]?.(e) ?? kubernetesLike(kind, e)) as Mapped | null;
  const firstSeen = optionalIso(
    ctx,
    e.firstSeenDateTime ?? e.createdDateTime,
    position,
    `${path}.${e.firstSeenDateTime ? 'firstSeenDateTime' : 'createdDateTime'}`,
  );
  const lastSeen = optionalIso(ctx, e.lastSeenDateTime, position, `${path}.lastSeenDateTime`);
  const common = {
    roles: strings(e.roles),
    verdict: str(e.verdict) || null,
    remediationStatus: str(e.remediationStatus) || null,
    firstSeen,
    lastSeen,
  };
  const value = mapped?.value.trim();
  if (!mapped || !value) {
    // Unknown type, or a known one without its identifying field: keep everything.
    const id = pick(e, 'id', 'name', 'displayName') || JSON.stringify(rest(e, COMMON)).slice(0, 200);
    return [{ type: 'other', value: `${kind}: ${id}`, ...common, attributes: { evidenceType: kind, ...rest(e, COMMON) } }];
  }
  const skip = new Set([...COMMON, ...(mapped.used ?? [])]);
  const attributes = { evidenceType: kind, ...rest(e, skip) };
  const related = (mapped.related ?? []).filter((r) => r.value.trim() && !(r.type === mapped.type && r.value === value));
  for (const r of related) r.firstSeen = firstSeen;
  return [{ type: mapped.type, value, display: mapped.display, ...common, attributes }, ...related];
}
