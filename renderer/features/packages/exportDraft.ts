import type { PackageSelection } from '../../../shared/domain/packages';

/** What the export dialog's form holds, before it becomes a packages.export call. */
export interface ExportDraft {
  mode: 'recipients' | 'passphrase';
  recipients: string;
  passphrase: string;
  repeat: string;
  sign: boolean;
  /** datetime-local values, read as UTC. */
  from: string;
  to: string;
  alerts: string;
  entities: string;
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
  alerts: '',
  entities: '',
  redact: [],
  redactOther: '',
};

const words = (text: string) => text.split(/[\s,]+/).filter(Boolean);
const utcIso = (local: string) => (local ? new Date(`${local}Z`).toISOString() : undefined);

export type DraftProblems = Partial<Record<'recipients' | 'passphrase' | 'repeat' | 'to', string>>;

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
  if (d.from && d.to && d.from >= d.to) problems.to = 'The end must be after the start.';
  return problems;
}

/** The selection the draft asks for, or null for the whole case. */
export function selectionOf(d: ExportDraft): PackageSelection | null {
  const selection: PackageSelection = {};
  if (words(d.alerts).length) selection.alerts = words(d.alerts);
  if (words(d.entities).length) selection.entities = words(d.entities);
  if (d.from || d.to) selection.events = { from: utcIso(d.from), to: utcIso(d.to) };
  return Object.keys(selection).length ? selection : null;
}

export function redactionOf(d: ExportDraft): string[] {
  return [...new Set([...d.redact, ...words(d.redactOther)])];
}

export function encryptTo(d: ExportDraft): { recipients: string[] } | { passphrase: string } {
  return d.mode === 'recipients' ? { recipients: words(d.recipients) } : { passphrase: d.passphrase };
}
