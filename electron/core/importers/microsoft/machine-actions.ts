import { isoUs } from '../../../../shared/time';
import type { ImportContext, Importer, Sample } from '../types';
import { ImportProblem, type Position } from '../problems';

import { mapActionStatus, onceWarner, type Warn } from './enums';
import { objectRecords, readText, topLevelValues } from './json-input';
import { hasKeys, looksLikeJson } from './sniffing';
import { isObject, optionalIso, optionalUs, pick, rest, str, type Json } from './values';

/**
 * Defender for Endpoint machine actions (`GET /api/machineactions`, an OData
 * list, or one action): isolation, scans, quarantines, investigation packages,
 * live response. Each becomes an action record (so pending ones can be
 * reviewed), a device entity for its machine, a hash entity for the file it
 * acts on, and one timeline event at the time it was requested.
 */

const SOURCE = 'Microsoft Defender for Endpoint';

const MAPPED = new Set(['id', 'type', 'status', 'requestor', 'requestorComment', 'creationDateTimeUtc', 'lastUpdateTimeUtc', 'lastUpdateDateTimeUtc']);

function isMachineAction(o: Json): boolean {
  return 'machineId' in o || 'computerDnsName' in o || ('type' in o && 'creationDateTimeUtc' in o);
}

export function machineAction(ctx: ImportContext, o: Json, position: Position, warn: Warn): void {
  const id = pick(o, 'id');
  const type = pick(o, 'type');
  if (!id || !type) {
    ctx.invalid({ position, field: id ? 'type' : 'id', reason: `the machine action has no ${id ? 'type' : 'id'}` });
    return;
  }
  const status = mapActionStatus(o.status, warn);
  const host = pick(o, 'computerDnsName');
  const machineId = pick(o, 'machineId');
  const target = host || machineId;
  const requestor = pick(o, 'requestor');
  const comment = pick(o, 'requestorComment');
  const created = optionalUs(ctx, o.creationDateTimeUtc, position, 'creationDateTimeUtc');
  const updatedField = o.lastUpdateTimeUtc !== undefined ? 'lastUpdateTimeUtc' : 'lastUpdateDateTimeUtc';

  ctx.action({
    externalId: id,
    type,
    status,
    target,
    requestor,
    comment,
    createdAt: created === null ? null : isoUs(created),
    updatedAt: optionalIso(ctx, o[updatedField], position, updatedField),
    attributes: { originalStatus: str(o.status), ...rest(o, MAPPED) },
    source: SOURCE,
  });
  if (target) ctx.entity({ type: 'device', value: target, attributes: machineId && host ? { mdeDeviceId: machineId } : {} });
  const file = isObject(o.relatedFileInfo) ? o.relatedFileInfo : null;
  const fileId = file ? pick(file, 'fileIdentifier') : '';
  if (fileId) ctx.entity({ type: 'hash', value: fileId, attributes: { algorithm: pick(file!, 'fileIdentifierType').toLowerCase() } });

  if (created === null) return;
  const attributes: Record<string, string> = { actionId: id, actionType: type, status, requestor };
  if (comment) attributes.comment = comment;
  if (machineId) attributes.machineId = machineId;
  if (str(o.scope)) attributes.scope = str(o.scope);
  if (fileId) attributes.fileIdentifier = fileId;
  ctx.event({
    time: created,
    timestampDesc: 'Machine action requested',
    // The requestor (an analyst's address) stays in the attributes: in the message the pipeline would make an entity of it.
    message: `${type} on ${target || 'an unnamed machine'}: ${status}${comment ? ` (${comment})` : ''}`,
    source: ctx.file,
    host,
    user: '',
    tags: ['machine-action'],
    attributes,
  });
}

export const defenderMachineActions: Importer = {
  format: 'defender-machine-actions',
  label: 'Defender for Endpoint machine actions (JSON)',
  sniff(sample: Sample): number {
    const t = sample.text;
    if (!looksLikeJson(t)) return 0;
    if (/"@odata\.context"\s*:\s*"[^"]*\$metadata#MachineActions/i.test(t)) return 0.95;
    if (hasKeys(t, 'creationDateTimeUtc', 'requestor') && (hasKeys(t, 'machineId') || hasKeys(t, 'computerDnsName'))) return 0.85;
    return 0;
  },
  async run(ctx: ImportContext): Promise<void> {
    const warn = onceWarner((m) => ctx.warn(m));
    const recs = objectRecords(ctx, topLevelValues(ctx, await readText(ctx)));
    let recognised = 0;
    for (const [i, { value: o, position }] of recs.entries()) {
      if (!isMachineAction(o)) {
        ctx.warn('not a machine action (no machineId, computerDnsName or type and creationDateTimeUtc); skipped', position);
        continue;
      }
      recognised++;
      machineAction(ctx, o, position, warn);
      if (i % 500 === 499) await ctx.checkpoint();
    }
    if (recognised === 0 && recs.length > 0) throw new ImportProblem(`${ctx.file}: no Defender for Endpoint machine action in the file`);
    if (recs.length === 0) ctx.warn('the file holds no machine actions');
    await ctx.checkpoint();
  },
};
