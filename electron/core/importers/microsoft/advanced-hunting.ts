import { isoUs } from '../../../../shared/time';
import type { EntityInput, ImportContext } from '../types';
import type { Position } from '../problems';
import { isIP } from '../../import/entity-keys';

import { MAX_ROW_ENTITIES, stateOf } from './context-state';
import { domainAccount, normalizeRow, rowAttributes } from './row-fields';
import { joinPath, pick, type Json } from './values';

/**
 * Defender XDR advanced-hunting rows (DeviceProcessEvents, DeviceNetworkEvents,
 * DeviceFileEvents, DeviceRegistryEvents, DeviceLogonEvents, DeviceEvents,
 * IdentityDirectoryEvents, CloudAppEvents, EmailEvents...) → one timeline
 * event each, with the device, accounts, processes, files, hashes, addresses
 * and URLs it names as entities. The table is recognised by its columns, so a
 * row works whether or not the export kept a `Type` column.
 */

const TIME_FIELDS = ['Timestamp', 'TimeGenerated'];
const SKIP = new Set(['Timestamp']);
const FLATTEN = new Set(['AdditionalFields']);

/** The account the event is about: the target account, else the one that ran the initiating process. */
function mainUser(r: Json): string {
  return (
    pick(r, 'AccountUpn') ||
    domainAccount(r, 'AccountDomain', 'AccountName') ||
    pick(r, 'InitiatingProcessAccountUpn') ||
    domainAccount(r, 'InitiatingProcessAccountDomain', 'InitiatingProcessAccountName') ||
    pick(r, 'AccountDisplayName', 'RecipientEmailAddress')
  );
}

/** "ActionType what (by whom) ...": the row in one line, from whichever columns its table has. */
export function huntingMessage(r: Json): string {
  const parts = [pick(r, 'ActionType') || pick(r, 'Type') || 'Event'];
  const initiator = pick(r, 'InitiatingProcessFileName');
  const via = initiator ? `${initiator} → ` : '';
  const remote = [pick(r, 'RemoteUrl'), [pick(r, 'RemoteIP'), pick(r, 'RemotePort')].filter(Boolean).join(':')].filter(Boolean).join(' ');
  if (pick(r, 'ProcessCommandLine')) parts.push(via + pick(r, 'ProcessCommandLine'));
  else if (remote) parts.push(via + remote);
  else if (pick(r, 'RegistryKey')) {
    const name = pick(r, 'RegistryValueName');
    const data = pick(r, 'RegistryValueData');
    parts.push(`${pick(r, 'RegistryKey')}${name ? `\\${name}` : ''}${data ? ` = ${data}` : ''}`);
  } else if (pick(r, 'FileName', 'FolderPath')) parts.push(joinPath(pick(r, 'FolderPath'), pick(r, 'FileName')));
  else if (pick(r, 'Subject')) parts.push(`"${pick(r, 'Subject')}" from ${pick(r, 'SenderFromAddress')} to ${pick(r, 'RecipientEmailAddress')}`);
  else if (initiator) parts.push(`by ${initiator}`);
  if (pick(r, 'Application')) parts.push(`in ${pick(r, 'Application')}`);
  const actor = pick(r, 'AccountUpn', 'AccountDisplayName');
  if (actor && !pick(r, 'ProcessCommandLine')) parts.push(`by ${actor}`);
  if (pick(r, 'IPAddress')) parts.push(`from ${pick(r, 'IPAddress')}`);
  if (pick(r, 'DestinationDeviceName')) parts.push(`to ${pick(r, 'DestinationDeviceName')}`);
  return parts.join(' ');
}

/** A process or file image with its hashes, from columns sharing a prefix ('' or 'InitiatingProcess'). */
function image(r: Json, prefix: string, type: 'process' | 'file'): EntityInput[] {
  const path = joinPath(pick(r, `${prefix}FolderPath`), pick(r, `${prefix}FileName`));
  const out: EntityInput[] = [];
  const commandLine = pick(r, `${prefix}CommandLine`, prefix ? '' : 'ProcessCommandLine');
  if (path) out.push({ type, value: path, attributes: commandLine ? { commandLine } : {} });
  for (const [column, algorithm] of [
    ['SHA256', 'sha256'],
    ['SHA1', 'sha1'],
    ['MD5', 'md5'],
  ] as const) {
    const value = pick(r, `${prefix}${column}`);
    if (value) out.push({ type: 'hash', value, attributes: { algorithm, fileName: pick(r, `${prefix}FileName`) } });
  }
  return out;
}

/** The entities a row names, without times (the caller stamps the ones it writes). */
function rowEntities(r: Json): EntityInput[] {
  const out: EntityInput[] = [];
  const device = pick(r, 'DeviceName');
  if (device) out.push({ type: 'device', value: device, attributes: pick(r, 'DeviceId') ? { mdeDeviceId: pick(r, 'DeviceId') } : {} });
  out.push(...image(r, 'InitiatingProcess', 'process'));
  if (pick(r, 'ProcessCommandLine')) out.push(...image(r, '', 'process'));
  else if (pick(r, 'FileName', 'SHA256', 'SHA1')) out.push(...image(r, '', 'file'));
  for (const column of ['RemoteIP', 'IPAddress', 'DestinationIPAddress', 'FileOriginIP', 'SenderIPv4', 'SenderIPv6']) {
    const ip = pick(r, column);
    if (ip && isIP(ip)) out.push({ type: 'ip', value: ip });
  }
  for (const column of ['RemoteUrl', 'FileOriginUrl', 'Url']) {
    const url = pick(r, column);
    if (url) out.push({ type: 'url', value: url });
  }
  const users = [
    pick(r, 'AccountUpn') || domainAccount(r, 'AccountDomain', 'AccountName'),
    pick(r, 'InitiatingProcessAccountUpn') || domainAccount(r, 'InitiatingProcessAccountDomain', 'InitiatingProcessAccountName'),
  ];
  for (const user of users) if (user) out.push({ type: 'user', value: user });
  for (const column of ['SenderFromAddress', 'RecipientEmailAddress']) {
    const address = pick(r, column);
    if (address.includes('@')) out.push({ type: 'emailAddress', value: address });
  }
  return out;
}

export function isAdvancedHuntingRow(r: Json): boolean {
  if ('Timestamp' in r && 'ActionType' in r) return true;
  return /^(Device|Identity|Email|CloudApp|UrlClick|AlertEvidence|AlertInfo)/.test(pick(r, 'Type')) && ('Timestamp' in r || 'TimeGenerated' in r);
}

/** One advanced-hunting row → an event (and its entities, each written once per import); false when its time is unusable. */
export function mapAdvancedHuntingRow(ctx: ImportContext, raw: Json, position: Position): boolean {
  const r = normalizeRow(raw);
  const timeField = TIME_FIELDS.find((f) => r[f] !== undefined && r[f] !== null && r[f] !== '') ?? 'Timestamp';
  const time = ctx.time(r[timeField] as string | number | undefined, position, timeField);
  if (time === null) return false;
  const state = stateOf(ctx);
  if (state.entities.size < MAX_ROW_ENTITIES) {
    let at: string | undefined;
    for (const e of rowEntities(r)) {
      const key = `${e.type}\0${e.value}`;
      if (state.entities.has(key)) continue;
      state.entities.add(key);
      e.firstSeen = e.lastSeen = at ??= isoUs(time);
      ctx.entity(e);
    }
  }
  ctx.event({
    time,
    timestampDesc: 'Event Recorded',
    message: huntingMessage(r),
    source: pick(r, 'Type') || 'Microsoft Defender XDR advanced hunting',
    host: pick(r, 'DeviceName'),
    user: mainUser(r),
    tags: [],
    attributes: rowAttributes(r, new Set([...SKIP, timeField]), FLATTEN),
  });
  return true;
}
