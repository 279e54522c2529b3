import { isIP } from '../../import/entity-keys';
import type { EntityInput } from '../types';

/**
 * Hayabusa's `Details` column: the fields a rule chose to show, as
 * `Key: Value ¦ Key: Value` (Hayabusa 2.x, abbreviated keys such as Proc,
 * TgtUser, SrcIP) or `Key: Value  :  Key: Value` (1.x, spelled-out keys such as
 * "Source User", "IP Address"). Chainsaw's `Event Data` column is YAML with one
 * `Key: value` per line. Both become key/value pairs, and the pairs that name a
 * user, an address, a process, a file, a host or a hash become entities.
 */

export type Pairs = [key: string, value: string][];

/** Splits a Details value into pairs; parts without a key ("Bootup") are dropped. */
export function parseDetails(details: string): Pairs {
  if (!details) return [];
  const parts = details.includes('¦') ? details.split('¦') : details.split('  :  ');
  const pairs: Pairs = [];
  for (const part of parts) {
    const colon = part.indexOf(':');
    if (colon <= 0) continue;
    const key = part.slice(0, colon).trim();
    // A key is a short name; "C:\Windows..." or a sentence is a value that happens to hold a colon.
    if (key.length > 40 || key.length === 1 || /[\\/]/.test(key)) continue;
    pairs.push([key, part.slice(colon + 1).trim()]);
  }
  return pairs;
}

const YAML_KEY = /^[A-Za-z_][\w.-]*$/;
const LINE_BREAK = /[\r\n\u2028\u2029]/;

/**
 * A `Key: value` line as /^([A-Za-z_][\w.-]*):\s+(.*)$/ reads it, the value
 * trimmed; null when it is not one. By hand: the pattern tried every split of
 * the spaces after the colon when the value held a lone carriage return
 * (quadratic in the spaces).
 */
function yamlPair(line: string): [string, string] | null {
  const colon = line.indexOf(':');
  if (colon === -1 || !YAML_KEY.test(line.slice(0, colon))) return null;
  const rest = line.slice(colon + 1);
  const value = rest.trimStart();
  // At least one space after the colon; `.` matches no line break in what follows the spaces.
  if (value.length === rest.length || LINE_BREAK.test(value)) return null;
  return [line.slice(0, colon), value.trimEnd()];
}

/** Top-level `Key: value` lines of a YAML mapping (Chainsaw's Event Data); nested blocks are skipped. */
export function parseYamlFields(yaml: string): Pairs {
  const pairs: Pairs = [];
  for (const line of yaml.split(/\r?\n/)) {
    const pair = yamlPair(line);
    if (!pair) continue;
    let value = pair[1];
    if (value === '~' || value === 'null' || value === '|' || value === '>' || value === '|-' || value === '>-') continue;
    if (/^'.*'$/.test(value)) value = value.slice(1, -1).replace(/''/g, "'");
    else if (/^".*"$/.test(value)) {
      try {
        value = JSON.parse(value) as string;
      } catch {
        value = value.slice(1, -1);
      }
    }
    pairs.push([pair[0], value]);
  }
  return pairs;
}

const norm = (key: string) => key.toLowerCase().replace(/[\s_.-]/g, '');

const USER_KEYS = new Set([
  'user',
  'tgtuser',
  'targetuser',
  'srcuser',
  'sourceuser',
  'targetusername',
  'subjectusername',
  'username',
  'accountname',
  'samaccountname',
]);
const IP_KEYS = new Set([
  'srcip',
  'tgtip',
  'ipaddress',
  'ip',
  'sourceip',
  'destinationip',
  'destip',
  'sourceaddress',
  'destaddress',
  'clientip',
  'remoteip',
  'clientaddress',
]);
const PROCESS_KEYS = new Set([
  'proc',
  'process',
  'image',
  'processname',
  'newprocessname',
  'parentimage',
  'parentprocessname',
  'sourceimage',
  'targetimage',
  'srcproc',
  'tgtproc',
  'parentproc',
]);
const COMMAND_KEYS = new Set(['cmdline', 'command', 'commandline', 'processcommandline']);
const PID_KEYS = new Set(['pid', 'processid', 'newprocessid']);
const FILE_KEYS = new Set(['tgtfile', 'file', 'targetfilename', 'targetfile', 'filename', 'imageloaded']);
const HOST_KEYS = new Set([
  'workstation',
  'workstationname',
  'srccomp',
  'tgtcomp',
  'tgthost',
  'srchost',
  'sourcehostname',
  'destinationhostname',
  'targetserver',
  'tgtsvr',
]);
const HASH_KEYS = new Set(['hashes', 'hash', 'md5', 'sha1', 'sha256', 'imphash']);
/** In 1.x Details, "Path" is the image of a process-creation rule, or a service's command line. */
const PATH_KEYS = new Set(['path']);

const NOISE = new Set(['', '-', 'n/a', 'na', 'none', 'null', 'unknown', '0.0.0.0', '127.0.0.1', '::1', '::', 'localhost']);
const HASH = /\b(?:[A-Fa-f0-9]{64}|[A-Fa-f0-9]{40}|[A-Fa-f0-9]{32})\b/g;
const EXECUTABLE = /^(?:[a-z]:\\|\\\\|%\w+%\\|\\systemroot\\|\\device\\)[^<>"|?*\r\n]*\.(?:exe|dll|com|scr|sys|bat|cmd|ps1|msi|cpl|hta|vbs|js)$/i;

export interface DetailFacts {
  entities: EntityInput[];
  /** The user the row is about (the first user-like field). */
  user: string;
}

/** Entities named by pairs (Details, Event Data, or a CSV row's own columns). */
export function factsOf(pairs: Pairs): DetailFacts {
  const entities: EntityInput[] = [];
  let user = '';
  let main: EntityInput | null = null;
  let commandLine = '';
  let pid = '';
  for (const [rawKey, value] of pairs) {
    const key = norm(rawKey);
    const v = value.trim();
    if (NOISE.has(v.toLowerCase())) continue;
    if (USER_KEYS.has(key)) {
      user ||= v;
      entities.push({ type: 'user', value: v });
    } else if (IP_KEYS.has(key)) {
      const ip = v.replace(/^::ffff:/i, '');
      if (isIP(ip)) entities.push({ type: 'ip', value: ip });
    } else if (PROCESS_KEYS.has(key) || (PATH_KEYS.has(key) && EXECUTABLE.test(v))) {
      const process: EntityInput = { type: 'process', value: v };
      entities.push(process);
      main ??= process;
    } else if (COMMAND_KEYS.has(key)) {
      commandLine ||= v;
    } else if (PID_KEYS.has(key)) {
      pid ||= v;
    } else if (FILE_KEYS.has(key)) {
      entities.push({ type: 'filePath', value: v });
    } else if (HOST_KEYS.has(key)) {
      const host = v.replace(/^\\\\/, '');
      if (isIP(host)) entities.push({ type: 'ip', value: host });
      else if (!/[\\/\s]/.test(host)) entities.push({ type: 'device', value: host });
    } else if (HASH_KEYS.has(key)) {
      for (const m of v.matchAll(HASH)) entities.push({ type: 'hash', value: m[0] });
    }
  }
  if (main && (commandLine || pid)) {
    main.attributes = { ...(commandLine ? { commandLine } : {}), ...(pid ? { pid } : {}) };
  }
  return { entities, user };
}
