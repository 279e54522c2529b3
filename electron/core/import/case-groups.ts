import { createHash } from 'node:crypto';
import type { ActionRecord, AlertRecord, EntityRecord, IndicatorRecord } from '../../../shared/domain/records';
import type { ImportCounts } from '../../../shared/domain/import';
import type { ActionInput, AlertInput, EntityInput, IncidentInput, IndicatorInput, RecordPlace } from '../importers/types';
import { mergeEntity } from '../../../shared/domain/entity-merge';
import { entityId, normalizeEntityKey } from './entity-keys';
import { FoundEntities } from './found-entities';

export type { Group, Tally } from './group';
import type { Group } from './group';
import { oversizedIncident, oversizedOnArrival, refuseOversized } from './oversized';
import type { ProblemLog } from './problem-log';

export interface CaseGroupsOptions {
  /** All records go to one case (the import has a chosen case, or reads only part of the file for another thread). */
  oneCase: boolean;
  /** The imported file's name: the records' source. */
  source: string;
  importId: string;
}

const hash = (prefix: string, ...parts: string[]) => prefix + createHash('sha256').update(parts.join('\0')).digest('hex').slice(0, 24);

/**
 * The "group records into cases" stage: the curated records an importer
 * reads (incidents, alerts, entities, indicators, actions) validated, given
 * their ids, merged with their duplicates and put in the group of the case
 * they go to: the chosen case, the file's own new case, or one new case per
 * incident. Events are grouped here too (`current`) but written by
 * event-writers.ts.
 */
export class CaseGroups {
  readonly groups = new Map<string, Group>();
  /** The group the file's next records go to. */
  current: Group;
  readonly counts: ImportCounts = { events: 0, alerts: 0, entities: 0, indicators: 0, actions: 0, incidents: 0 };
  /** Every incident the file held, in order. */
  readonly incidents: IncidentInput[] = [];
  /** Where records came from, for naming one too large for the journal (refuseOversized). */
  private readonly places = new WeakMap<object, RecordPlace>();
  /** Each record's size as JSON, measured once its records are final (refuseOversized), to cut journal batches by. */
  recordBytes = new WeakMap<object, number>();

  constructor(
    private readonly options: CaseGroupsOptions,
    private readonly problems: ProblemLog,
  ) {
    this.current = this.group('', null);
  }

  private group(key: string, incident: IncidentInput | null): Group {
    let g = this.groups.get(key);
    if (!g) {
      g = newGroup(key, incident);
      this.groups.set(key, g);
    }
    return g;
  }

  /** Records other than events so far (events are counted by the collector). */
  records(): number {
    const c = this.counts;
    return c.alerts + c.indicators + c.actions + c.incidents;
  }

  incident(incident: IncidentInput, place?: RecordPlace): void {
    // Into a chosen case, every incident's records go to that one case.
    if (this.options.oneCase) {
      this.counts.incidents++;
      this.incidents.push(incident);
      this.current.incident ??= incident;
      return;
    }
    // Checked now: its case is staged with that first record as soon as its first events are written.
    const tooLarge = oversizedIncident(incident, place);
    if (tooLarge) {
      this.problems.invalid(tooLarge);
      // Its records follow it in the file; they go nowhere, not into the case before it.
      this.current = { ...newGroup(`refused:${incident.externalId}`, incident), refused: true };
      return;
    }
    this.counts.incidents++;
    this.incidents.push(incident);
    this.current = this.group(`incident:${incident.externalId}`, incident);
    this.current.incident = incident;
  }

  entity(input: EntityInput, place?: RecordPlace): string {
    const key = normalizeEntityKey(input.type, input.value);
    const id = entityId(input.type, key);
    if (this.current.refused) return id;
    const existing = this.current.entities.get(id);
    if (existing) {
      mergeEntity(existing, { ...input, sources: [this.options.source] });
      return id;
    }
    this.counts.entities++;
    const entity: EntityRecord = {
      id,
      caseId: '',
      type: input.type,
      key,
      display: input.display ?? input.value.trim(),
      roles: [...new Set(input.roles ?? [])],
      verdict: input.verdict ?? null,
      remediationStatus: input.remediationStatus ?? null,
      sources: [this.options.source],
      firstSeen: input.firstSeen ?? null,
      lastSeen: input.lastSeen ?? null,
      attributes: input.attributes ?? {},
    };
    this.current.entities.set(id, entity);
    if (place) this.places.set(entity, place);
    return id;
  }

  alert(input: AlertInput, place?: RecordPlace): boolean {
    if (this.current.refused) return false;
    const { entities, ...rest } = input;
    const tooLarge = oversizedOnArrival('alert', rest, place);
    if (tooLarge) {
      this.problems.invalid(tooLarge);
      return false;
    }
    // An entity that is too large is named by the alert that brought it (its evidence).
    const entityPlace = place && { ...place, path: place.path ? `${place.path}.evidence` : 'evidence' };
    const entityIds = [...new Set((entities ?? []).map((e) => this.entity(e, entityPlace)))];
    const source = input.source ?? this.options.source;
    const id = hash('alr-', source, input.externalId);
    if (!this.current.alerts.has(id)) this.counts.alerts++;
    const alert: AlertRecord = { ...rest, id, caseId: '', source, entityIds };
    this.current.alerts.set(id, alert);
    if (place) this.places.set(alert, place);
    return true;
  }

  indicator(input: IndicatorInput, place?: RecordPlace): void {
    if (this.current.refused) return;
    const value = input.value.trim();
    const id = hash('ioc-', input.type, input.type === 'url' ? value : value.toLowerCase());
    const existing = this.current.indicators.get(id);
    if (existing) {
      existing.labels = [...new Set([...existing.labels, ...input.labels])];
      existing.forDetection ||= input.forDetection;
      return;
    }
    this.counts.indicators++;
    const indicator: IndicatorRecord = { ...input, value, id, caseId: '', source: input.source ?? this.options.source };
    this.current.indicators.set(id, indicator);
    if (place) this.places.set(indicator, place);
  }

  action(input: ActionInput, place?: RecordPlace): void {
    if (this.current.refused) return;
    const id = input.externalId ? hash('act-', input.externalId) : hash('act-', this.options.importId, String(this.counts.actions));
    if (!this.current.actions.has(id)) this.counts.actions++;
    const action: ActionRecord = { ...input, id, caseId: '', source: input.source ?? this.options.source };
    this.current.actions.set(id, action);
    if (place) this.places.set(action, place);
  }

  /**
   * Once the records are final (their entities' tallies settled): those too
   * large for one journal record become invalid records (oversized.ts); the
   * others' sizes are kept in recordBytes for cutting the journal batches.
   */
  refuseOversized(): void {
    this.recordBytes = refuseOversized(this.groups.values(), this.counts, this.places, (r) => this.problems.invalid(r));
  }

  /** The groups that make a case: with anything in them, or the chosen case; at least the file's own. */
  destinations(intoChosenCase: boolean): Group[] {
    const groups = [...this.groups.values()].filter(
      (g) => intoChosenCase || g.incident || g.timeline || g.alerts.size || g.entities.size || g.found.size || g.indicators.size || g.actions.size,
    );
    if (groups.length === 0 && !intoChosenCase) groups.push(this.groups.get('')!);
    return groups;
  }
}

function newGroup(key: string, incident: IncidentInput | null): Group {
  return {
    key,
    incident,
    alerts: new Map(),
    entities: new Map(),
    indicators: new Map(),
    actions: new Map(),
    timeline: null,
    seen: new Map(),
    found: new FoundEntities(),
    refused: false,
  };
}
