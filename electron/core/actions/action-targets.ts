import type { ActionTarget } from '../../../shared/domain/actions';
import type { EntityRow } from '../../../shared/domain/entities';
import type { ActionRecord } from '../../../shared/domain/records';
import { entityId, normalizeEntityKey } from '../import/entity-keys';

/**
 * The exact identifiers an action's target is known by, taken from what the
 * sources said about the entity: whoever carries the action out on the live
 * network needs the device id, the SID or the SHA-256, not a display name.
 */

/** Attribute names (lower-case, as any source may spell them) by what they identify, most exact first. */
const IDENTIFIERS: { name: string; keys: string[] }[] = [
  { name: 'Device id', keys: ['mdedeviceid', 'deviceid', 'machineid'] },
  { name: 'Azure AD device id', keys: ['azureaddeviceid', 'aaddeviceid'] },
  { name: 'SID', keys: ['usersid', 'sid', 'securityidentifier'] },
  { name: 'UPN', keys: ['userprincipalname', 'upn'] },
  { name: 'Azure AD user id', keys: ['azureaduserid', 'aaduserid', 'objectid'] },
  { name: 'SHA-256', keys: ['sha256'] },
  { name: 'SHA-1', keys: ['sha1'] },
  { name: 'MD5', keys: ['md5'] },
  { name: 'Network message id', keys: ['networkmessageid', 'internetmessageid'] },
];

/** What the key of an entity is, when no attribute says more. */
const KEY_NAMES: Partial<Record<EntityRow['type'], string>> = {
  device: 'Host name',
  user: 'Account',
  ip: 'IP address',
  domain: 'Domain',
  url: 'URL',
  file: 'File',
  hash: 'Hash',
  mailbox: 'Mailbox',
  emailAddress: 'E-mail address',
  filePath: 'Path',
  process: 'Process',
  registryKey: 'Registry key',
  registryValue: 'Registry value',
};

/** Every string attribute, one level of nesting included (Defender nests a user's SID under userAccount). */
function flatAttributes(attributes: readonly Record<string, unknown>[]): Map<string, string> {
  const flat = new Map<string, string>();
  const visit = (object: Record<string, unknown>, depth: number) => {
    for (const [key, value] of Object.entries(object)) {
      if (typeof value === 'string' && value.trim() && !flat.has(key.toLowerCase())) flat.set(key.toLowerCase(), value.trim());
      else if (depth === 0 && value && typeof value === 'object' && !Array.isArray(value)) visit(value as Record<string, unknown>, 1);
    }
  };
  for (const a of attributes) visit(a, 0);
  return flat;
}

/** A hash entity names its algorithm in its attributes, else by its length. */
function hashName(row: EntityRow, flat: Map<string, string>): string {
  const algorithm = flat.get('algorithm')?.toLowerCase();
  const byLength: Record<number, string> = { 32: 'MD5', 40: 'SHA-1', 64: 'SHA-256' };
  if (algorithm === 'sha256') return 'SHA-256';
  if (algorithm === 'sha1') return 'SHA-1';
  if (algorithm === 'md5') return 'MD5';
  return byLength[row.key.length] ?? 'Hash';
}

/** The target of an action on entity `row`, whose sources said `attributes`. */
export function targetOf(row: EntityRow, attributes: readonly Record<string, unknown>[]): ActionTarget {
  const flat = flatAttributes(attributes);
  const found: { name: string; value: string }[] = [];
  for (const { name, keys } of IDENTIFIERS) {
    const key = keys.find((k) => flat.has(k));
    if (key) found.push({ name, value: flat.get(key)! });
  }
  const keyName = row.type === 'hash' ? hashName(row, flat) : (KEY_NAMES[row.type] ?? 'Value');
  // The entity's own key is exact too (a user entity's key is its UPN or SID when the source gave one).
  if (!found.some((f) => f.value.toLowerCase() === row.key.toLowerCase())) found.push({ name: keyName, value: row.key });
  const [first, ...more] = found;
  return { entityId: row.id, type: row.type, display: row.display, identifierName: first!.name, identifier: first!.value, more };
}

/** The target of an imported machine action: its device, by the id the import gave the device entity. */
export function importedTarget(action: ActionRecord): ActionTarget {
  const machineId = typeof action.attributes.machineId === 'string' ? action.attributes.machineId : '';
  const host = action.target;
  const id = host ? entityId('device', normalizeEntityKey('device', host)) : null;
  if (machineId && machineId !== host) {
    return {
      entityId: id,
      type: 'device',
      display: host,
      identifierName: 'Device id',
      identifier: machineId,
      more: host ? [{ name: 'Host name', value: host }] : [],
    };
  }
  return { entityId: id, type: host ? 'device' : null, display: host || '(no target)', identifierName: 'Host name', identifier: host, more: [] };
}
