import { createHash } from 'node:crypto';
import { label } from '../../../../shared/domain/case';
import type { ReportSectionInfo } from '../../../../shared/domain/exports';
import { h, Safe, utcText } from './html';
import { REPORT_CSS } from './report-style';
import type { ReportData } from './report-data';
import { chartSvgs, chartsSection, scopeSection, summarySection, type ReportSection } from './report-sections';
import { alertsSection, entitiesSection, evidenceSection } from './record-sections';
import { decidedActionsSection, evidenceItemsSection, notesSection, storySection } from './curated-sections';

/**
 * The incident report: one self-contained HTML document (no script, no
 * external resource, its CSP in a meta tag allowing only its own stylesheet
 * by hash and data: images), every value escaped, with print CSS so the same
 * document is the PDF. Its header and footer name the journal head (record
 * number and chain hash): the report is of that state of the case, and
 * `casebook audit verify` on the case shows whether the case still has it.
 */

/** The sections in reading order, each a function of ReportData; one with nothing to show is left out. */
const SECTIONS: ((data: ReportData) => ReportSection | null)[] = [
  summarySection,
  scopeSection,
  chartsSection,
  storySection,
  alertsSection,
  entitiesSection,
  decidedActionsSection,
  evidenceSection,
  evidenceItemsSection,
  notesSection,
];

const STYLE_HASH = `sha256-${createHash('sha256').update(REPORT_CSS).digest('base64')}`;
/** Nothing may load or run: only the stylesheet above (by its hash) and data: images. */
export const REPORT_CSP = `default-src 'none'; style-src '${STYLE_HASH}'; img-src data:; base-uri 'none'; form-action 'none'`;

export interface RenderedReport {
  html: string;
  sections: ReportSectionInfo[];
  charts: { title: string; svg: string }[];
}

function head(data: ReportData): Safe {
  const c = data.case;
  return h`<header class="report-head">
<p class="eyebrow">Incident report · <span class="tlp" data-tlp="${c.tlp}">${label(c.tlp)}</span></p>
<h1>${c.title}</h1>
<p class="tie">Case <code>${c.id}</code> · journal head: record ${data.head.seq}, hash <code>${data.head.hash}</code></p>
<p class="tie">Generated ${utcText(data.generatedAt)} (UTC, zone +00:00) · severity ${label(c.severity)} · status ${label(c.status)}</p>
</header>`;
}

export function renderReport(data: ReportData): RenderedReport {
  const sections = SECTIONS.map((section) => section(data)).filter((s): s is ReportSection => s !== null);
  const toc = h`<nav class="toc" aria-label="Contents"><ol>${sections.map((s) => h`<li><a href="#${s.id}">${s.title}</a></li>`)}</ol></nav>`;
  const body = sections.map((s) => h`<section id="${s.id}" aria-labelledby="${s.id}-h"><h2 id="${s.id}-h">${s.title}</h2>${s.body}</section>`);
  const doc = h`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${REPORT_CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="Casebook">
<title>Incident report: ${data.case.title}</title>
<style>${new Safe(REPORT_CSS)}</style>
</head>
<body>
${head(data)}
<main>
${toc}
${body}
</main>
<footer class="report-foot">Case ${data.case.id} · journal record ${data.head.seq} · hash ${data.head.hash} · generated ${utcText(data.generatedAt)} by Casebook</footer>
</body>
</html>
`;
  return {
    html: doc.html,
    sections: sections.map(({ id, title, items }) => ({ id, title, items })),
    charts: chartSvgs(data).map((c) => ({ title: c.title, svg: c.svg.html })),
  };
}
