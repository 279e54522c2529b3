import type { EntityRow } from '../../../../shared/domain/entities';
import { scoId } from './stix-ids';

/**
 * An entity of the case as a STIX 2.1 cyber-observable (SCO), with its
 * deterministic id. Devices, processes, cloud resources and applications are
 * written by stix-assets.ts; kinds STIX has no object for (mail messages,
 * security groups, registry values) give null: the export counts them in its
 * notes.
 */

export type Sco = Record<string, unknown> & { type: string; id: string };

const HASH_NAMES: Record<number, string> = { 32: 'MD5', 40: 'SHA-1', 64: 'SHA-256', 128: 'SHA-512' };
const IPV4 = /^(\d{1,3})(\.\d{1,3}){3}(\/\d{1,2})?$/;

function sco(type: string, properties: Record<string, unknown>): Sco {
  return { type, spec_version: '2.1', id: scoId(type, properties), ...properties };
}

/** The last part of a Windows or POSIX path. */
const baseName = (path: string) => path.split(/[\\/]/).filter(Boolean).pop() ?? path;

function hashObservable(value: string): Sco | null {
  const hex = value.trim().toLowerCase();
  const name = /^[0-9a-f]+$/.test(hex) ? HASH_NAMES[hex.length] : undefined;
  return name ? sco('file', { hashes: { [name]: hex } }) : null;
}

function userAccount(entity: EntityRow): Sco {
  // DOMAIN\user and user@domain are Windows domain accounts; anything else is a login as it was seen.
  const windows = /\\/.test(entity.display) || /@/.test(entity.display);
  return sco('user-account', { ...(windows ? { account_type: 'windows-domain' } : {}), user_id: entity.key, account_login: entity.display });
}

export function entityObservable(entity: EntityRow): Sco | null {
  const value = entity.display.trim();
  switch (entity.type) {
    case 'ip':
      return sco(IPV4.test(entity.key) ? 'ipv4-addr' : 'ipv6-addr', { value: entity.key });
    case 'domain':
      return sco('domain-name', { value: entity.key });
    case 'url':
      return sco('url', { value });
    case 'hash':
      return hashObservable(entity.key);
    case 'file':
    case 'filePath':
      return sco('file', { name: baseName(value) });
    case 'user':
      return userAccount(entity);
    case 'emailAddress':
    case 'mailbox':
      return /@/.test(entity.key) ? sco('email-addr', { value: entity.key }) : null;
    case 'registryKey':
      return sco('windows-registry-key', { key: value });
    default:
      return null;
  }
}
