/**
 * Redaction for selective export: every value of the named fields replaced
 * by a placeholder (`USER-1`), the same value (compared without case) always
 * by the same placeholder, and, once every value is known, each of them also
 * replaced wherever it occurs in free text (messages, attributes, notes,
 * live-response output, custody notes, entity values, evidence paths).
 *
 * Values are learned first (`learn*`), over everything the package will
 * hold, then written (`field`, `text`): free text in the first record may
 * name a user only the last event carries. In free text a value is replaced
 * where it stands as a whole word (not inside a longer name: `bob` is not
 * replaced in `bobcat`), which keeps `DOMAIN\bob`, `bob@corp.example` and
 * `C:\Users\bob\` covered.
 *
 * An entity of a redacted type is named by an id made from its type and key
 * (`ent-` + SHA-256, import/entity-keys.ts), which anyone could recompute
 * from a guessed name: its id is replaced, wherever it is referred to, by
 * the id of its placeholder (`entityId('user', 'USER-1')`).
 */

import { entityId } from '../import/entity-keys';
import type { EntityType } from '../../../shared/domain/records';

/** Keys whose values are structure, never free text: ids, hashes, enums, times, keys. */
const STRUCTURE_KEYS = new Set([
  'id',
  'ids',
  'seq',
  'v',
  'type',
  'kind',
  'event',
  'status',
  'severity',
  'storage',
  'hashVerified',
  'place',
  'trigger',
  'format',
  'outcome',
  'decision',
  'blob',
  'blobKey',
  'sha256',
  'sha1',
  'md5',
  'colsTag',
  'textTag',
]);
const isStructureKey = (k: string) => STRUCTURE_KEYS.has(k) || k.endsWith('Id') || k.endsWith('Ids') || k.endsWith('At');

/** Free text replaces values of at least this many characters (a one-letter value would take every word apart). */
const MIN_TEXT_CHARS = 2;

export class Redactor {
  private readonly byField: Map<string, Map<string, string>>;
  /** Every value learned, lower-cased, to its placeholder: what free text is searched for. */
  private readonly all = new Map<string, string>();
  /** Ids of entities of a redacted type, to the id of their placeholder. */
  private readonly ids = new Map<string, string>();
  private pattern: RegExp | null = null;
  private patternSize = -1;

  constructor(fields: readonly string[]) {
    this.byField = new Map(fields.map((f) => [f, new Map()]));
  }

  get active(): boolean {
    return this.byField.size > 0;
  }

  has(field: string): boolean {
    return this.byField.has(field);
  }

  /** How many distinct values each field had. */
  counts(): Record<string, number> {
    return Object.fromEntries([...this.byField].map(([f, m]) => [f, m.size]));
  }

  /** The placeholder of a value of a redacted field (learning it when new); other fields' values unchanged. */
  field(field: string, value: string): string {
    const map = this.byField.get(field);
    if (!map || value === '') return value;
    const key = value.toLowerCase();
    let placeholder = map.get(key);
    if (!placeholder) {
      placeholder = `${field.toUpperCase()}-${map.size + 1}`;
      map.set(key, placeholder);
      if (!this.all.has(key)) this.all.set(key, placeholder);
    }
    return placeholder;
  }

  /** The id an entity of a redacted type goes by in the package (learning it when new); other ids unchanged. */
  entity(type: string, id: string, key: string): string {
    if (!this.byField.has(type)) return this.ids.get(id) ?? id;
    let mapped = this.ids.get(id);
    if (!mapped) {
      mapped = entityId(type as EntityType, this.field(type, key));
      this.ids.set(id, mapped);
    }
    return mapped;
  }

  /** A string that names something (an id, a hash, a kind): only an entity's id changes. */
  structure(value: string): string {
    return this.ids.get(value) ?? value;
  }

  /** Free text with every learned value replaced by its placeholder (a string that is an entity's id: that id's replacement). */
  text(value: string): string {
    const id = this.ids.get(value);
    if (id) return id;
    const pattern = this.currentPattern();
    if (!pattern || value.length < MIN_TEXT_CHARS) return value;
    return value.replace(pattern, (found) => this.all.get(found.toLowerCase()) ?? found);
  }

  /**
   * A deep copy with redacted fields replaced (keys of that name, and entities, `type` with `key`/`display`/`value`,
   * of that type), then every other string that is not structure searched as free text.
   */
  deep(value: unknown, key = ''): unknown {
    // An import's packed table of entities found in events: its offsets would not survive a change of length (the filter redacts it whole).
    if (key === 'eventEntities') return value;
    if (Array.isArray(value)) return value.map((v) => this.deep(v, key));
    if (typeof value === 'string') return isStructureKey(key) ? this.structure(value) : this.text(value);
    if (value === null || typeof value !== 'object') return value;
    const o = value as Record<string, unknown>;
    const entityField = typeof o.type === 'string' && typeof o.key === 'string' && this.byField.has(o.type) ? o.type : null;
    if (entityField && typeof o.id === 'string') this.entity(entityField, o.id, o.key as string);
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(o)) {
      const v = o[k];
      if (typeof v === 'string' && this.byField.has(k)) out[k] = this.field(k, v);
      else if (typeof v === 'string' && entityField && (k === 'key' || k === 'display' || k === 'value')) out[k] = this.field(entityField, v);
      else out[k] = this.deep(v, k);
    }
    return out;
  }

  private currentPattern(): RegExp | null {
    if (this.patternSize !== this.all.size) {
      this.patternSize = this.all.size;
      const values = [...this.all.keys()].filter((v) => v.length >= MIN_TEXT_CHARS).sort((a, b) => b.length - a.length);
      this.pattern = values.length ? new RegExp(`(?<![\\p{L}\\p{N}_])(?:${values.map(escapeRegExp).join('|')})(?![\\p{L}\\p{N}_])`, 'giu') : null;
    }
    return this.pattern;
  }
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
