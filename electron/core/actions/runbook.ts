import { ACTION_KIND_LABELS, type CaseAction, type Runbook, type RunbookFormat } from '../../../shared/domain/actions';
import { actionName } from './action-state';

/**
 * Approved actions as a runbook for whoever is on the live network (Casebook's
 * machine is offline): grouped by target, each target with its exact
 * identifiers, in Markdown (to read), CSV (to tick off in a spreadsheet) or
 * JSON (for a script).
 */

interface TargetGroup {
  target: CaseAction['target'];
  actions: CaseAction[];
}

/** Approved actions grouped by target (entity, else identifier), targets in name order, actions in proposal order. */
export function groupByTarget(actions: readonly CaseAction[]): TargetGroup[] {
  const groups = new Map<string, TargetGroup>();
  for (const a of actions) {
    const key = a.target.entityId ?? `${a.target.identifierName}\0${a.target.identifier}`;
    const group = groups.get(key) ?? { target: a.target, actions: [] };
    group.actions.push(a);
    groups.set(key, group);
  }
  for (const g of groups.values()) g.actions.sort((x, y) => x.proposedAt.localeCompare(y.proposedAt) || x.id.localeCompare(y.id));
  return [...groups.values()].sort((x, y) => x.target.display.localeCompare(y.target.display) || x.target.identifier.localeCompare(y.target.identifier));
}

/**
 * One CSV cell: quoted when it holds a separator, quote or line break; a cell
 * a spreadsheet would take for a formula (=, +, -, @, tab, carriage return)
 * gets a leading apostrophe so it stays text (OWASP's CSV injection advice).
 */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) || safe !== value ? `"${safe.replace(/"/g, '""')}"` : safe;
}

const CSV_COLUMNS = [
  'target',
  'target type',
  'identifier name',
  'identifier',
  'other identifiers',
  'action',
  'kind',
  'action id',
  'rationale',
  'proposed by',
  'proposed at',
  'approved by',
  'approved at',
  'comment',
  'done',
];

function csv(groups: TargetGroup[]): string {
  const lines = [CSV_COLUMNS.map(csvCell).join(',')];
  for (const { target, actions } of groups) {
    for (const a of actions) {
      const more = target.more.map((m) => `${m.name}: ${m.value}`).join('; ');
      const row = [target.display, target.type ?? '', target.identifierName, target.identifier, more, actionName(a), a.kind, a.id, a.rationale];
      row.push(a.proposedBy, a.proposedAt, a.decidedBy ?? '', a.decidedAt ?? '', a.comment ?? '', '');
      lines.push(row.map(csvCell).join(','));
    }
  }
  return lines.join('\r\n') + '\r\n';
}

/** Text inside Markdown: characters that would start markup are escaped, a line break becomes a space. */
const md = (text: string): string => text.replace(/[\\`*_[\]<>|#]/g, (c) => `\\${c}`).replace(/\s*[\r\n]+\s*/g, ' ');
/** An identifier in a code span, exact: backticks inside get a longer fence. */
const code = (text: string): string => {
  const fence = '`'.repeat((text.match(/`+/g) ?? []).reduce((n, run) => Math.max(n, run.length), 0) + 1);
  return `${fence} ${text} ${fence}`;
};

function markdown(groups: TargetGroup[], caseTitle: string, now: string): string {
  const lines = [`# Runbook: ${md(caseTitle)}`, '', `Approved actions to carry out, ${groups.reduce((n, g) => n + g.actions.length, 0)} in all, made ${now}.`];
  lines.push('Mark each one executed or failed in Casebook afterwards (`casebook action done`).', '');
  for (const { target, actions } of groups) {
    lines.push(`## ${md(target.display)}${target.type ? ` (${target.type})` : ''}`, '', `- ${target.identifierName}: ${code(target.identifier)}`);
    for (const m of target.more) lines.push(`- ${m.name}: ${code(m.value)}`);
    lines.push('');
    for (const a of actions) {
      lines.push(`- [ ] **${md(actionName(a))}** (${code(a.id)}): ${md(a.rationale) || 'no rationale given'}`);
      lines.push(
        `  proposed by ${md(a.proposedBy)} ${a.proposedAt}; approved by ${md(a.decidedBy ?? '?')} ${a.decidedAt ?? ''}${a.comment ? `: ${md(a.comment)}` : ''}`,
      );
    }
    lines.push('');
  }
  return lines.join('\n');
}

function json(groups: TargetGroup[], caseId: string, now: string): string {
  const targets = groups.map(({ target, actions }) => ({
    target,
    actions: actions.map((a) => ({
      id: a.id,
      kind: a.kind,
      action: a.kind === 'custom' ? a.title : ACTION_KIND_LABELS[a.kind],
      rationale: a.rationale,
      source: a.source,
      externalId: a.externalId,
      proposedBy: a.proposedBy,
      proposedAt: a.proposedAt,
      approvedBy: a.decidedBy,
      approvedAt: a.decidedAt,
      comment: a.comment,
    })),
  }));
  return JSON.stringify({ caseId, generatedAt: now, targets }, null, 2) + '\n';
}

/** The runbook of the case's approved actions in `format`. */
export function runbook(actions: readonly CaseAction[], format: RunbookFormat, caseInfo: { id: string; title: string }, now: string): Runbook {
  const approved = actions.filter((a) => a.status === 'approved');
  const groups = groupByTarget(approved);
  const content = format === 'csv' ? csv(groups) : format === 'md' ? markdown(groups, caseInfo.title, now) : json(groups, caseInfo.id, now);
  const stamp = now.slice(0, 16).replace(/[-:]/g, '').replace('T', '-');
  return { format, fileName: `runbook-${caseInfo.id.slice(0, 8)}-${stamp}.${format}`, content, actions: approved.length };
}
