import type { EntityRow } from '../../../../shared/domain/entities';
import { casebookId, scoId } from './stix-ids';
import type { Sco } from './stix-observables';

/**
 * The case's assets in STIX 2.1, which has no observable for a host or a
 * cloud resource: a device or a cloud resource is an `infrastructure` SDO
 * (STIX: "systems … and associated physical or virtual resources", targeted
 * ones included), a cloud or OAuth application a `software` SCO, and a
 * process a `process` SCO with its command line and PID (from what the
 * sources said of it) and its image as a `file` SCO in its `directory`. A
 * process has no ID-contributing properties; its id, like an SDO's, is
 * derived from the case and the entity, so the same case gives the same
 * bundle. Each function returns the objects in reference order (what is
 * referred to first), the entity's own object last.
 */

export interface AssetContext {
  caseId: string;
  /** The case's creation and last change (STIX times of the SDOs made for it). */
  created: string;
  modified: string;
  /** What the sources said of the entity (its records' attributes), when it came with an alert or incident. */
  attributes: (entityId: string) => Record<string, unknown> | null;
}

const first = (attrs: Record<string, unknown> | null, names: readonly string[]): string | null => {
  for (const n of names) {
    const v = attrs?.[n];
    if (typeof v === 'string' && v.trim()) return v.trim();
    if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  }
  return null;
};

const COMMAND_LINE = ['commandLine', 'CommandLine', 'processCommandLine', 'ProcessCommandLine'];
const PID = ['pid', 'processId', 'ProcessId', 'ProcessID'];
const stixTime = (iso: string | null) => (iso ? new Date(iso).toISOString() : undefined);

function infrastructure(entity: EntityRow, ctx: AssetContext, description: string): Sco {
  const object: Sco = {
    type: 'infrastructure',
    spec_version: '2.1',
    id: casebookId('infrastructure', ctx.caseId, entity.id),
    created: ctx.created,
    modified: ctx.modified,
    name: entity.display,
    description,
  };
  const [firstSeen, lastSeen] = [stixTime(entity.firstSeen), stixTime(entity.lastSeen)];
  if (firstSeen) object.first_seen = firstSeen;
  if (lastSeen && (!firstSeen || lastSeen >= firstSeen)) object.last_seen = lastSeen;
  return object;
}

/** A Windows or POSIX path as its folder and its name; null when there is no name after the last separator. */
function splitPath(value: string): { dir: string | null; name: string } | null {
  const cut = Math.max(value.lastIndexOf('\\'), value.lastIndexOf('/'));
  const name = value.slice(cut + 1);
  return name ? { dir: cut > 0 ? value.slice(0, cut) : null, name } : null;
}

function processObjects(entity: EntityRow, ctx: AssetContext): Sco[] {
  const attrs = ctx.attributes(entity.id);
  const objects: Sco[] = [];
  const process: Sco = { type: 'process', spec_version: '2.1', id: casebookId('process', ctx.caseId, entity.id) };
  const image = entity.display.replace(/ \(pid [^)]*\)$/, '').trim();
  const commandLine = first(attrs, COMMAND_LINE);
  const pidText = first(attrs, PID);
  const pid = pidText === null ? NaN : /^0x[0-9a-f]+$/i.test(pidText) ? parseInt(pidText, 16) : Number(pidText);
  // An image path, not a command line (which has arguments after a space).
  const path = /[\\/]|\.exe$/i.test(image) && !/\.exe\s|\s-/i.test(image) ? splitPath(image) : null;
  if (path) {
    let parent: Sco | null = null;
    if (path.dir) {
      parent = { type: 'directory', spec_version: '2.1', id: scoId('directory', { path: path.dir }), path: path.dir };
      objects.push(parent);
    }
    const props = { name: path.name, ...(parent ? { parent_directory_ref: parent.id } : {}) };
    const file: Sco = { type: 'file', spec_version: '2.1', id: scoId('file', props), ...props };
    objects.push(file);
    process.image_ref = file.id;
  }
  // Without a path the entity's name is what the source ran (a command line); with one, only a command line the source gave.
  const line = commandLine ?? (path ? null : entity.display);
  if (line) process.command_line = line;
  if (Number.isInteger(pid) && pid >= 0) process.pid = pid;
  objects.push(process);
  return objects;
}

/** The objects of an asset entity (device, process, cloud resource or application), or null for other kinds. */
export function assetObjects(entity: EntityRow, ctx: AssetContext): Sco[] | null {
  switch (entity.type) {
    case 'device':
      return [infrastructure(entity, ctx, `Device named in the case (${entity.key})`)];
    case 'cloudResource':
      return [infrastructure(entity, ctx, `Cloud resource named in the case (${entity.key})`)];
    case 'cloudApplication':
    case 'oauthApplication': {
      const props = { name: entity.display };
      return [{ type: 'software', spec_version: '2.1', id: scoId('software', props), ...props }];
    }
    case 'process':
      return processObjects(entity, ctx);
    default:
      return null;
  }
}
