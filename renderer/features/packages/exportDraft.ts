import type { PackageSelection } from '../../../shared/domain/packages';
import { parseUtcInput } from '../../shared/time';

/** One record picked for the selection, with what the dialog shows of it. */
export interface Picked {
  id: string;
  label: string;
}

/** What the export dialog's form holds, before it becomes a packages.export call. */
export interface ExportDraft {
  mode: 'recipients' | 'passphrase';
  recipients: string;
  passphrase: string;
  repeat: string;
  sign: boolean;
  /** UTC times as typed ("2026-03-01 08:00:00"); empty: open-ended. */
  from: string;
  to: string;
  alerts: Picked[];
  entities: Picked[];
  evidence: Picked[];
  redact: string[];
  redactOther: string;
}

export const EMPTY_DRAFT: ExportDraft = {
  mode: 'recipients',
  recipients: '',
  passphrase: '',
  repeat: '',
  sign: true,
  from: '',
  to: '',
  alerts: [],
  entities: [],
  evidence: [],
  redact: [],
  redactOther: '',
};

const words = (text: string) => text.split(/[\s,]+/).filter(Boolean);
/** A typed UTC time as the ISO string the selection takes; undefined when empty or not a time. */
const utcIso = (typed: string) => {
  const us = typed.trim() ? parseUtcInput(typed) : null;
  return us === null ? undefined : new Date(Math.floor(us / 1000)).toISOString();
};

export type DraftProblems = Partial<Record<'recipients' | 'passphrase' | 'repeat' | 'from' | 'to', string>>;

const NOT_A_TIME = 'Not a UTC time: write it as 2026-03-01 08:00:00 (seconds and time optional).';

/** What is wrong with the draft, by field; empty when it can be exported. */
export function draftProblems(d: ExportDraft): DraftProblems {
  const problems: DraftProblems = {};
  if (d.mode === 'recipients') {
    const list = words(d.recipients);
    if (list.length === 0) problems.recipients = 'Give at least one age public key (age1…).';
    else if (list.some((r) => !/^age1[0-9a-z]{58}$/.test(r))) problems.recipients = `Not an age public key: ${list.find((r) => !/^age1[0-9a-z]{58}$/.test(r))}`;
  } else {
    if (d.passphrase.length < 10) problems.passphrase = 'Use at least 10 characters.';
    if (d.repeat !== d.passphrase) problems.repeat = 'The two passphrases differ.';
  }
  if (d.from.trim() && !utcIso(d.from)) problems.from = NOT_A_TIME;
  if (d.to.trim() && !utcIso(d.to)) problems.to = NOT_A_TIME;
  const [from, to] = [utcIso(d.from), utcIso(d.to)];
  if (from && to && from >= to) problems.to = 'The end must be after the start.';
  return problems;
}

/** The selection the draft asks for, or null for the whole case. */
export function selectionOf(d: ExportDraft): PackageSelection | null {
  const selection: PackageSelection = {};
  if (d.alerts.length) selection.alerts = d.alerts.map((p) => p.id);
  if (d.entities.length) selection.entities = d.entities.map((p) => p.id);
  if (d.evidence.length) selection.evidence = d.evidence.map((p) => p.id);
  const [from, to] = [utcIso(d.from), utcIso(d.to)];
  if (from || to) selection.events = { from, to };
  return Object.keys(selection).length ? selection : null;
}

export function redactionOf(d: ExportDraft): string[] {
  return [...new Set([...d.redact, ...words(d.redactOther)])];
}

/** The placeholder the engine writes for the n-th distinct value of a redacted field (package-filter.ts): USER-1. */
export function placeholderOf(field: string, n = 1): string {
  return `${field.toUpperCase()}-${n}`;
}

export function encryptTo(d: ExportDraft): { recipients: string[] } | { passphrase: string } {
  return d.mode === 'recipients' ? { recipients: words(d.recipients) } : { passphrase: d.passphrase };
}
