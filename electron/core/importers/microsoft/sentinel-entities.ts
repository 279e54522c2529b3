import type { EntityType } from '../../../../shared/domain/records';
import type { EntityInput } from '../types';
import { field, isObject, joinPath, list, pickAnyCase, registryPath, str, unpackJson, type Json } from './values';
import { dataObject } from '../data-object';

/**
 * Sentinel entities, as Log Analytics writes them (SecurityAlert.Entities: a
 * JSON string holding a list whose objects link to each other with `$id` /
 * `$ref`, PascalCase keys, lower-case `Type`) and as the REST API returns them
 * (`{kind, properties}` with camelCase keys, linked by `*EntityId(s)` fields
 * holding the other entity's resource id).
 *
 * Links are resolved: an account whose `Host` is `{"$ref": "3"}` gets the
 * host's name in its attributes, and the host is an entity of its own even
 * when it is only written inside another entity.
 */

interface Graph {
  /** Every entity object found, links resolved, in order of first appearance. */
  entities: Json[];
  /** REST resource id → entity, for `*EntityId` links. */
  byResourceId: Map<string, Json>;
}

/** `{kind, properties}` (REST) → one flat object with `Type`, like Log Analytics writes it. */
function flatten(o: Json): Json {
  if (isObject(o.properties) && typeof o.kind === 'string') return { ...o.properties, Type: o.kind, $resourceId: str(o.id) };
  return o;
}

const typeOf = (e: Json) =>
  str(field(e, 'Type') ?? field(e, 'kind'))
    .replace(/[-_\s]/g, '')
    .toLowerCase();

/** Replaces `$ref` objects by the object with that `$id`, everywhere, and lists every entity once. */
export function entityGraph(raw: unknown): Graph {
  const items = list(unpackJson(raw));
  const byId = new Map<string, Json>();
  const index = (v: unknown, depth: number): void => {
    if (depth > 32) return;
    if (Array.isArray(v)) v.forEach((x) => index(x, depth + 1));
    else if (isObject(v)) {
      const id = str(v.$id);
      if (id && !byId.has(id)) byId.set(id, v);
      for (const k in v) index(v[k], depth + 1);
    }
  };
  index(items, 0);

  const resolved = new Map<Json, Json>();
  const entities: Json[] = [];
  const byResourceId = new Map<string, Json>();
  const resolve = (v: unknown, depth: number): unknown => {
    if (depth > 64) return v;
    if (Array.isArray(v)) return v.map((x) => resolve(x, depth + 1));
    if (!isObject(v)) return v;
    const ref = str(v.$ref);
    const target = ref ? byId.get(ref) : v;
    if (!target) return v; // a dangling $ref stays as it is
    const done = resolved.get(target);
    if (done) return done;
    const out: Json = dataObject();
    resolved.set(target, out); // before recursing: cycles end here
    const flat = flatten(target);
    for (const k in flat) out[k] = resolve(flat[k], depth + 1);
    if (typeOf(out)) {
      entities.push(out);
      if (out.$resourceId) byResourceId.set(str(out.$resourceId), out);
    }
    return out;
  };
  items.forEach((x) => resolve(x, 0));
  return { entities, byResourceId };
}

interface Mapped {
  type: EntityType;
  value: string;
  display?: string;
}

function hostName(e: Json): string {
  const host = pickAnyCase(e, 'HostName', 'hostName');
  const domain = pickAnyCase(e, 'DnsDomain');
  if (host && domain && !host.includes('.')) return `${host}.${domain}`;
  return host || pickAnyCase(e, 'FQDN', 'NetBiosName', 'AzureID', 'OMSAgentID', 'HostId');
}

function accountName(e: Json): string {
  const name = pickAnyCase(e, 'Name', 'AccountName');
  const upn = pickAnyCase(e, 'UPNSuffix');
  const domain = pickAnyCase(e, 'NTDomain');
  if (name && upn) return `${name}@${upn}`;
  if (name && domain) return `${domain}\\${name}`;
  return name || pickAnyCase(e, 'UserPrincipalName', 'AadUserId', 'Sid', 'ObjectGuid', 'DisplayName');
}

function filePath(e: Json): string {
  return joinPath(pickAnyCase(e, 'Directory'), pickAnyCase(e, 'Name', 'FileName'));
}

/** What the entity is, by its Type; null for types we do not know (kept as 'other'). */
function mapEntity(e: Json, link: (e: Json, name: string) => Json | null): Mapped | null {
  switch (typeOf(e)) {
    case 'host':
      return { type: 'device', value: hostName(e) };
    case 'account':
      return { type: 'user', value: accountName(e), display: pickAnyCase(e, 'DisplayName') || undefined };
    case 'ip':
      return { type: 'ip', value: pickAnyCase(e, 'Address') };
    case 'file':
      return { type: 'file', value: filePath(e) };
    case 'filehash':
      return { type: 'hash', value: pickAnyCase(e, 'Value', 'HashValue') };
    case 'process': {
      const image = link(e, 'ImageFile');
      return { type: 'process', value: (image && filePath(image)) || pickAnyCase(e, 'CommandLine') || `process ${pickAnyCase(e, 'ProcessId')}` };
    }
    case 'url':
      return { type: 'url', value: pickAnyCase(e, 'Url') };
    case 'dns':
    case 'dnsresolution':
      return { type: 'domain', value: pickAnyCase(e, 'DomainName') };
    case 'registrykey':
      return { type: 'registryKey', value: registryPath(pickAnyCase(e, 'Hive'), pickAnyCase(e, 'Key')) };
    case 'registryvalue': {
      const key = link(e, 'Key');
      const keyPath = key ? registryPath(pickAnyCase(key, 'Hive'), pickAnyCase(key, 'Key')) : '';
      return { type: 'registryValue', value: joinPath(keyPath, pickAnyCase(e, 'Name', 'ValueName')) };
    }
    case 'mailbox':
      return { type: 'mailbox', value: pickAnyCase(e, 'MailboxPrimaryAddress', 'Upn'), display: pickAnyCase(e, 'DisplayName') || undefined };
    case 'mailmessage':
      return { type: 'mailMessage', value: pickAnyCase(e, 'InternetMessageId', 'NetworkMessageId'), display: pickAnyCase(e, 'Subject') || undefined };
    case 'cloudapplication':
      return { type: 'cloudApplication', value: pickAnyCase(e, 'Name', 'AppName', 'AppId') };
    case 'azureresource':
      return { type: 'cloudResource', value: pickAnyCase(e, 'ResourceId') };
    case 'securitygroup':
      return { type: 'securityGroup', value: pickAnyCase(e, 'DistinguishedName', 'Sid', 'ObjectGuid') };
    case 'iotdevice':
      return { type: 'device', value: pickAnyCase(e, 'DeviceName', 'DeviceId') };
    case 'malware':
      return { type: 'other', value: `malware ${pickAnyCase(e, 'Name', 'MalwareName')}`, display: pickAnyCase(e, 'Name', 'MalwareName') || undefined };
    default:
      return null;
  }
}

const LINK_FIELDS = /^(.*?)(EntityIds?)$/i;

/**
 * The entities of a SecurityAlert `Entities` value (string or list) or of a
 * REST entities list, with links resolved into attributes (`Host: "pc1"`).
 */
export function sentinelEntities(raw: unknown, defaults: Partial<EntityInput> = {}): EntityInput[] {
  const { entities, byResourceId } = entityGraph(raw);
  const link = (e: Json, name: string): Json | null => {
    const direct = field(e, name);
    if (isObject(direct)) return direct;
    const viaId = field(e, `${name}EntityId`);
    return typeof viaId === 'string' ? (byResourceId.get(viaId) ?? null) : null;
  };
  const valueOf = (e: Json) => {
    const m = mapEntity(e, link);
    return m?.value.trim() ? m.value.trim() : '';
  };
  const out: EntityInput[] = [];
  for (const e of entities) {
    const mapped = mapEntity(e, link);
    const attributes: Json = { entityType: str(field(e, 'Type')) };
    for (const k in e) {
      if (k === '$id' || k === '$resourceId' || k === 'Type') continue;
      const v = e[k];
      if (v === null || v === undefined || v === '') continue;
      const viaIds = LINK_FIELDS.exec(k);
      if (isObject(v) && typeOf(v)) attributes[k] = valueOf(v) || str(field(v, 'Type'));
      else if (Array.isArray(v) && v.some((x) => isObject(x) && typeOf(x))) attributes[k] = v.map((x) => (isObject(x) ? valueOf(x) : str(x))).filter(Boolean);
      else if (viaIds && (typeof v === 'string' || Array.isArray(v))) {
        const targets = list(v)
          .map((id) => byResourceId.get(str(id)))
          .filter((t): t is Json => !!t);
        attributes[viaIds[1]!] = targets.length === 1 && typeof v === 'string' ? valueOf(targets[0]!) : targets.map(valueOf);
      } else attributes[k] = v;
    }
    const value = mapped?.value.trim();
    if (!mapped || !value) {
      const name = pickAnyCase(e, 'FriendlyName', 'Name', 'DisplayName', 'Id') || JSON.stringify(attributes).slice(0, 200);
      out.push({ ...defaults, type: 'other', value: `${str(field(e, 'Type')) || 'entity'}: ${name}`, attributes });
      continue;
    }
    out.push({ ...defaults, type: mapped.type, value, display: mapped.display ?? (pickAnyCase(e, 'FriendlyName') || undefined), attributes });
    if (mapped.type === 'file') out.push({ ...defaults, type: 'filePath', value });
  }
  return out;
}
