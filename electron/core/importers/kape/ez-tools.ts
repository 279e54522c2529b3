/**
 * The CSV files Eric Zimmerman's tools write (run alone or by KAPE's
 * modules), told apart by the columns each tool writes (from the tools'
 * documented output; every tool writes UTC as "yyyy-MM-dd HH:mm:ss.fffffff").
 * For each: which columns are its times (a row gives one event per distinct
 * time where the artifact has several that matter: a file's $SI times, a
 * prefetch file's last eight runs, a link's first and last open), where the
 * host and the user are, the one-line message, and the columns holding paths
 * (entities; hashes, addresses and URLs are found in every column anyway).
 */

import type { EntityInput } from '../types';

export type Row = Record<string, string>;

export interface EzTool {
  name: string;
  /** Columns that identify the tool's CSV: all must be in the header. */
  signature: string[];
  /** Columns that must not be there (a sibling tool's). */
  unlike?: string[];
  /** Time columns and what each means; `each`: an event per distinct time, else the first present. */
  times: [column: string, desc: string][];
  each: boolean;
  host?: (r: Row) => string;
  user?: (r: Row) => string;
  message(r: Row): string;
  /** Paths the row names: [value, kind]. */
  paths?: (r: Row) => [string, 'filePath' | 'process'][];
  /** For a tool whose rows have no time (`times` empty): the entities a row names, instead of events. */
  entities?: (r: Row) => EntityInput[];
}

const v = (r: Row, ...columns: string[]): string => {
  for (const c of columns) {
    const value = r[c];
    if (value !== undefined && value !== '' && value !== '-') return value;
  }
  return '';
};
const join = (folder: string, name: string) => (folder ? `${folder.replace(/\\$/, '')}\\${name}` : name);
const words = (...parts: string[]) => parts.filter(Boolean).join(' ');
/** The account a hive belongs to, from its path (…\Users\<name>\NTUSER.DAT or UsrClass.dat). */
const hiveOwner = (hivePath: string) => /\\Users\\([^\\]+)\\(?:NTUSER\.DAT|AppData\\Local\\Microsoft\\Windows\\UsrClass\.dat)$/i.exec(hivePath)?.[1] ?? '';

const PREVIOUS_RUNS: [string, string][] = [0, 1, 2, 3, 4, 5, 6].map((i) => [`PreviousRun${i}`, 'Prefetch: earlier run']);

export const EZ_TOOLS: EzTool[] = [
  {
    name: 'EvtxECmd',
    signature: ['TimeCreated', 'EventId', 'Provider', 'Channel', 'Computer', 'MapDescription', 'PayloadData1'],
    times: [['TimeCreated', 'Event Created']],
    each: false,
    host: (r) => v(r, 'Computer'),
    user: (r) => v(r, 'UserName'),
    message: (r) =>
      `${words(v(r, 'Channel'), v(r, 'EventId'))}: ${[v(r, 'MapDescription'), ...[1, 2, 3, 4, 5, 6].map((i) => v(r, `PayloadData${i}`))].filter(Boolean).join(' | ')}`,
    paths: (r) => (v(r, 'ExecutableInfo') ? [[v(r, 'ExecutableInfo'), 'process']] : []),
  },
  {
    name: 'MFTECmd ($MFT)',
    signature: ['EntryNumber', 'ParentPath', 'FileName', 'Created0x10', 'LastModified0x10'],
    times: [
      ['Created0x10', 'File created ($SI)'],
      ['LastModified0x10', 'File modified ($SI)'],
      ['LastRecordChange0x10', 'MFT record changed ($SI)'],
      ['LastAccess0x10', 'File accessed ($SI)'],
      ['Created0x30', 'File created ($FN)'],
    ],
    each: true,
    message: (r) =>
      `${join(v(r, 'ParentPath'), v(r, 'FileName'))}${v(r, 'IsDirectory') === 'True' ? ' (folder)' : ''}${v(r, 'InUse') === 'False' ? ' (deleted)' : ''}`,
    paths: (r) => [[join(v(r, 'ParentPath'), v(r, 'FileName')), 'filePath']],
  },
  {
    name: 'MFTECmd ($J)',
    signature: ['Name', 'ParentPath', 'UpdateTimestamp', 'UpdateReasons'],
    times: [['UpdateTimestamp', 'USN journal update']],
    each: false,
    message: (r) => `${v(r, 'UpdateReasons')}: ${join(v(r, 'ParentPath'), v(r, 'Name'))}`,
    paths: (r) => [[join(v(r, 'ParentPath'), v(r, 'Name')), 'filePath']],
  },
  {
    name: 'PECmd',
    signature: ['SourceFilename', 'ExecutableName', 'RunCount', 'LastRun'],
    times: [['LastRun', 'Prefetch: last run'], ...PREVIOUS_RUNS],
    each: true,
    message: (r) => `${v(r, 'ExecutableName')} ran (prefetch ${v(r, 'SourceFilename').split('\\').pop()}, run count ${v(r, 'RunCount')})`,
    paths: (r) => [[v(r, 'SourceFilename'), 'filePath']],
  },
  {
    name: 'PECmd (timeline)',
    signature: ['RunTime', 'ExecutableName'],
    times: [['RunTime', 'Prefetch: run']],
    each: false,
    message: (r) => `${v(r, 'ExecutableName')} ran`,
    paths: (r) => [[v(r, 'ExecutableName'), 'process']],
  },
  {
    name: 'AmcacheParser (file entries)',
    signature: ['FileKeyLastWriteTimestamp', 'SHA1', 'FullPath'],
    times: [['FileKeyLastWriteTimestamp', 'Amcache entry written']],
    each: false,
    message: (r) => words(v(r, 'FullPath'), v(r, 'ProductName', 'Description') ? `(${words(v(r, 'ProductName', 'Description'), v(r, 'Version'))})` : ''),
    paths: (r) => [[v(r, 'FullPath'), 'process']],
  },
  {
    name: 'AmcacheParser',
    signature: ['KeyLastWriteTimestamp'],
    unlike: ['HivePath', 'ValueName'],
    times: [['KeyLastWriteTimestamp', 'Amcache entry written']],
    each: false,
    message: (r) =>
      words(
        v(r, 'Name', 'DriverName', 'LnkName', 'Description', 'KeyName'),
        v(r, 'Version', 'DriverVersion'),
        v(r, 'Publisher', 'DriverCompany', 'Manufacturer'),
      ),
    paths: (r) => (v(r, 'RootDirPath', 'DriverName', 'InstallSource') ? [[v(r, 'RootDirPath', 'DriverName', 'InstallSource'), 'filePath']] : []),
  },
  {
    name: 'AppCompatCacheParser',
    signature: ['ControlSet', 'CacheEntryPosition', 'Path', 'LastModifiedTimeUTC'],
    times: [['LastModifiedTimeUTC', 'File modified (shimcache)']],
    each: false,
    message: (r) => `${v(r, 'Path')}${v(r, 'Executed') === 'Yes' ? ' (executed)' : ''}`,
    paths: (r) => [[v(r, 'Path'), 'process']],
  },
  {
    name: 'RECmd',
    signature: ['HivePath', 'HiveType', 'KeyPath', 'ValueName', 'LastWriteTimestamp'],
    times: [['LastWriteTimestamp', 'Registry key written']],
    each: false,
    user: (r) => hiveOwner(v(r, 'HivePath')),
    message: (r) =>
      `${v(r, 'Description', 'Category') ? `${v(r, 'Description', 'Category')}: ` : ''}${v(r, 'KeyPath')}${v(r, 'ValueName') ? `\\${v(r, 'ValueName')}` : ''}${v(r, 'ValueData') ? ` = ${v(r, 'ValueData')}` : ''}`,
  },
  {
    name: 'JLECmd',
    signature: ['SourceFile', 'AppId', 'DestListVersion', 'LastModified', 'Path'],
    times: [
      ['LastModified', 'Jump list: last used'],
      ['CreationTime', 'Jump list: entry created'],
    ],
    each: true,
    host: (r) => v(r, 'Hostname', 'MachineID'),
    message: (r) => `${v(r, 'AppIdDescription', 'AppId')}: ${words(v(r, 'Path', 'LocalPath'), v(r, 'Arguments'))}`,
    paths: (r) => [[v(r, 'Path', 'LocalPath'), 'filePath']],
  },
  {
    // customDestinations-ms: links an application pinned or listed itself, with no DestList (so no per-entry time):
    // the jump list file's own times and the target's times the link recorded.
    name: 'JLECmd (custom destinations)',
    signature: ['SourceFile', 'SourceCreated', 'SourceModified', 'AppId', 'EntryName', 'TargetCreated'],
    unlike: ['DestListVersion'],
    times: [
      ['SourceModified', 'Jump list modified (custom destinations)'],
      ['SourceCreated', 'Jump list created (custom destinations)'],
      ['TargetCreated', 'Target created (as the link recorded it)'],
      ['TargetModified', 'Target modified (as the link recorded it)'],
      ['TargetAccessed', 'Target accessed (as the link recorded it)'],
    ],
    each: true,
    host: (r) => v(r, 'MachineID'),
    message: (r) =>
      `${v(r, 'AppIdDescription', 'AppId')}: ${words(v(r, 'EntryName') ? `${v(r, 'EntryName')} →` : '', v(r, 'LocalPath', 'TargetIDAbsolutePath', 'NetworkPath', 'RelativePath'), v(r, 'Arguments'))}`,
    paths: (r) => [
      [v(r, 'SourceFile'), 'filePath'],
      [v(r, 'LocalPath', 'TargetIDAbsolutePath', 'NetworkPath'), 'filePath'],
    ],
  },
  {
    name: 'MFTECmd ($I30)',
    signature: ['Offset', 'FromSlack', 'FileName', 'ParentMftEntry', 'CreatedOn', 'ContentModifiedOn'],
    times: [
      ['CreatedOn', 'File created ($I30)'],
      ['ContentModifiedOn', 'File modified ($I30)'],
      ['RecordModifiedOn', 'MFT record changed ($I30)'],
      ['LastAccessedOn', 'File accessed ($I30)'],
    ],
    each: true,
    message: (r) =>
      `${v(r, 'FileName')} in folder MFT entry ${words(v(r, 'ParentMftEntry'))}${v(r, 'ParentMftSequence') ? `-${v(r, 'ParentMftSequence')}` : ''}` +
      (v(r, 'FromSlack') === 'True' ? ' (from index slack: deleted or renamed)' : ''),
  },
  {
    // The volume boot record: no time, one row; the volume's serial number ties link files and prefetch volumes to it.
    name: 'MFTECmd ($Boot)',
    signature: ['EntryPoint', 'Signature', 'BytesPerSector', 'MftClusterBlockNumber', 'VolumeSerialNumber'],
    times: [],
    each: false,
    message: () => '',
    entities: (r) => [{ type: 'other', value: `NTFS volume ${v(r, 'VolumeSerialNumber')}`, attributes: { ...r } }],
  },
  {
    // Security descriptors: no time; the accounts and groups owning files on the volume are the analyst's lead.
    name: 'MFTECmd ($SDS)',
    signature: ['Hash', 'Id', 'OwnerSid', 'GroupSid', 'Control', 'DaclAceCount'],
    times: [],
    each: false,
    message: () => '',
    entities: (r) => [
      ...(v(r, 'OwnerSid') ? [{ type: 'user' as const, value: v(r, 'OwnerSid'), roles: ['owner ($SDS)'] }] : []),
      ...(v(r, 'GroupSid') ? [{ type: 'securityGroup' as const, value: v(r, 'GroupSid'), roles: ['primary group ($SDS)'] }] : []),
    ],
  },
  {
    name: 'LECmd',
    signature: ['SourceFile', 'SourceCreated', 'SourceModified', 'TargetCreated', 'DriveType'],
    unlike: ['AppId'],
    times: [
      ['SourceCreated', 'Link created (target first opened)'],
      ['SourceModified', 'Link modified (target last opened)'],
    ],
    each: true,
    host: (r) => v(r, 'MachineID'),
    message: (r) =>
      `${v(r, 'SourceFile').split('\\').pop()} → ${words(v(r, 'LocalPath', 'TargetIDAbsolutePath', 'NetworkPath', 'RelativePath'), v(r, 'Arguments'))}`,
    paths: (r) => [
      [v(r, 'SourceFile'), 'filePath'],
      [v(r, 'LocalPath', 'TargetIDAbsolutePath', 'NetworkPath'), 'filePath'],
    ],
  },
];

/** The tool whose CSV has these columns, or null. */
export function ezToolOf(names: readonly string[]): EzTool | null {
  const set = new Set(names);
  return EZ_TOOLS.find((t) => t.signature.every((c) => set.has(c)) && !(t.unlike ?? []).some((c) => set.has(c))) ?? null;
}

/** "2023-05-01 10:20:30.1234567" (how the tools write UTC) → ISO with its zone; anything else as it is. */
export function ezTimeIso(text: string): string {
  const m = /^(\d{4}-\d\d-\d\d)[ T](\d\d:\d\d:\d\d(?:\.\d{1,9})?)$/.exec(text);
  return m ? `${m[1]}T${m[2]}Z` : text;
}
