/**
 * A readable line for the events a responder meets most, from their fields
 * alone (the providers' message tables live in DLLs on the machine that wrote
 * the log, not in the file). Anything else reads "Provider EventID" and its
 * first fields, which still says what happened and to whom.
 */

export type Fields = Map<string, string>;

const NOISE = new Set(['', '-', 'n/a', 'null', '%%1793']);
const SCRIPT_CHARS = 1000;

const LOGON_TYPES: Record<string, string> = {
  '0': 'System',
  '2': 'Interactive',
  '3': 'Network',
  '4': 'Batch',
  '5': 'Service',
  '7': 'Unlock',
  '8': 'NetworkCleartext',
  '9': 'NewCredentials',
  '10': 'RemoteInteractive',
  '11': 'CachedInteractive',
  '12': 'CachedRemoteInteractive',
  '13': 'CachedUnlock',
};

/** Why a logon failed, for the NTSTATUS codes 4625 carries most often. */
const LOGON_FAILURES: Record<string, string> = {
  '0xc0000064': 'no such user',
  '0xc000006a': 'wrong password',
  '0xc000006d': 'bad user name or password',
  '0xc000006e': 'account restriction',
  '0xc000006f': 'outside logon hours',
  '0xc0000070': 'workstation restriction',
  '0xc0000071': 'password expired',
  '0xc0000072': 'account disabled',
  '0xc0000133': 'clocks out of sync',
  '0xc0000193': 'account expired',
  '0xc0000224': 'password must change',
  '0xc0000234': 'account locked out',
  '0xc000015b': 'logon type not granted',
};

function get(f: Fields, name: string): string {
  const v = f.get(name) ?? '';
  return NOISE.has(v.trim().toLowerCase()) ? '' : v.trim();
}

/** DOMAIN\user from a name field and its domain field; '' when there is no name. */
export function account(f: Fields, user: string, domain: string): string {
  const name = get(f, user);
  if (!name) return '';
  const dom = get(f, domain);
  return dom ? `${dom}\\${name}` : name;
}

function join(parts: (string | false)[]): string {
  return parts.filter(Boolean).join(' ');
}

function endpoint(ip: string, port: string): string {
  return ip ? (port && port !== '0' ? `${ip}:${port}` : ip) : '';
}

function logon(f: Fields): string {
  const type = get(f, 'LogonType');
  return type ? `logon type ${type}${LOGON_TYPES[type] ? ` (${LOGON_TYPES[type]})` : ''}` : '';
}

function from(f: Fields): string {
  const source = endpoint(get(f, 'IpAddress'), get(f, 'IpPort'));
  const workstation = get(f, 'WorkstationName');
  if (!source && !workstation) return '';
  return `from ${[source, workstation && (source ? `(${workstation})` : workstation)].filter(Boolean).join(' ')}`;
}

function security(id: string, f: Fields): string | null {
  switch (id) {
    case '4624':
      return join([
        'Logon:',
        account(f, 'TargetUserName', 'TargetDomainName'),
        logon(f),
        from(f),
        get(f, 'AuthenticationPackageName') && `via ${get(f, 'AuthenticationPackageName')}`,
      ]);
    case '4625': {
      const status = (get(f, 'SubStatus') || get(f, 'Status')).toLowerCase();
      return join([
        'Failed logon:',
        account(f, 'TargetUserName', 'TargetDomainName'),
        logon(f),
        from(f),
        status && `status ${status}${LOGON_FAILURES[status] ? ` (${LOGON_FAILURES[status]})` : ''}`,
      ]);
    }
    case '4688':
      return join([
        'Process created:',
        get(f, 'CommandLine') || get(f, 'NewProcessName'),
        account(f, 'SubjectUserName', 'SubjectDomainName') && `by ${account(f, 'SubjectUserName', 'SubjectDomainName')}`,
        get(f, 'ParentProcessName') && `parent ${get(f, 'ParentProcessName')}`,
      ]);
    case '4697':
      return join([
        'Service installed:',
        get(f, 'ServiceName'),
        get(f, 'ServiceFileName') && `(${get(f, 'ServiceFileName')})`,
        account(f, 'SubjectUserName', 'SubjectDomainName') && `by ${account(f, 'SubjectUserName', 'SubjectDomainName')}`,
      ]);
    case '4698':
    case '4699':
    case '4700':
    case '4701':
    case '4702': {
      const verb = { '4698': 'created', '4699': 'deleted', '4700': 'enabled', '4701': 'disabled', '4702': 'updated' }[id];
      return join([
        `Scheduled task ${verb}:`,
        get(f, 'TaskName'),
        account(f, 'SubjectUserName', 'SubjectDomainName') && `by ${account(f, 'SubjectUserName', 'SubjectDomainName')}`,
      ]);
    }
    case '1102':
      return join([
        'The Security log was cleared',
        account(f, 'SubjectUserName', 'SubjectDomainName') && `by ${account(f, 'SubjectUserName', 'SubjectDomainName')}`,
      ]);
    default:
      return null;
  }
}

function sysmon(id: string, f: Fields): string | null {
  switch (id) {
    case '1':
      return join([
        'Process created:',
        get(f, 'CommandLine') || get(f, 'Image'),
        get(f, 'User') && `by ${get(f, 'User')}`,
        get(f, 'ParentImage') && `parent ${get(f, 'ParentImage')}`,
      ]);
    case '3':
      return join([
        'Network connection:',
        get(f, 'Image'),
        get(f, 'Protocol'),
        endpoint(get(f, 'SourceIp'), get(f, 'SourcePort')),
        '->',
        endpoint(get(f, 'DestinationIp'), get(f, 'DestinationPort')),
        get(f, 'DestinationHostname') && `(${get(f, 'DestinationHostname')})`,
      ]);
    case '11':
      return join(['File created:', get(f, 'TargetFilename'), get(f, 'Image') && `by ${get(f, 'Image')}`]);
    default:
      return null;
  }
}

const CLASSIC_POWERSHELL: Record<string, string> = {
  '400': 'PowerShell engine started',
  '403': 'PowerShell engine stopped',
  '600': 'PowerShell provider started',
  '800': 'PowerShell pipeline executed',
};
/** What the classic log's key=value text says that matters: who ran what, in which engine (2.0 is a downgrade). */
const CLASSIC_KEYS = ['HostApplication', 'CommandLine', 'EngineVersion', 'UserId', 'ProviderName'];

/** The classic "Windows PowerShell" log: unnamed Data strings, the last one "\tKey=Value" lines. */
function classicPowerShell(id: string, f: Fields): string {
  const pairs = new Map<string, string>();
  for (const value of f.values()) {
    for (const m of value.matchAll(/^\s*(\w+)=(.*?)\s*$/gm)) if (m[2] && !pairs.has(m[1]!)) pairs.set(m[1]!, m[2]);
  }
  const details = CLASSIC_KEYS.filter((k) => pairs.has(k)).map((k) => `${k}=${pairs.get(k)}`);
  return `${CLASSIC_POWERSHELL[id] ?? `Windows PowerShell ${id}`}${details.length ? `: ${details.join(' ')}` : ''}`;
}

/** The first fields, as "Name: value" (each cut at 200 characters, 400 in all). */
export function keyFields(f: Fields): string {
  const parts: string[] = [];
  let length = 0;
  for (const [key, raw] of f) {
    // Only the start of a long value is shown: normalizing a whole script block's spaces would be wasted.
    const v = (raw.length > 256 ? raw.slice(0, 256) : raw).trim().replace(/\s+/g, ' ');
    if (NOISE.has(v.toLowerCase())) continue;
    const part = `${key}: ${v.length > 200 ? `${v.slice(0, 200)}…` : v}`;
    if (length + part.length > 400) break;
    parts.push(part);
    length += part.length + 2;
  }
  return parts.join('; ');
}

/** A message for an event of `provider` and `eventId` with its EventData/UserData `fields`. */
export function eventMessage(provider: string, channel: string, eventId: string, fields: Fields): string {
  let message: string | null = null;
  if (provider === 'Microsoft-Windows-Security-Auditing' || (channel === 'Security' && eventId === '1102')) message = security(eventId, fields);
  else if (provider === 'Microsoft-Windows-Sysmon' || provider === 'Linux-Sysmon') message = sysmon(eventId, fields);
  else if (eventId === '7045' && provider === 'Service Control Manager') {
    message = join([
      'Service installed:',
      get(fields, 'ServiceName'),
      get(fields, 'ImagePath') && `(${get(fields, 'ImagePath')})`,
      get(fields, 'StartType'),
      get(fields, 'AccountName') && `as ${get(fields, 'AccountName')}`,
    ]);
  } else if (eventId === '4104' && provider === 'Microsoft-Windows-PowerShell') {
    const script = get(fields, 'ScriptBlockText');
    const part =
      get(fields, 'MessageTotal') && get(fields, 'MessageTotal') !== '1' ? ` (part ${get(fields, 'MessageNumber')} of ${get(fields, 'MessageTotal')})` : '';
    message = `PowerShell script block${part}${get(fields, 'Path') ? ` from ${get(fields, 'Path')}` : ''}: ${script.length > SCRIPT_CHARS ? `${script.slice(0, SCRIPT_CHARS)}…` : script}`;
  } else if (provider === 'PowerShell' && channel === 'Windows PowerShell') {
    message = classicPowerShell(eventId, fields);
  } else if (eventId === '104' && provider === 'Microsoft-Windows-Eventlog') {
    message = join([
      `The ${get(fields, 'Channel') || 'event'} log was cleared`,
      account(fields, 'SubjectUserName', 'SubjectDomainName') && `by ${account(fields, 'SubjectUserName', 'SubjectDomainName')}`,
    ]);
  }
  if (message) return message;
  const head = `${provider || 'Event'} ${eventId}`.trim();
  const rest = keyFields(fields);
  return rest ? `${head}: ${rest}` : head;
}
