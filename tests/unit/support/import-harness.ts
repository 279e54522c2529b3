import { createReadStream, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { ClockOffset, ColumnMapping } from '../../../shared/domain/import';
import type { AlertRecord, EntityRecord } from '../../../shared/domain/records';
import type { TimelineEvent } from '../../../shared/domain/timeline';
import { Collector } from '../../../electron/core/import/collector';
import { readOnlyStages } from '../../../electron/core/import/collector-stages';
import type { ByteRange, Importer } from '../../../electron/core/importers/types';
import { describeInvalid } from '../../../electron/core/importers/problems';
import { rowToEvent, type EventRow } from '../../../electron/core/timeline/event-row';
import { entityRecordsOf } from '../../../electron/core/cases/event-entity-table';

/**
 * Runs one importer over a file or a buffer with the pipeline's real Collector
 * (validation, entity normalization, time parsing, zoneless counting) but
 * without a vault: events are kept in memory for the test to read.
 */

class RecordingCollector extends Collector {
  readonly eventsRead: TimelineEvent[] = [];
  // Every event passes here, whether the importer wrote it as an event or as a row.
  override eventRow(row: EventRow): void {
    this.eventsRead.push(rowToEvent(row));
    super.eventRow(row);
  }
}

export interface HarnessOptions {
  /** File name the importer sees (default: the file's own, or 'input'). */
  name?: string;
  timezone?: string;
  mapping?: ColumnMapping | null;
  /** Size of the pieces a buffer is handed out in (to test records split across reads). */
  chunk?: number;
}

export interface HarnessResult {
  events: TimelineEvent[];
  alerts: AlertRecord[];
  entities: EntityRecord[];
  /** Each invalid record as the pipeline would print it. */
  invalid: string[];
  invalidTotal: number;
  warnings: string[];
  zoneless: number;
  /** Whole-hour disagreements between time fields of one record, as the report gives them. */
  clockOffsets: ClockOffset[];
  columns: string[];
  /** The whole-file failure, if the importer threw one. */
  error: Error | null;
  collector: Collector;
}

export async function runImporter(importer: Importer, input: string | Buffer, options: HarnessOptions = {}): Promise<HarnessResult> {
  const isFile = typeof input === 'string';
  const name = options.name ?? (isFile ? path.basename(input) : 'input');
  const size = isFile ? statSync(input).size : input.length;
  const chunk = options.chunk ?? 64 * 1024;
  const open = (range?: ByteRange): AsyncIterable<Buffer> => {
    const start = range?.start ?? 0;
    const end = Math.min(range?.end ?? size, size);
    if (isFile) {
      if (end <= start) return (async function* () {})();
      return createReadStream(input, { start, end: end - 1, highWaterMark: chunk }) as AsyncIterable<Buffer>;
    }
    return (async function* () {
      for (let at = start; at < end; at += chunk) yield input.subarray(at, Math.min(at + chunk, end));
    })();
  };
  let whole: Buffer | undefined;
  const file = { name, size, timezone: options.timezone ?? 'UTC', mapping: options.mapping ?? null };
  const reader = {
    open,
    readAll: async () => (isFile ? readFileSync(input) : input),
    readAt: async (offset: number, length: number) => (whole ??= isFile ? readFileSync(input) : input).subarray(offset, offset + length),
  };
  const collector = new RecordingCollector(file, readOnlyStages(file, reader), { signal: new AbortController().signal, onProgress: () => undefined });
  let error: Error | null = null;
  try {
    await importer.run(collector);
  } catch (err) {
    error = err as Error;
  }
  collector.settleEntities();
  const groups = [...collector.cases.groups.values()];
  const { problems } = collector;
  return {
    events: collector.eventsRead,
    alerts: groups.flatMap((g) => [...g.alerts.values()]),
    entities: groups.flatMap((g) => [...g.entities.values(), ...entityRecordsOf(g.found.columns(), name, '')]),
    invalid: problems.invalidRecords.map((r) => describeInvalid(name, r)),
    invalidTotal: problems.invalidTotal,
    warnings: problems.warnings,
    zoneless: problems.zoneless,
    clockOffsets: problems.clockOffsets(),
    columns: collector.fileColumns,
    error,
    collector,
  };
}

/** µs since the epoch for an ISO time, to compare with event times. */
export const us = (iso: string): number => Date.parse(iso) * 1000;
