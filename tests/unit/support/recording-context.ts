import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { TimelineEvent } from '../../../shared/domain/timeline';
import type { ActionInput, AlertInput, EntityInput, ImportContext, IncidentInput, IndicatorInput, Importer } from '../../../electron/core/importers/types';
import type { InvalidRecord, Position } from '../../../electron/core/importers/problems';
import { describePosition } from '../../../electron/core/importers/problems';
import { readTimeField } from '../../../electron/core/importers/time';
import { rowToEvent, type EventRow } from '../../../electron/core/timeline/event-row';

/**
 * An ImportContext that only records what an importer emits, each record
 * tagged with the incident it was emitted under ('' before any incident), so
 * importer tests can assert on exactly what a file produced without a vault.
 * Times are parsed the way the real Collector parses them.
 */
export interface Recorded<T> {
  incident: string;
  record: T;
}

export class RecordingContext implements ImportContext {
  readonly incidents: IncidentInput[] = [];
  readonly alerts: Recorded<AlertInput>[] = [];
  readonly entities: Recorded<EntityInput>[] = [];
  readonly indicators: Recorded<IndicatorInput>[] = [];
  readonly actions: Recorded<ActionInput>[] = [];
  readonly events: Recorded<TimelineEvent>[] = [];
  readonly invalids: InvalidRecord[] = [];
  readonly warnings: string[] = [];
  readonly columnNames: string[] = [];
  checkpoints = 0;
  bytesRead = 0;
  zoneless = 0;
  private current = '';

  constructor(
    private readonly content: Buffer,
    readonly file = 'test.json',
    readonly timezone = 'UTC',
  ) {}

  static async ofFile(file: string, timezone = 'UTC'): Promise<RecordingContext> {
    return new RecordingContext(await fs.readFile(file), path.basename(file), timezone);
  }

  static ofText(text: string, file = 'test.json'): RecordingContext {
    return new RecordingContext(Buffer.from(text, 'utf8'), file);
  }

  get size(): number {
    return this.content.length;
  }
  readonly mapping = null;

  async *open(): AsyncIterable<Buffer> {
    yield this.content;
  }
  async readAt(offset: number, length: number): Promise<Buffer> {
    return this.content.subarray(offset, offset + length);
  }
  async readAll(): Promise<Buffer> {
    return this.content;
  }
  bytes(n: number): void {
    this.bytesRead += n;
  }
  columns(names: string[]): void {
    this.columnNames.splice(0, this.columnNames.length, ...names);
  }
  incident(incident: IncidentInput): void {
    this.incidents.push(incident);
    this.current = incident.externalId;
  }
  alert(alert: AlertInput): boolean {
    this.alerts.push({ incident: this.current, record: alert });
    return true;
  }
  entity(entity: EntityInput): string {
    this.entities.push({ incident: this.current, record: entity });
    return `${entity.type}:${entity.value}`;
  }
  indicator(indicator: IndicatorInput): void {
    this.indicators.push({ incident: this.current, record: indicator });
  }
  action(action: ActionInput): void {
    this.actions.push({ incident: this.current, record: action });
  }
  event(event: TimelineEvent): void {
    this.events.push({ incident: this.current, record: event });
  }
  eventRow(row: EventRow): void {
    this.event(rowToEvent(row));
  }
  invalid(record: InvalidRecord): void {
    this.invalids.push(record);
  }
  warn(message: string, position?: Position): void {
    this.warnings.push(position ? `${describePosition(position)}: ${message}` : message);
  }
  time(text: unknown, position: Position, field: string): number | null {
    const read = readTimeField(text, this.timezone);
    if ('reason' in read) {
      this.invalid({ position, field, reason: read.reason });
      return null;
    }
    if (read.zoneless) this.zoneless++;
    return read.us;
  }
  async checkpoint(): Promise<void> {
    this.checkpoints++;
  }

  /** Records of one incident (by externalId; '' for the file's own). */
  of(incident: string) {
    const pick = <T>(list: Recorded<T>[]) => list.filter((r) => r.incident === incident).map((r) => r.record);
    return {
      entities: pick(this.entities),
      indicators: pick(this.indicators),
      events: pick(this.events),
      alerts: pick(this.alerts),
      actions: pick(this.actions),
    };
  }

  get allIndicators(): IndicatorInput[] {
    return this.indicators.map((r) => r.record);
  }
  get allEntities(): EntityInput[] {
    return this.entities.map((r) => r.record);
  }
  get allEvents(): TimelineEvent[] {
    return this.events.map((r) => r.record);
  }
}

/** Runs an importer over a file of the corpus (or any path) and returns what it emitted. */
export async function runOn(importer: Importer, file: string, timezone = 'UTC'): Promise<RecordingContext> {
  const ctx = await RecordingContext.ofFile(file, timezone);
  await importer.run(ctx);
  return ctx;
}

/** Runs an importer over text. */
export async function runOnText(importer: Importer, text: string, file = 'test.json'): Promise<RecordingContext> {
  const ctx = RecordingContext.ofText(text, file);
  await importer.run(ctx);
  return ctx;
}
