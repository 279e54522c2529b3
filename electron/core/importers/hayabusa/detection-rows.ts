import { isoUs } from '../../../../shared/time';
import type { Severity } from '../../../../shared/domain/case';
import type { TimelineEvent } from '../../../../shared/domain/timeline';
import type { AlertInput, EntityInput, ImportContext } from '../types';
import type { Position } from '../problems';

import { factsOf, parseDetails, parseYamlFields, type Pairs } from './details';
import { ALERT_THRESHOLD, atLeast, levelSeverity } from './levels';
import { dataObject } from '../data-object';

/**
 * Rows of the two EVTX hunting tools' CSV output → a timeline event each, and
 * an alert for each detection at or above ALERT_THRESHOLD, with the computer,
 * users, addresses, processes, files and hashes the row names as entities.
 *
 * Hayabusa: `Timestamp,Computer,EventID,Level,RuleTitle,Details,...`, times with
 * the offset of the machine that ran it ('2016-09-20 01:50:06.513 +09:00').
 * Chainsaw (`hunt --csv`): `timestamp,detections,<fields of the group>`, RFC 3339
 * times, rule names joined by ';', and no level at all.
 */

export type Row = Record<string, string>;

/** The first column present (header names differ between tool versions and profiles). */
function col(row: Row, ...names: string[]): string {
  for (const n of names) {
    const v = row[n];
    if (v !== undefined && v !== '') return v;
  }
  return '';
}

/** Values of a list column: Hayabusa separates with ' ¦ ', others with commas or semicolons. */
function list(value: string): string[] {
  return (
    value
      // Split at the separator alone (each piece is trimmed): /\s*[¦,;]\s*/ ran over a whole run of spaces from each of them.
      .split(/[¦,;]/)
      .map((v) => v.trim())
      .filter((v) => v && v !== '-')
  );
}

const TECHNIQUE = /^T\d{4}(?:\.\d{3})?$/i;
/** Sysmon rule names carry them too: "technique_id=T1086,technique_name=PowerShell". */
const TECHNIQUE_IN_TEXT = /technique_id=(T\d{4}(?:\.\d{3})?)\b/gi;

function attributesOf(row: Row): Record<string, string> {
  const out: Record<string, string> = dataObject();
  for (const key in row) if (row[key] !== '') out[key] = row[key]!;
  return out;
}

function dedupe(entities: EntityInput[]): EntityInput[] {
  const seen = new Set<string>();
  return entities.filter((e) => {
    const key = `${e.type}\0${e.value.toLowerCase()}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export class DetectionRows {
  private readonly unknownLevels = new Set<string>();
  private warnedNoLevel = false;

  constructor(private readonly ctx: ImportContext) {}

  private severity(raw: string, position: Position, fallback: Severity): Severity {
    const severity = levelSeverity(raw);
    if (severity) return severity;
    if (!this.unknownLevels.has(raw)) {
      this.unknownLevels.add(raw);
      this.ctx.warn(`level "${raw}" is not a known detection level; read as ${fallback}`, position);
    }
    return fallback;
  }

  private emit(input: {
    time: number;
    row: Row;
    tool: 'Hayabusa' | 'Chainsaw';
    title: string;
    details: string;
    host: string;
    severity: Severity;
    pairs: Pairs;
    tactics: string[];
    tags: string[];
    externalId: string;
  }): void {
    const { time, row, tool, title, details, host, severity, pairs, tactics, tags } = input;
    const facts = factsOf(pairs);
    this.ctx.event({
      time,
      timestampDesc: `${tool} detection`,
      message: details ? `${title} — ${details}` : title,
      source: tool,
      host,
      user: facts.user,
      tags: [...new Set([severity, ...tactics, ...tags])],
      attributes: attributesOf(row),
    } satisfies TimelineEvent);
    if (!atLeast(severity, ALERT_THRESHOLD)) return;
    const at = isoUs(time);
    const alert: AlertInput = {
      externalId: input.externalId,
      title: title || `${tool} detection`,
      severity,
      status: 'new',
      category: tactics[0] ?? null,
      detectionSource: tool,
      createdAt: at,
      firstActivity: at,
      lastActivity: at,
      description: details,
      mitreTechniques: [
        ...new Set([...tags.filter((t) => TECHNIQUE.test(t)), ...[...details.matchAll(TECHNIQUE_IN_TEXT)].map((m) => m[1]!)].map((t) => t.toUpperCase())),
      ],
      attributes: attributesOf(row),
      entities: dedupe([...(host ? [{ type: 'device' as const, value: host }] : []), ...facts.entities]),
    };
    this.ctx.alert(alert);
  }

  hayabusa(row: Row, position: Position): void {
    const stamp = col(row, 'Timestamp', 'datetime');
    const time = this.ctx.time(stamp, position, row.Timestamp !== undefined ? 'Timestamp' : 'datetime');
    if (time === null) return;
    const level = col(row, 'Level');
    const details = col(row, 'Details');
    const title = col(row, 'RuleTitle', 'Rule Title', 'message');
    const computer = col(row, 'Computer');
    const pairs = [...parseDetails(details), ...parseDetails(col(row, 'ExtraFieldInfo')), ...parseDetails(col(row, 'AllFieldInfo'))];
    this.emit({
      time,
      row,
      tool: 'Hayabusa',
      title,
      details,
      host: computer,
      severity: level ? this.severity(level, position, 'informational') : 'informational',
      pairs,
      tactics: list(col(row, 'MitreTactics')),
      tags: [...list(col(row, 'MitreTags')), ...list(col(row, 'OtherTags'))],
      externalId: [
        col(row, 'RuleID') || col(row, 'RulePath', 'RuleFile') || title,
        computer,
        stamp,
        col(row, 'EventID', 'EID'),
        col(row, 'RecordID'),
        col(row, 'FilePath', 'EvtxFile'),
      ].join('|'),
    });
  }

  chainsaw(row: Row, position: Position): void {
    const stamp = col(row, 'timestamp');
    const time = this.ctx.time(stamp, position, 'timestamp');
    if (time === null) return;
    const title = col(row, 'detections')
      .split(';')
      .map((d) => d.trim())
      .filter(Boolean)
      .join('; ');
    const eventData = parseYamlFields(col(row, 'Event Data'));
    const columns: Pairs = Object.entries(row).filter(([k, v]) => v && !['timestamp', 'detections', 'Event Data', 'path', 'count'].includes(k));
    const summary = [...columns, ...eventData]
      .map(([k, v]) => `${k}: ${v}`)
      .join(' ¦ ')
      .slice(0, 500);
    const level = col(row, 'level', 'Level');
    if (!level && !this.warnedNoLevel) {
      this.warnedNoLevel = true;
      this.ctx.warn(`Chainsaw CSV carries no rule level: every detection became a ${ALERT_THRESHOLD}-severity alert`);
    }
    const computer = col(row, 'Computer', 'Event.System.Computer');
    this.emit({
      time,
      row,
      tool: 'Chainsaw',
      title,
      details: summary,
      host: computer,
      severity: level ? this.severity(level, position, ALERT_THRESHOLD) : ALERT_THRESHOLD,
      pairs: [...columns, ...eventData],
      tactics: [],
      tags: [],
      externalId: [title, computer, stamp, col(row, 'Event ID', 'Event.System.EventID'), col(row, 'Record ID'), col(row, 'path')].join('|'),
    });
  }
}
