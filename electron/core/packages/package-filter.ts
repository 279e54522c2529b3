import type { PackageSelection } from '../../../shared/domain/packages';
import type { TimelineEvent } from '../../../shared/domain/timeline';
import { CasebookError } from '../../../shared/ipc/errors';
import type { JournalRecord } from '../cases/records/journal-record';
import { IMPORT_COMMITTED, IMPORT_RECORDS } from '../cases/records/import-records';
import { ENTITY_SET } from '../cases/records/entity-records';
import { EVIDENCE_ADDED, EVIDENCE_CUSTODY, EVIDENCE_LINKED } from '../cases/records/evidence-records';
import { RUN_ID_STRIDE } from '../timeline/run-builder';
import { entityColumns, entityLines, type FoundEntityLine } from './entity-lines';
import { decodeEventEntities, encodeEventEntities, type EventEntityTable } from '../cases/event-entity-table';
import { eventReferences } from './event-references';
import { Redactor } from './redaction';

/**
 * Selective export and redaction. A selection keeps the chosen alerts and
 * entities (ids), the chosen evidence (items, and imports by their evidence
 * record: leaving an import's file out leaves out its records and events) and
 * the events in a time range; kinds not named are kept whole. Records about
 * an event the package does not carry (a match, a star, a note on it) go with
 * it. Redaction (redaction.ts) replaces the named fields' values by
 * placeholders, in those fields and in free text.
 *
 * Evidence items' blob keys never leave the vault: the package carries the
 * files themselves, and an import seals them under keys of its own.
 */
export class PackageFilter {
  private readonly alerts: Set<string> | null;
  private readonly entities: Set<string> | null;
  private readonly evidence: Set<string> | null;
  private readonly from: number;
  private readonly to: number;
  private readonly redactor: Redactor;
  /** Imports left out (their evidence was not selected). */
  private readonly droppedImports = new Set<string>();
  /** Run ordinals of the imports left out: their events' ids name them. */
  private readonly droppedOrdinals = new Set<number>();

  constructor(
    readonly selection: PackageSelection | null,
    readonly redactFields: readonly string[],
  ) {
    this.alerts = selection?.alerts ? new Set(selection.alerts) : null;
    this.entities = selection?.entities ? new Set(selection.entities) : null;
    this.evidence = selection?.evidence ? new Set(selection.evidence) : null;
    this.from = selection?.events?.from ? Date.parse(selection.events.from) * 1000 : -Infinity;
    this.to = selection?.events?.to ? Date.parse(selection.events.to) * 1000 : Infinity;
    if (this.from >= this.to) throw new CasebookError('invalid-input', 'selection: events.from is not before events.to');
    this.redactor = new Redactor(redactFields);
  }

  get active(): boolean {
    return this.selection !== null || this.redactor.active;
  }

  get redacting(): boolean {
    return this.redactor.active;
  }

  /** How many distinct values each redacted field had. */
  placeholders(): Record<string, number> {
    return this.redactor.counts();
  }

  /** Which imports are left out: call with every record first (the evidence is in the import's commit record, after its batches). */
  prepare(records: readonly JournalRecord[]): void {
    if (!this.evidence) return;
    for (const r of records) {
      if (r.type !== IMPORT_COMMITTED || this.evidence.has(r.data.evidence.id)) continue;
      this.droppedImports.add(r.data.importId);
      for (const run of r.data.runs) this.droppedOrdinals.add(run.ordinal);
    }
  }

  includesImport(importId: string): boolean {
    return !this.droppedImports.has(importId);
  }

  includesItem(itemId: string): boolean {
    return !this.evidence || this.evidence.has(itemId);
  }

  /** Whether the package carries the event with this id (and time, when known). */
  keepsEvent(eventId: number, time: number | null): boolean {
    if (this.droppedOrdinals.has(Math.floor(eventId / RUN_ID_STRIDE))) return false;
    return time === null || (time >= this.from && time < this.to);
  }

  /** Learns the redacted values a record holds, before any is written (free text anywhere may name them). */
  learnRecord(r: JournalRecord): void {
    if (this.redactor.active) this.record(r);
  }

  learnEvent(e: TimelineEvent): void {
    if (this.redactor.active && e.time >= this.from && e.time < this.to) this.event(e);
  }

  learnFoundEntity(e: FoundEntityLine): void {
    if (this.redactor.active) this.foundEntity(e);
  }

  /** The record as exported (selected and redacted), or null when it is left out. */
  record(r: JournalRecord): JournalRecord | null {
    let out = this.selected(r);
    if (!out || !this.redactor.active) return out;
    if (out.type === IMPORT_RECORDS && out.data.eventEntities) {
      out = { ...out, data: { ...out.data, eventEntities: this.entityTable(out.data.eventEntities) } };
    }
    return this.redactor.deep(out) as JournalRecord;
  }

  /** The record as the selection keeps it (evidence blob keys always left out), or null. */
  private selected(r: JournalRecord): JournalRecord | null {
    if ((r.type === IMPORT_RECORDS || r.type === IMPORT_COMMITTED) && !this.includesImport(r.data.importId)) return null;
    if (r.type === IMPORT_RECORDS && (this.alerts || this.entities)) {
      const data = { ...r.data };
      if (this.alerts && data.alerts) data.alerts = data.alerts.filter((a) => this.alerts!.has(a.id));
      if (this.entities) {
        if (data.entities) data.entities = data.entities.filter((e) => this.entities!.has(e.id));
        delete data.eventEntities;
      }
      return { ...r, data };
    }
    if (r.type === ENTITY_SET && this.entities) {
      const ids = r.data.ids.filter((id) => this.entities!.has(id));
      return ids.length === 0 ? null : { ...r, data: { ...r.data, ids } };
    }
    const keep = (id: number, time: number | null) => this.keepsEvent(id, time);
    if (r.type === EVIDENCE_ADDED) return this.includesItem(r.data.item.id) ? eventReferences({ ...r, data: { ...r.data, blobKey: null } }, keep) : null;
    // A link change of an item left out would tell of it (and of what it was linked to): it goes with the item.
    if (r.type === EVIDENCE_LINKED) return this.includesItem(r.data.itemId) ? eventReferences(r, keep) : null;
    if (r.type === EVIDENCE_CUSTODY) return this.includesItem(r.data.entry.itemId) ? r : null;
    return eventReferences(r, keep);
  }

  /** The event as exported, or null when it is outside the selected time range. */
  event(e: TimelineEvent): TimelineEvent | null {
    if (e.time < this.from || e.time >= this.to) return null;
    const r = this.redactor;
    if (!r.active) return e;
    const attributes: Record<string, string> = {};
    for (const k in e.attributes) attributes[k] = r.has(k) ? r.field(k, e.attributes[k]!) : r.text(e.attributes[k]!);
    return {
      ...e,
      message: r.text(e.message),
      source: r.text(e.source),
      host: r.has('host') ? r.field('host', e.host) : r.text(e.host),
      user: r.has('user') ? r.field('user', e.user) : r.text(e.user),
      tags: e.tags.map((t) => r.text(t)),
      attributes,
    };
  }

  /** An entity found in events as exported, or null when the selection leaves it out. */
  foundEntity(e: FoundEntityLine): FoundEntityLine | null {
    if (this.entities && !this.entities.has(e.id)) return null;
    const r = this.redactor;
    if (!r.active) return e;
    if (r.has(e.type)) return { ...e, value: r.field(e.type, e.value), key: r.field(e.type, e.key), id: r.entity(e.type, e.id, e.key) };
    return { ...e, value: r.text(e.value), key: r.text(e.key), id: r.structure(e.id) };
  }

  /** An import's packed table of entities found in its events (journals before entity pages), redacted entity by entity and packed again. */
  private entityTable(table: EventEntityTable): EventEntityTable {
    const lines = [...entityLines(decodeEventEntities(table))].map((e) => JSON.stringify(this.foundEntity(e)));
    if (lines.length === 0) return table;
    return encodeEventEntities(this.text(table.source), entityColumns(lines, 'a redacted entity table'), lines.length)[0]!;
  }

  /** Free text as exported (a file name in the manifest, the case's title). */
  text(value: string): string {
    return this.redactor.active ? this.redactor.text(value) : value;
  }
}
