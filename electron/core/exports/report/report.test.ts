import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../../../tests/unit/support/temp-dir';
import { buildExportCase, HOSTILE_TITLE } from '../../../../tests/unit/support/export-case';
import { exportEngine } from '../../../../tests/unit/support/export-engine';
import { chromiumPath } from '../chromium-pdf';

const tempDir = useTempDirs();

async function reportCase() {
  const dir = tempDir();
  const { engine, call } = await exportEngine(dir);
  const caseId = await buildExportCase(call, dir);
  return { dir, engine, call, caseId };
}

describe('the incident report', () => {
  it('holds every section the case has data for, in reading order, and ties itself to the journal head', async () => {
    const { call, caseId } = await reportCase();
    const preview = await call('exports.reportPreview', { caseId });
    expect(preview.sections.map((s) => s.id)).toEqual(['summary', 'scope', 'charts', 'alerts', 'entities', 'actions', 'evidence']);
    expect(preview.sections.find((s) => s.id === 'alerts')!.items).toBe(3);
    expect(preview.sections.find((s) => s.id === 'actions')!.items).toBe(2);
    // The head printed is the case's: its revision and the chain hash audit verify reports.
    const verified = await call('audit.verify', { caseId });
    const summary = await call('cases.summary', { id: caseId });
    expect(preview.head).toEqual({ seq: summary.revision, hash: verified.head });
    expect(preview.html).toContain(`journal head: record ${summary.revision}, hash <code>${verified.head}</code>`);
    expect(preview.generatedAt).toMatch(/Z$/);
    expect(preview.html).toMatch(/Generated \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC/);
  });

  it('shows triage fields, scope, alerts with ATT&CK technique names, verdicts, actions and evidence', async () => {
    const { call, caseId } = await reportCase();
    const { html } = await call('exports.reportPreview', { caseId });
    for (const text of ['True positive', 'Compromised account', 'dana@contoso.com', 'TLP:', 'Credential Theft']) expect(html).toContain(text);
    expect(html).toContain('OS Credential Dumping: LSASS Memory');
    expect(html).toContain('Command and Scripting Interpreter: PowerShell');
    expect(html).toContain('Obfuscated Files or Information');
    expect(html).toMatch(/ws-042\.contoso\.com/);
    expect(html).toMatch(/data-verdict="malicious">malicious</i);
    expect(html).toContain('Isolate');
    expect(html).toContain('RunAntiVirusScan');
    expect(html).toContain('timeline.jsonl');
    expect(html).toContain('First activity');
    expect(html).toContain('2024-03-01 09:00:00 UTC');
  });

  it('tells the story the analysts recorded: flagged events, decided actions, evidence custody and notes (Markdown, no raw HTML)', async () => {
    const { call, caseId } = await reportCase();
    const page = await call('timeline.page', { caseId, limit: 1 });
    const event = page.events[0]!;
    await call('story.annotate', { caseId, eventId: event.id, flag: true, addTags: ['initial-access'] });
    await call('story.writeNote', { caseId, text: 'Scope: **two hosts**. <script>alert(1)</script> [link](javascript:alert(2))' });
    const entities = await call('entities.list', { caseId, types: ['device'], limit: 1 });
    const proposed = await call('actions.propose', { caseId, kind: 'isolate', targets: [entities.rows[0]!.id], rationale: 'beaconing to 203.0.113.7' });
    const id = proposed.actions[0]!.id;
    await call('actions.decide', { caseId, ids: [id], decision: 'reject', comment: 'the host runs the payroll; contain by firewall instead' });
    const item = await call('evidence.addRef', { caseId, fields: { title: 'Disk image of WS-042', kind: 'disk-image' }, hashes: { sha256: 'a'.repeat(64) } });
    await call('evidence.custody', { caseId, itemId: item.result.id, entry: { event: 'transferred', from: 'Dana', to: 'Evidence locker 3' } });

    const { html, sections } = await call('exports.reportPreview', { caseId });
    expect(sections.map((s) => s.id)).toEqual(['summary', 'scope', 'charts', 'story', 'alerts', 'entities', 'actions', 'evidence', 'custody', 'notes']);
    expect(html).toContain('initial-access');
    expect(html).toContain('the host runs the payroll; contain by firewall instead');
    expect(html).toContain('Disk image of WS-042');
    expect(html).toMatch(/Dana → Evidence locker 3/);
    expect(html).toContain('<strong>two hosts</strong>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toContain('href="javascript:');
  });

  it('is self-contained and inert: CSP meta, no script, no external resource, every value escaped', async () => {
    const { call, caseId } = await reportCase();
    const { html, charts } = await call('exports.reportPreview', { caseId });
    expect(html).toMatch(/<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; style-src &#39;sha256-/);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/(src|href)="(https?:|\/\/|file:)/i);
    expect(html).not.toContain('<b>bold</b>');
    expect(html).toContain('Encoded PowerShell &lt;b&gt;bold&lt;/b&gt;');
    expect(html).toContain(HOSTILE_TITLE.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;'));
    // Charts: static SVG drawn by the report, described for screen readers.
    expect(charts.map((c) => c.title)).toEqual(['Events over time (UTC)', 'Alerts by severity']);
    expect(charts[1]!.svg).toContain('aria-label="Alerts by severity: 3 alerts; Critical 0, High 1, Medium 1, Low 1, Informational 0"');
    expect(html).toContain('@media print');
  });

  it('is written as HTML atomically, the same document the preview shows but for its time', async () => {
    const { dir, call, caseId } = await reportCase();
    const out = path.join(dir, 'report.html');
    const result = await call('exports.report', { caseId, format: 'html', out });
    const written = readFileSync(out, 'utf8');
    expect(result).toMatchObject({ name: 'report.html', bytes: Buffer.byteLength(written) });
    expect(written).toContain(`hash <code>${result.head.hash}</code>`);
    await expect(call('exports.report', { caseId, format: 'html', out: path.join(dir, 'missing', 'r.html') })).rejects.toThrow(
      `out: the folder ${path.join(dir, 'missing')} does not exist`,
    );
  });

  it.skipIf(!existsSync(chromiumPath()))(
    `prints to PDF with headless Chromium (${chromiumPath()})`,
    async () => {
      const { dir, call, caseId } = await reportCase();
      const out = path.join(dir, 'report.pdf');
      const result = await call('exports.report', { caseId, format: 'pdf', out });
      const pdf = readFileSync(out);
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect(result.bytes).toBe(pdf.length);
      // A4 pages (595 × 842 points), titled after the case.
      const text = pdf.toString('latin1');
      expect(text).toMatch(/\/MediaBox \[0 0 59[45](\.\d+)? 84[12](\.\d+)?\]/);
      expect(text.match(/\/Type \/Page\b/g)!.length).toBeGreaterThanOrEqual(2);
      expect(text).toContain('/Title (Incident report: Credential theft');
    },
    120_000,
  );

  it('says clearly when there is no Chromium to print with', async () => {
    const { dir, call, caseId } = await reportCase();
    const saved = process.env.CHROMIUM_PATH;
    process.env.CHROMIUM_PATH = path.join(dir, 'no-chromium-here');
    try {
      await expect(call('exports.report', { caseId, format: 'pdf', out: path.join(dir, 'r.pdf') })).rejects.toThrow(
        /a PDF needs Chromium, and there is none at/,
      );
      expect(existsSync(path.join(dir, 'r.pdf'))).toBe(false);
    } finally {
      if (saved === undefined) delete process.env.CHROMIUM_PATH;
      else process.env.CHROMIUM_PATH = saved;
    }
  });
});
