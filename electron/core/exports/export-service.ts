import path from 'node:path';
import type { Handlers } from '../../../shared/ipc/dispatch';
import type { ParsedInput } from '../../../shared/ipc/contract';
import type { ExportResult, ExportTable, JournalHead } from '../../../shared/domain/exports';
import { csvRecord, csvTable, type CsvColumn } from '../../../shared/csv/csv-writer';
import { CasebookError } from '../../../shared/ipc/errors';
import type { EmitEvent } from '../engine-events';
import type { CaseAccess } from '../cases/case-access';
import type { ReplayCache } from '../cases/case-state';
import { entityQuery, everyEntity, type CaseSnapshot, type ExportSources } from './export-sources';
import { writeExport, type ExportFile } from './export-file';
import { writeTimeline } from './timeline-export';
import { writeStixBundle } from './stix/stix-export';
import { writeMispEvent } from './misp-export';
import { gatherReport } from './report/report-gather';
import { renderReport } from './report/report-html';
import { printPdfWithChromium } from './chromium-pdf';
import { ACTION_COLUMNS, ALERT_COLUMNS, AUDIT_COLUMNS, ENTITY_COLUMNS, EVIDENCE_COLUMNS, INDICATOR_COLUMNS, MATCH_COLUMNS } from './table-columns';

type ExportMethods = 'exports.reportPreview' | 'exports.report' | 'exports.timeline' | 'exports.intel' | 'exports.table' | 'exports.cancel' | 'files.save';

export interface ExportServiceDeps {
  cases: CaseAccess;
  states: ReplayCache;
  emit: EmitEvent;
  timeline: ExportSources['timeline'];
  /** The engine's own handlers the exports read through (entities, matches, audit), given late: they are built after this service. */
  handlers: () => Pick<Handlers, 'entities.list' | 'matches.list' | 'audit.list'>;
  /** How a PDF is made here: headless Chromium unless told otherwise (the app's shell prints with Electron instead). */
  printPdf?: (html: string) => Promise<Buffer>;
}

/** Progress events at most this often, so a fast export does not flood the window. */
const PROGRESS_EVERY_MS = 200;

/**
 * Reports and exports (contract: shared/ipc/methods/exports.ts). Each reads
 * one state of the case (the journal at its head, named in the result) and
 * writes one file atomically (export-file.ts).
 */
export class ExportService {
  readonly handlers: Pick<Handlers, ExportMethods>;
  private readonly tasks = new Map<string, AbortController>();
  private readonly sources: ExportSources;

  constructor(private readonly deps: ExportServiceDeps) {
    this.sources = { entities: (query) => deps.handlers()['entities.list'](entityQuery(query)), timeline: deps.timeline };
    this.handlers = {
      'exports.reportPreview': async ({ caseId }) => {
        const data = await gatherReport(this.sources, await this.snapshot(caseId));
        const rendered = renderReport(data);
        return { ...rendered, title: data.case.title, generatedAt: data.generatedAt, head: data.head };
      },
      'exports.report': (input) => this.report(input),
      'exports.timeline': (input) => this.timeline(input),
      'exports.intel': (input) => this.intel(input),
      'exports.table': (input) => this.table(input),
      'exports.cancel': async ({ taskId }) => {
        const task = this.tasks.get(taskId);
        task?.abort();
        return { cancelled: task !== undefined };
      },
      // The save dialog is the shell's (electron/ipc.ts answers it); listed so the handler table stays complete.
      'files.save': async () => {
        throw new CasebookError('forbidden', 'files.save is answered by the app shell');
      },
    };
  }

  /** Why key rotation or a lock must wait, or null. */
  busyReason(): string | null {
    return this.tasks.size ? 'a timeline export is running' : null;
  }

  abortAll(): void {
    for (const task of this.tasks.values()) task.abort();
  }

  private snapshot(caseId: string): Promise<CaseSnapshot> {
    return this.deps.cases.withReadable(caseId, (journal) => ({
      state: this.deps.states.stateOf(caseId, journal.records),
      head: { seq: journal.lastSeq, hash: journal.headTag?.toString('hex') ?? '' },
      records: journal.records,
    }));
  }

  private async report({ caseId, format, out }: ParsedInput<'exports.report'>): Promise<ExportResult> {
    const data = await gatherReport(this.sources, await this.snapshot(caseId));
    const { html } = renderReport(data);
    const bytes = format === 'pdf' ? await (this.deps.printPdf ?? printPdfWithChromium)(html) : Buffer.from(html, 'utf8');
    const written = await writeExport(out, (file) => file.write(bytes));
    return result(out, written.bytes, 1, data.head, []);
  }

  private async timeline({ taskId, caseId, format, out }: ParsedInput<'exports.timeline'>): Promise<ExportResult> {
    if (this.tasks.has(taskId)) throw new CasebookError('invalid-input', `exports.timeline: taskId: task ${taskId} is already running`);
    const controller = new AbortController();
    this.tasks.set(taskId, controller);
    try {
      const { head } = await this.snapshot(caseId);
      const label = `Exporting the timeline to ${path.basename(out)}`;
      let last = 0;
      const written = await writeExport(out, (file) =>
        this.deps.timeline(caseId, (store) =>
          writeTimeline(store, format, file, controller.signal, ({ done, total }) => {
            const now = Date.now();
            if (done !== total && now - last < PROGRESS_EVERY_MS) return;
            last = now;
            this.deps.emit('task.progress', { taskId, label, done, total, unit: 'records' });
          }),
        ),
      );
      return result(out, written.bytes, written.value, head, format === 'csv' ? ['attributes are one JSON object per row (their names differ per event)'] : []);
    } finally {
      this.tasks.delete(taskId);
    }
  }

  private async intel({ caseId, format, out }: ParsedInput<'exports.intel'>): Promise<ExportResult> {
    const { state, head } = await this.snapshot(caseId);
    const source = {
      case: state.case,
      indicators: [...state.indicators.values()],
      entities: () => everyEntity(this.sources, caseId),
      attributes: (id: string) => state.entities.get(id)?.attributes ?? null,
    };
    const written = await writeExport(out, async (file) => {
      if (format === 'stix') {
        const r = await writeStixBundle(source, file);
        return { items: r.objects, notes: r.notes };
      }
      const r = await writeMispEvent(source, file);
      return { items: r.attributes, notes: r.notes };
    });
    return result(out, written.bytes, written.value.items, head, written.value.notes);
  }

  private async table({ caseId, table, out }: ParsedInput<'exports.table'>): Promise<ExportResult> {
    const snapshot = await this.snapshot(caseId);
    const written = await writeExport(out, (file) => this.writeTable(snapshot, table, file));
    return result(out, written.bytes, written.value, snapshot.head, []);
  }

  /** Writes one table as CSV; returns its row count. Entities go page by page (there may be hundreds of thousands). */
  private async writeTable({ state }: CaseSnapshot, table: ExportTable, file: ExportFile): Promise<number> {
    const caseId = state.case.id;
    const whole = async <Row>(columns: CsvColumn<Row>[], rows: Row[]) => (await file.write(csvTable(columns, rows)), rows.length);
    switch (table) {
      case 'alerts':
        return whole(ALERT_COLUMNS, [...state.alerts.values()]);
      case 'indicators':
        return whole(INDICATOR_COLUMNS, [...state.indicators.values()]);
      case 'actions':
        return whole(ACTION_COLUMNS, [...state.actions.values()]);
      case 'evidence':
        return whole(EVIDENCE_COLUMNS, [...state.evidence.values()]);
      case 'matches':
        return whole(MATCH_COLUMNS, (await this.deps.handlers()['matches.list']({ caseId })).matches);
      case 'audit':
        return whole(AUDIT_COLUMNS, await this.deps.handlers()['audit.list']({ caseId }));
      case 'entities': {
        await file.write(csvRecord(ENTITY_COLUMNS.map((c) => c.header)));
        let rows = 0;
        for await (const page of everyEntity(this.sources, caseId)) {
          await file.write(page.map((row) => csvRecord(ENTITY_COLUMNS.map((c) => c.value(row)))).join(''));
          rows += page.length;
        }
        return rows;
      }
    }
  }
}

function result(out: string, bytes: number, items: number, head: JournalHead, notes: string[]): ExportResult {
  return { name: path.basename(out), bytes, items, head, notes };
}
