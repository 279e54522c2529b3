/**
 * The report's one stylesheet: readable on screen, and on paper (A4, page
 * numbers not needed since every page carries the case and journal head in
 * its running header; tables split between rows, never inside one; headings
 * kept with what follows). Colours for severity, TLP and verdicts match the app's.
 */
export const REPORT_CSS = `
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { font: 11pt/1.45 "DejaVu Sans", "Segoe UI", Arial, sans-serif; color: #1a202c; margin: 0 auto; max-width: 60rem; padding: 2rem; background: #fff; }
header.report-head { border-bottom: 3px solid #1a365d; margin-bottom: 1.5rem; padding-bottom: .75rem; }
header.report-head h1 { font-size: 20pt; margin: .2rem 0 .4rem; color: #1a365d; }
.eyebrow { text-transform: uppercase; letter-spacing: .08em; font-size: 8.5pt; color: #4a5568; margin: 0; }
.tie { font-size: 9pt; color: #2d3748; margin: .2rem 0 0; }
.tie code, .hash { font-family: "DejaVu Sans Mono", Consolas, monospace; font-size: 8.5pt; word-break: break-all; }
h2 { font-size: 14pt; color: #1a365d; border-bottom: 1px solid #cbd5e0; padding-bottom: .2rem; margin: 1.8rem 0 .6rem; break-after: avoid; page-break-after: avoid; }
h3 { font-size: 11.5pt; margin: 1rem 0 .4rem; break-after: avoid; page-break-after: avoid; }
dl.fields { display: grid; grid-template-columns: repeat(auto-fill, minmax(13rem, 1fr)); gap: .4rem 1.2rem; margin: 0; }
.field dt { font-size: 8.5pt; text-transform: uppercase; letter-spacing: .05em; color: #4a5568; }
.field dd { margin: 0; font-weight: 600; }
.prose { white-space: pre-wrap; overflow-wrap: anywhere; }
table { width: 100%; border-collapse: collapse; font-size: 9pt; margin: .3rem 0 .8rem; }
thead { display: table-header-group; }
th { text-align: left; background: #edf2f7; color: #1a202c; font-weight: 600; }
th, td { border: 1px solid #cbd5e0; padding: .25rem .4rem; vertical-align: top; }
tr { break-inside: avoid; page-break-inside: avoid; }
td.value { overflow-wrap: anywhere; min-width: 10em; font-family: "DejaVu Sans Mono", Consolas, monospace; font-size: 8.5pt; }
td.target { overflow-wrap: break-word; font-family: "DejaVu Sans Mono", Consolas, monospace; font-size: 8.5pt; }
td.time { font-variant-numeric: tabular-nums; }
.nb { white-space: nowrap; }
.num { text-align: right; font-variant-numeric: tabular-nums; }
.muted { color: #4a5568; font-size: 9pt; }
.tag { display: inline-block; border: 1px solid #a0aec0; border-radius: 3px; padding: 0 .3rem; font-size: 9pt; font-weight: 400; }
.sev { font-weight: 700; }
.sev-critical { color: #7b1d1d; } .sev-high { color: #c53030; } .sev-medium { color: #9c4221; } .sev-low { color: #276749; } .sev-informational { color: #4a5568; }
.tlp { font-weight: 700; padding: 0 .35rem; background: #000; border-radius: 2px; }
.tlp[data-tlp="clear"] { color: #fff; } .tlp[data-tlp="green"] { color: #33ff00; } .tlp[data-tlp="amber"], .tlp[data-tlp="amber+strict"] { color: #ffc000; } .tlp[data-tlp="red"] { color: #ff2b2b; }
.verdict[data-verdict="malicious"] { color: #c53030; font-weight: 700; } .verdict[data-verdict="suspicious"] { color: #9c4221; font-weight: 700; }
.tid { font-family: "DejaVu Sans Mono", Consolas, monospace; font-weight: 600; }
figure { margin: .5rem 0 1rem; break-inside: avoid; page-break-inside: avoid; }
figure svg { max-width: 100%; height: auto; }
figcaption { font-size: 9pt; color: #4a5568; }
nav.toc ol { columns: 2; font-size: 10pt; }
footer.report-foot { margin-top: 2rem; border-top: 1px solid #cbd5e0; padding-top: .5rem; font-size: 8.5pt; color: #4a5568; }
@page { size: A4; margin: 14mm 12mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 9.5pt; }
  a { color: inherit; text-decoration: none; }
  nav.toc { display: none; }
  h2 { margin-top: 1.2rem; }
  .tlp { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  th { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
`;
