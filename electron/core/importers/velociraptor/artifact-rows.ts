import type { ImportContext } from '../types';
import type { Position } from '../problems';
import { dataObject } from '../data-object';
import { isoUs } from '../../../../shared/time';

/**
 * Velociraptor artifact results: each row of each artifact source one
 * timeline event. Artifacts name their columns freely, so the event's time is
 * the first time column a row has by a list of the names Velociraptor's own
 * artifacts use (EventTime, Timestamp, CreateTime… Modified, Created), and
 * rows with none (client information, configuration) take the collection's
 * time, said so in their timestampDesc. Every column is an attribute (objects
 * as JSON), where entity extraction finds the paths, hashes, users and addresses.
 */

type Row = Record<string, unknown>;

const TIME_COLUMNS = [
  'EventTime',
  'Timestamp',
  'TimeCreated',
  'Time',
  'CreateTime',
  'CreationTime',
  'StartTime',
  'LastRunTime',
  'LastLogin',
  'LastWriteTime',
  'LastModified',
  'Mtime',
  'Modified',
  'ModifiedTime',
  'Created',
  'Btime',
  'Ctime',
  'CopiedOnTimestamp',
  '_ts',
  'client_time',
];
const TIME_NAME = /(Time|Timestamp|Date|_ts)$/;
/** Times that say when software was made or a setting expires, not when anything happened on the machine. */
const NOT_EVENT_TIME = /^(Build|Install|Expir|Compile|Release)/i;
const HOST_COLUMNS = ['Hostname', 'Fqdn', 'Computer', 'ComputerName', 'DNSHostName'];
const USER_COLUMNS = ['Username', 'UserName', 'User', 'Owner', 'SubjectUserName', 'TargetUserName'];
const MESSAGE_COLUMNS = ['Message', 'message', 'CommandLine', 'Command', 'FullPath', 'OSPath', 'SourceFile', 'Path', 'Url', 'URL', 'Name', 'Description'];

function text(v: unknown): string {
  if (v === null || v === undefined) return '';
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

/** "Windows.KapeFiles.Targets%2FAll File Metadata.json" or "Generic.Client.Info/Users.json" → the artifact source's name. */
export function artifactName(entryName: string): string {
  const withoutDir = entryName.replace(/^results\//, '').replace(/\.jsonl?$/i, '');
  try {
    return decodeURIComponent(withoutDir);
  } catch {
    return withoutDir;
  }
}

export interface CollectionFacts {
  /** The collected machine, where the collection says (client_info, Generic.Client.Info, the container's name). */
  host: string;
  /** When the collection ran (µs), for rows without a time of their own; null when unknown. */
  collectedAt: number | null;
}

export class ArtifactRows {
  private readonly columns = new Set<string>();
  /** Rows without a time column, per artifact, when the collection's time is unknown. */
  readonly timeless = new Map<string, number>();
  rows = 0;

  constructor(
    private readonly ctx: ImportContext,
    private readonly facts: CollectionFacts,
  ) {}

  private timeOf(row: Row, position: Position): { time: number; field: string } | null {
    let field = TIME_COLUMNS.find((c) => row[c] !== undefined && row[c] !== null && row[c] !== '' && row[c] !== 0);
    field ??= Object.keys(row).find(
      (k) => TIME_NAME.test(k) && !NOT_EVENT_TIME.test(k) && typeof row[k] === 'string' && /^\d{4}-\d\d-\d\d[T ]\d\d:/.test(row[k] as string),
    );
    if (!field) return null;
    const time = this.ctx.time(row[field], position, field);
    return time === null ? null : { time, field };
  }

  take(row: Row, position: Position, artifact: string): void {
    this.rows++;
    const source = typeof row._Source === 'string' && row._Source ? row._Source : artifact;
    const own = this.timeOf(row, position);
    if (!own && this.facts.collectedAt === null) {
      this.timeless.set(source, (this.timeless.get(source) ?? 0) + 1);
      return;
    }
    const attributes: Record<string, string> = dataObject();
    for (const key in row) {
      const value = text(row[key]);
      if (value !== '' && key !== own?.field) attributes[key] = value;
    }
    attributes.Artifact = source;
    if (this.columns.size < 200) {
      for (const key in attributes) this.columns.add(key);
      this.ctx.columns([...this.columns]);
    }
    const what = MESSAGE_COLUMNS.map((c) => text(row[c])).find((v) => v !== '');
    const summary =
      what ??
      Object.keys(attributes)
        .filter((k) => k !== 'Artifact' && k !== '_Source')
        .slice(0, 4)
        .map((k) => `${k}=${attributes[k]}`)
        .join(' ');
    if (!own) attributes.CollectedAt = isoUs(this.facts.collectedAt!);
    this.ctx.event({
      time: own ? own.time : this.facts.collectedAt!,
      timestampDesc: own ? own.field : 'Collected (the row has no time of its own)',
      message: `${source}: ${summary}`,
      source: `Velociraptor ${source}`,
      host: HOST_COLUMNS.map((c) => text(row[c])).find((v) => v !== '') ?? this.facts.host,
      // A Users artifact's rows are accounts: the row's Name is the user.
      user: USER_COLUMNS.map((c) => text(row[c])).find((v) => v !== '') ?? (/\/Users$/.test(source) ? text(row.Name) : ''),
      tags: [],
      attributes,
    });
  }

  /** The warning for rows left out for want of any time. */
  warnTimeless(): void {
    for (const [artifact, count] of this.timeless) {
      this.ctx.warn(`${count} row${count === 1 ? '' : 's'} of ${artifact} had no time column and the collection's time is unknown: not imported as events`);
    }
  }
}
