import MarkdownIt from 'markdown-it';
import { label } from '../../../../shared/domain/case';
import { ACTION_KIND_LABELS, type CaseAction } from '../../../../shared/domain/actions';
import type { CustodyEntry } from '../../../../shared/domain/evidence';
import type { CaseNote, NoteTarget } from '../../../../shared/domain/story';
import { isoUs } from '../../../../shared/time';
import { h, Safe, utcCell } from './html';
import type { ReportData } from './report-data';
import type { ReportSection } from './report-sections';

/**
 * The report's sections of what the analysts recorded in the case: the story
 * (starred and flagged events, live-response sessions, in time order), the
 * actions with their decisions, the evidence items with their custody chains,
 * and the notes. Each returns null when the case has none.
 */

const th = (names: string[]) => h`<thead><tr>${names.map((n) => h`<th scope="col">${n}</th>`)}</tr></thead>`;

/** Notes are Markdown: rendered with raw HTML off (a tag in a note is text), links limited by markdown-it's own URL check. */
const markdown = new MarkdownIt({ html: false, linkify: false });

export function storySection(data: ReportData): ReportSection | null {
  const { annotations, sessions } = data.curated.story;
  const lines = [
    ...annotations
      .filter((a) => a.starred || a.flagged)
      .map((a) => ({
        at: isoUs(a.event.time),
        row: h`<tr><td class="time">${utcCell(isoUs(a.event.time))}</td><td>${[a.flagged ? 'flagged' : '', a.starred ? 'starred' : ''].filter(Boolean).join(', ')}${a.tags.length ? h`<div class="muted">${a.tags.join(', ')}</div>` : ''}</td><td>${a.event.host || '—'}</td><td>${a.event.user || '—'}</td><td class="value">${a.event.message}<div class="muted">${a.event.source}</div></td></tr>`,
      })),
    ...sessions.map((s) => ({
      at: s.startedAt,
      row: h`<tr><td class="time">${utcCell(s.startedAt)}</td><td>live response</td><td>${s.host}</td><td>${s.operator}</td><td class="value">${s.tool}: ${s.commands.length} command(s)${s.summary ? h`<div>${s.summary}</div>` : ''}${s.commands.slice(0, 20).map((c) => h`<div class="mono">${c.command}</div>`)}</td></tr>`,
    })),
  ].sort((a, b) => a.at.localeCompare(b.at));
  if (!lines.length) return null;
  const body = h`<table>${th(['Time', 'Mark', 'Host', 'User', 'What'])}<tbody>${lines.map((l) => l.row)}</tbody></table>`;
  return { id: 'story', title: 'Story', items: lines.length, body };
}

export function decidedActionsSection(data: ReportData): ReportSection | null {
  const actions = data.curated.decided;
  if (!actions.length) return null;
  const decision = (a: CaseAction) =>
    a.decidedBy
      ? h`${label(a.status)} by ${a.decidedBy}<div class="muted">${utcCell(a.decidedAt)}</div>${a.comment ? h`<div>${a.comment}</div>` : ''}`
      : label(a.status);
  const rows = actions.map(
    (a) =>
      h`<tr><td>${ACTION_KIND_LABELS[a.kind]}${a.title && a.title !== ACTION_KIND_LABELS[a.kind] ? h`<div class="muted">${a.title}</div>` : ''}</td><td class="target">${a.target.display}<div class="hash">${a.target.identifierName}: ${a.target.identifier}</div></td><td>${a.proposedBy}<div class="muted">${utcCell(a.proposedAt)} · ${a.source}</div>${a.rationale ? h`<div>${a.rationale}</div>` : ''}</td><td>${decision(a)}</td><td>${a.outcomeNote ?? '—'}</td></tr>`,
  );
  const body = h`<table>${th(['Action', 'Target', 'Proposed', 'Decision', 'Outcome'])}<tbody>${rows}</tbody></table>`;
  return { id: 'actions', title: 'Actions', items: actions.length, body };
}

function custodyRows(custody: CustodyEntry[]) {
  return custody.map(
    (c) =>
      h`<tr><td class="time">${utcCell(c.at)}</td><td>${c.event}${c.corrects ? h`<div class="muted">corrects ${c.corrects}</div>` : ''}</td><td>${c.by}</td><td>${c.from ?? '—'} → ${c.to ?? '—'}</td><td>${c.where ?? '—'}</td><td>${c.hashVerified}</td><td>${[c.purpose, c.notes].filter(Boolean).join(' · ') || '—'}</td></tr>`,
  );
}

export function evidenceItemsSection(data: ReportData): ReportSection | null {
  const items = data.curated.items;
  if (!items.length) return null;
  const blocks = items.map(
    ({ item, custody }) =>
      h`<h3>${item.title}</h3><p class="muted">${label(item.kind)} · ${item.storage} · ${item.size === null ? 'size unknown' : `${item.size.toLocaleString('en-US')} bytes`} · added by ${item.addedBy} ${utcCell(item.addedAt)}</p>
<p class="hash">${Object.entries(item.hashes)
        .filter(([, v]) => v)
        .map(([k, v]) => `${k.toUpperCase()} ${v}`)
        .join(' · ')}</p>
<table>${th(['When', 'Step', 'By', 'From → to', 'Where', 'Hash', 'Purpose, notes'])}<tbody>${custodyRows(custody)}</tbody></table>`,
  );
  return { id: 'custody', title: 'Evidence items and their custody', items: items.length, body: h`${blocks}` };
}

function targetText(target: NoteTarget): string {
  return target.kind === 'case' ? 'the case' : target.kind === 'event' ? `event ${target.id}` : `${target.kind} ${target.id}`;
}

export function notesSection(data: ReportData): ReportSection | null {
  const notes: CaseNote[] = [...data.curated.story.notes].sort((a, b) => a.created.at.localeCompare(b.created.at));
  if (!notes.length) return null;
  const blocks = notes.map(
    (n) =>
      h`<article class="note"><p class="muted">On ${targetText(n.target)} · ${n.updated.actor}, ${utcCell(n.updated.at)}${n.history.length ? ` · edited ${n.history.length} time(s)` : ''}</p><div class="prose">${new Safe(markdown.render(n.text))}</div></article>`,
  );
  return { id: 'notes', title: 'Notes', items: notes.length, body: h`${blocks}` };
}
