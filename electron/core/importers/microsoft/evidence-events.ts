import type { EntityInput, ImportContext } from '../types';
import type { Position } from '../problems';
import { alertSubject } from './alert-events';
import { evidenceKind } from './graph-evidence';
import { isObject, joinPath, optionalUs, str, type Json } from './values';

/**
 * The moments an alert's evidence records, on the timeline: when each process
 * (and its parent) started, and any other time an evidence object carries
 * (first and last seen, a file's or a message's own times). The evidence's
 * `createdDateTime` is when Defender recorded it, the alert's creation, which
 * the alert's own events already show.
 */

const SKIPPED = new Set(['createdDateTime']);
const DESCRIPTIONS: Record<string, string> = {
  processCreationDateTime: 'Process created',
  parentProcessCreationDateTime: 'Parent process created',
  firstSeenDateTime: 'Evidence first seen',
  lastSeenDateTime: 'Evidence last seen',
};

function imageOf(file: unknown): string {
  return isObject(file) ? joinPath(str(file.filePath).trim(), str(file.fileName).trim()) : '';
}

/** What the moment is about, for the message. */
function subject(e: Json, field: string, entity: EntityInput | undefined): string {
  if (field === 'processCreationDateTime') {
    const what = str(e.processCommandLine).trim() || imageOf(e.imageFile);
    return `Process started: ${what}${str(e.processId) ? ` (pid ${str(e.processId)})` : ''}`;
  }
  if (field === 'parentProcessCreationDateTime') {
    return `Parent process started: ${imageOf(e.parentProcessImageFile) || 'unknown image'}${str(e.parentProcessId) ? ` (pid ${str(e.parentProcessId)})` : ''}`;
  }
  return `${DESCRIPTIONS[field] ?? field}: ${entity?.display ?? entity?.value ?? evidenceKind(e)}`;
}

/**
 * One event per time field of each evidence object of an alert. `entities[i]`
 * is the entity evidence `i` became (its first), for the message.
 */
export function emitEvidenceEvents(
  ctx: ImportContext,
  alertId: string,
  evidence: unknown[],
  entities: (EntityInput | undefined)[],
  all: readonly EntityInput[],
  position: Position,
  path: string,
): void {
  const { host, user } = alertSubject(all);
  evidence.forEach((e, i) => {
    if (!isObject(e)) return;
    for (const field in e) {
      if (SKIPPED.has(field) || !field.endsWith('DateTime') || e[field] === null || e[field] === '') continue;
      const time = optionalUs(ctx, e[field], position, `${path}evidence[${i}].${field}`);
      if (time === null) continue;
      ctx.event({
        time,
        timestampDesc: DESCRIPTIONS[field] ?? field,
        message: subject(e, field, entities[i]),
        source: ctx.file,
        host,
        user: field === 'processCreationDateTime' ? processUser(e) || user : user,
        tags: ['evidence'],
        attributes: { alertId, evidenceType: evidenceKind(e), ...(str(e.mdeDeviceId) ? { mdeDeviceId: str(e.mdeDeviceId) } : {}) },
      });
    }
  });
}

function processUser(e: Json): string {
  const a = isObject(e.userAccount) ? e.userAccount : null;
  if (!a) return '';
  const name = str(a.accountName).trim();
  const domain = str(a.domainName).trim();
  return str(a.userPrincipalName).trim() || (name ? (domain ? `${domain}\\${name}` : name) : '');
}
