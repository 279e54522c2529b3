import { z } from 'zod';

/**
 * The same data twice: a file whose SHA-256 a case already holds, or an
 * incident an existing case came from (or took in). An import finds them
 * before it commits, and does what the caller chose: refuse (the default),
 * import again, or merge into the existing case.
 */

export const DUPLICATE_CHOICES = ['refuse', 'again', 'merge'] as const;
export type DuplicateChoice = (typeof DUPLICATE_CHOICES)[number];
export const duplicateChoice = z.enum(DUPLICATE_CHOICES);

/** An earlier import of the very same file (same SHA-256). */
export interface SameFile {
  kind: 'file';
  caseId: string;
  caseTitle: string;
  /** The earlier import's evidence record. */
  evidenceId: string;
  name: string;
  addedAt: string;
  addedBy: string;
}

/** An incident of the file that an existing case came from (`origin`) or took in from an earlier file (`imported`). */
export interface SameIncident {
  kind: 'incident';
  caseId: string;
  caseTitle: string;
  externalId: string;
  how: 'origin' | 'imported';
}

export type Duplicate = SameFile | SameIncident;

export interface DuplicateCheck {
  file: string;
  /** The format the import would read it as. */
  format: string;
  size: number;
  sha256: string;
  /** The incidents the file holds (their ids in their source). */
  incidents: string[];
  duplicates: Duplicate[];
}

/** What a merge changed in the existing case. */
export interface MergeReport {
  caseId: string;
  caseTitle: string;
  /** The same file again: nothing was written. */
  nothingNew: boolean;
  /** Alerts the case had, with the fields the new export changed (status, severity...). */
  alertsUpdated: { id: string; title: string; fields: string[] }[];
  alertsAdded: { id: string; title: string }[];
  entitiesAdded: number;
  eventsAdded: number;
  /** Events of the file the case already had, left out. */
  eventsAlreadyThere: number;
}

/** "the same file (SHA-256 …) was imported into case "X" (id) on … by …" — one line per earlier import or case. */
export function describeDuplicate(d: Duplicate, sha256: string): string {
  if (d.kind === 'file') {
    return `the same file (SHA-256 ${sha256.slice(0, 12)}…) was imported as ${d.name} into case "${d.caseTitle}" (${d.caseId}) on ${d.addedAt.slice(0, 19).replace('T', ' ')} UTC by ${d.addedBy}`;
  }
  return d.how === 'origin'
    ? `incident ${d.externalId} is already case "${d.caseTitle}" (${d.caseId}), made from an earlier export of it`
    : `incident ${d.externalId} was already imported into case "${d.caseTitle}" (${d.caseId})`;
}

/** One line saying what a merge changed. */
export function describeMerge(m: MergeReport): string {
  if (m.nothingNew) return `merged into "${m.caseTitle}": nothing new (the case already holds this file)`;
  const parts = [
    `${m.alertsUpdated.length} alert(s) updated${m.alertsUpdated.length ? ` (${m.alertsUpdated.map((a) => `${a.title}: ${a.fields.join(', ')}`).join('; ')})` : ''}`,
    `${m.alertsAdded.length} added`,
    `${m.entitiesAdded} entit${m.entitiesAdded === 1 ? 'y' : 'ies'} added`,
    `${m.eventsAdded} event(s) added, ${m.eventsAlreadyThere} already there`,
  ];
  return `merged into "${m.caseTitle}": ${parts.join('; ')}`;
}
