import type { IndicatorType } from '../../../../shared/domain/records';
import type { EntityInput } from '../types';
import { hashIndicatorType, ipKind } from '../intel/value-kinds';
import { str, strings, type StixObject } from './stix-bundle';

/**
 * STIX Cyber-observable Objects (SCOs) → the entities they are and the
 * observable values they carry (which become indicators not marked for
 * detection). References between observables (a file's parent directory, a
 * connection's ends, a message's sender) are resolved so each entity reads on
 * its own. Returns null for types that are not observables.
 */

export interface ObservedValue {
  type: IndicatorType;
  value: string;
  /** The STIX path the value came from, e.g. "file:hashes.'SHA-256'". */
  path: string;
}

export interface Observation {
  entities: EntityInput[];
  values: ObservedValue[];
}

export type Resolve = (ref: unknown) => StixObject | undefined;

export const OBSERVABLE_TYPES = new Set([
  'ipv4-addr',
  'ipv6-addr',
  'domain-name',
  'url',
  'email-addr',
  'email-message',
  'file',
  'directory',
  'artifact',
  'process',
  'user-account',
  'windows-registry-key',
  'x509-certificate',
  'network-traffic',
  'mutex',
  'autonomous-system',
  'mac-addr',
  'software',
]);

/** Everything the object says, minus what is already its identity or only bookkeeping. */
function details(object: StixObject, omit: string[] = []): Record<string, unknown> {
  const skip = new Set(['type', 'id', 'spec_version', 'defanged', 'object_marking_refs', 'granular_markings', ...omit]);
  const out: Record<string, unknown> = { stixId: object.id };
  for (const [k, v] of Object.entries(object)) if (!skip.has(k) && v !== undefined && v !== null) out[k] = v;
  return out;
}

function hashValues(object: StixObject, prefix: string): { entities: EntityInput[]; values: ObservedValue[] } {
  const hashes = (object.hashes ?? {}) as Record<string, unknown>;
  const entities: EntityInput[] = [];
  const values: ObservedValue[] = [];
  for (const [algorithm, hash] of Object.entries(hashes)) {
    if (typeof hash !== 'string' || !hash.trim()) continue;
    entities.push({ type: 'hash', value: hash, attributes: { algorithm, stixId: object.id, ...(object.name ? { fileName: object.name } : {}) } });
    values.push({ type: hashIndicatorType(algorithm), value: hash, path: `${prefix}:hashes.'${algorithm}'` });
  }
  return { entities, values };
}

const valueOf = (o: StixObject | undefined): string => (o ? str(o.value ?? o.path ?? o.name ?? '') : '');

function fullPath(file: StixObject, resolve: Resolve): string {
  const name = str(file.name);
  const dir = str(resolve(file.parent_directory_ref)?.path);
  if (!dir) return name;
  const sep = dir.includes('\\') ? '\\' : '/';
  return dir.endsWith(sep) ? `${dir}${name}` : `${dir}${sep}${name}`;
}

function endpoint(ref: unknown, port: unknown, resolve: Resolve): string {
  const host = valueOf(resolve(ref)) || '?';
  return port === undefined ? host : `${host}:${str(port)}`;
}

/** "198.51.100.7:49152 → 203.0.113.5:443", '?' for an end the document does not name. */
export function connectionText(object: StixObject, resolve: Resolve): string {
  return `${endpoint(object.src_ref, object.src_port, resolve)} → ${endpoint(object.dst_ref, object.dst_port, resolve)}`;
}

export function observe(object: StixObject, resolve: Resolve): Observation | null {
  const t = object.type;
  const value = str(object.value).trim();
  switch (t) {
    case 'ipv4-addr':
    case 'ipv6-addr': {
      if (!value) return { entities: [], values: [] };
      const kind = ipKind(value) ?? (t === 'ipv4-addr' ? 'ipv4' : 'ipv6');
      return { entities: [{ type: 'ip', value, attributes: details(object, ['value']) }], values: [{ type: kind, value, path: `${t}:value` }] };
    }
    case 'domain-name': {
      if (!value) return { entities: [], values: [] };
      const resolvesTo = strings(object.resolves_to_refs)
        .map((r) => valueOf(resolve(r)))
        .filter(Boolean);
      const attrs = { ...details(object, ['value', 'resolves_to_refs']), ...(resolvesTo.length ? { resolvesTo } : {}) };
      return { entities: [{ type: 'domain', value, attributes: attrs }], values: [{ type: 'domain', value, path: 'domain-name:value' }] };
    }
    case 'url':
      if (!value) return { entities: [], values: [] };
      return { entities: [{ type: 'url', value, attributes: details(object, ['value']) }], values: [{ type: 'url', value, path: 'url:value' }] };
    case 'email-addr':
      if (!value) return { entities: [], values: [] };
      return {
        entities: [{ type: 'emailAddress', value, attributes: details(object, ['value']) }],
        values: [{ type: 'email', value, path: 'email-addr:value' }],
      };
    case 'mac-addr':
      if (!value) return { entities: [], values: [] };
      return { entities: [{ type: 'other', value: `mac-addr:${value}`, display: value, attributes: { kind: 'mac-addr', ...details(object) } }], values: [] };
    case 'file':
    case 'artifact': {
      const { entities, values } = hashValues(object, t);
      const name = str(object.name).trim();
      if (name) {
        const path = fullPath(object, resolve);
        entities.unshift({
          type: 'file',
          value: path,
          display: name,
          attributes: details(object, ['parent_directory_ref', 'contains_refs', 'content_ref', 'payload_bin']),
        });
        values.push({ type: 'filename', value: name, path: 'file:name' });
      }
      return { entities, values };
    }
    case 'directory': {
      const path = str(object.path).trim();
      return { entities: path ? [{ type: 'filePath', value: path, attributes: details(object, ['path', 'contains_refs']) }] : [], values: [] };
    }
    case 'process': {
      const image = resolve(object.image_ref);
      const command = str(object.command_line) || str(image?.name) || (object.pid !== undefined ? `pid ${String(object.pid)}` : '');
      if (!command) return { entities: [], values: [] };
      const attrs = {
        ...details(object, ['image_ref', 'parent_ref', 'child_refs', 'opened_connection_refs']),
        ...(image ? { image: fullPath(image, resolve) } : {}),
      };
      return { entities: [{ type: 'process', value: command, attributes: attrs }], values: [] };
    }
    case 'user-account': {
      const login = str(object.account_login) || str(object.user_id) || str(object.display_name);
      return { entities: login ? [{ type: 'user', value: login, attributes: details(object) }] : [], values: [] };
    }
    case 'windows-registry-key': {
      const key = str(object.key).trim();
      if (!key) return { entities: [], values: [] };
      return {
        entities: [{ type: 'registryKey', value: key, attributes: details(object, ['key', 'creator_user_ref']) }],
        values: [{ type: 'registry', value: key, path: 'windows-registry-key:key' }],
      };
    }
    case 'mutex': {
      const name = str(object.name).trim();
      if (!name) return { entities: [], values: [] };
      return {
        entities: [{ type: 'other', value: `mutex:${name}`, display: name, attributes: { kind: 'mutex', ...details(object) } }],
        values: [{ type: 'mutex', value: name, path: 'mutex:name' }],
      };
    }
    case 'autonomous-system': {
      const number = str(object.number);
      if (!number) return { entities: [], values: [] };
      const display = `AS${number}${object.name ? ` ${str(object.name)}` : ''}`;
      return {
        entities: [{ type: 'other', value: `autonomous-system:AS${number}`, display, attributes: { kind: 'autonomous-system', ...details(object) } }],
        values: [],
      };
    }
    case 'x509-certificate': {
      const serial = str(object.serial_number) || str(object.subject) || object.id;
      return {
        entities: [
          {
            type: 'other',
            value: `x509-certificate:${serial}`,
            display: `certificate ${serial}`,
            attributes: { kind: 'x509-certificate', ...details(object) },
          },
        ],
        values: [],
      };
    }
    case 'software': {
      const name = [str(object.vendor), str(object.name), str(object.version)].filter(Boolean).join(' ') || str(object.cpe);
      if (!name) return { entities: [], values: [] };
      return {
        entities: [{ type: 'other', value: `software:${str(object.cpe) || name}`, display: name, attributes: { kind: 'software', ...details(object) } }],
        values: [],
      };
    }
    case 'network-traffic': {
      const protocols = strings(object.protocols).join('/');
      const text = `${connectionText(object, resolve)}${protocols ? ` (${protocols})` : ''}`;
      return {
        entities: [{ type: 'other', value: `network-traffic:${text}`, display: text, attributes: { kind: 'network-traffic', ...details(object) } }],
        values: [],
      };
    }
    case 'email-message': {
      const from = valueOf(resolve(object.from_ref));
      const to = strings(object.to_refs)
        .map((r) => valueOf(resolve(r)))
        .filter(Boolean);
      const identity = str(object.message_id) || str(object.subject) || object.id;
      const attrs = {
        ...details(object, ['from_ref', 'to_refs', 'cc_refs', 'bcc_refs', 'sender_ref', 'raw_email_ref']),
        ...(from ? { from } : {}),
        ...(to.length ? { to } : {}),
      };
      return { entities: [{ type: 'mailMessage', value: identity, display: str(object.subject) || identity, attributes: attrs }], values: [] };
    }
    default:
      return null;
  }
}
