import type { PackageSelection } from '../../../shared/domain/packages';
import type { TimelineEvent } from '../../../shared/domain/timeline';
import { CasebookError } from '../../../shared/ipc/errors';
import type { JournalRecord } from '../cases/records/journal-record';
import { IMPORT_COMMITTED, IMPORT_RECORDS } from '../cases/records/import-records';
import { ENTITY_SET } from '../cases/records/entity-records';
import type { FoundEntityLine } from './entity-lines';

/**
 * Selective export and redaction. A selection keeps the chosen alerts and
 * entities (ids), the imports of the chosen evidence (an import's evidence
 * record is its file: leaving it out leaves out its records and events) and
 * the events in a time range; kinds not named are kept whole. Redaction
 * replaces every value of the named fields, wherever they occur (event host,
 * user and attributes, record fields of that name, entities of that type), by
 * a placeholder (`USER-1`), the same value always by the same placeholder.
 * Free text (messages, descriptions) is not searched for the values.
 */
export class PackageFilter {
  private readonly alerts: Set<string> | null;
  private readonly entities: Set<string> | null;
  private readonly evidence: Set<string> | null;
  private readonly from: number;
  private readonly to: number;
  private readonly redact: Map<string, Map<string, string>>;
  /** Imports left out (their evidence was not selected). */
  private readonly droppedImports = new Set<string>();

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
    this.redact = new Map(redactFields.map((f) => [f, new Map()]));
  }

  get active(): boolean {
    return this.selection !== null || this.redact.size > 0;
  }

  /** How many distinct values each redacted field had. */
  placeholders(): Record<string, number> {
    return Object.fromEntries([...this.redact].map(([f, m]) => [f, m.size]));
  }

  /** Which imports are left out: call with every record first (the evidence is in the import's commit record, after its batches). */
  prepare(records: readonly JournalRecord[]): void {
    if (!this.evidence) return;
    for (const r of records) if (r.type === IMPORT_COMMITTED && !this.evidence.has(r.data.evidence.id)) this.droppedImports.add(r.data.importId);
  }

  includesImport(importId: string): boolean {
    return !this.droppedImports.has(importId);
  }

  /** The record as exported (selected and redacted), or null when it is left out. */
  record(r: JournalRecord): JournalRecord | null {
    if ((r.type === IMPORT_RECORDS || r.type === IMPORT_COMMITTED) && !this.includesImport(r.data.importId)) return null;
    let out: JournalRecord = r;
    if (r.type === IMPORT_RECORDS && (this.alerts || this.entities)) {
      const data = { ...r.data };
      if (this.alerts && data.alerts) data.alerts = data.alerts.filter((a) => this.alerts!.has(a.id));
      if (this.entities) {
        if (data.entities) data.entities = data.entities.filter((e) => this.entities!.has(e.id));
        delete data.eventEntities;
      }
      out = { ...r, data };
    }
    if (r.type === ENTITY_SET && this.entities) {
      const ids = r.data.ids.filter((id) => this.entities!.has(id));
      if (ids.length === 0) return null;
      out = { ...r, data: { ...r.data, ids } };
    }
    return this.redact.size ? (this.redacted(out) as JournalRecord) : out;
  }

  /** The event as exported, or null when it is outside the selected time range. */
  event(e: TimelineEvent): TimelineEvent | null {
    if (e.time < this.from || e.time >= this.to) return null;
    if (this.redact.size === 0) return e;
    const attributes: Record<string, string> = {};
    for (const k in e.attributes) attributes[k] = this.value(k, e.attributes[k]!);
    return { ...e, host: this.value('host', e.host), user: this.value('user', e.user), attributes };
  }

  /** An entity found in events as exported, or null when the selection leaves it out. */
  foundEntity(e: FoundEntityLine): FoundEntityLine | null {
    if (this.entities && !this.entities.has(e.id)) return null;
    if (!this.redact.has(e.type)) return e;
    return { ...e, value: this.value(e.type, e.value), key: this.value(e.type, e.key) };
  }

  private value(field: string, value: string): string {
    const map = this.redact.get(field);
    if (!map || value === '') return value;
    const key = value.toLowerCase();
    let placeholder = map.get(key);
    if (!placeholder) {
      placeholder = `${field.toUpperCase()}-${map.size + 1}`;
      map.set(key, placeholder);
    }
    return placeholder;
  }

  /** A deep copy with redacted fields replaced: keys of that name, and entities (`type`, `key`, `display`) of that type. */
  private redacted(value: unknown): unknown {
    if (Array.isArray(value)) return value.map((v) => this.redacted(v));
    if (value === null || typeof value !== 'object') return value;
    const o = value as Record<string, unknown>;
    const entityField = typeof o.type === 'string' && typeof o.key === 'string' && this.redact.has(o.type) ? o.type : null;
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(o)) {
      const v = o[k];
      if (typeof v === 'string' && this.redact.has(k)) out[k] = this.value(k, v);
      else if (typeof v === 'string' && entityField && (k === 'key' || k === 'display' || k === 'value')) out[k] = this.value(entityField, v);
      else out[k] = this.redacted(v);
    }
    return out;
  }
}
