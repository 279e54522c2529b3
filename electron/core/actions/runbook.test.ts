import { describe, expect, it } from 'vitest';
import Papa from 'papaparse';
import type { CaseAction } from '../../../shared/domain/actions';
import { csvCell, runbook } from './runbook';

function action(id: string, over: Partial<CaseAction>): CaseAction {
  return {
    id,
    kind: 'isolate',
    title: '',
    target: {
      entityId: 'ent-1',
      type: 'device',
      display: 'WKS-1',
      identifierName: 'Device id',
      identifier: 'f46b9bb259ed',
      more: [{ name: 'Host name', value: 'wks-1' }],
    },
    rationale: 'beaconing to 203.0.113.9',
    source: 'manual',
    origin: null,
    externalId: null,
    proposedBy: 'alice',
    proposedAt: '2026-12-01T10:00:00.000Z',
    expiresAt: '2026-12-08T10:00:00.000Z',
    status: 'approved',
    decidedBy: 'bob',
    decidedAt: '2026-12-01T11:00:00.000Z',
    comment: null,
    outcomeNote: null,
    evidenceId: null,
    undoOf: null,
    history: [],
    ...over,
  };
}

const user = {
  entityId: 'ent-2',
  type: 'user' as const,
  display: 'alice@contoso.com',
  identifierName: 'SID',
  identifier: 'S-1-5-21-7',
  more: [{ name: 'UPN', value: 'alice@contoso.com' }],
};
const actions = [
  action('act-1', {}),
  action('act-2', { kind: 'disable-user', target: user, rationale: '=HYPERLINK("http://x","click"), "quoted"\nnext line' }),
  action('act-3', { kind: 'av-scan', proposedAt: '2026-12-01T12:00:00.000Z' }),
  action('act-4', { status: 'pending' }),
  action('act-5', { status: 'executed' }),
];
const CASE = { id: '0b0e0f00-0000-4000-8000-000000000000', title: 'Intrusion *WKS-1*' };
const NOW = '2026-12-02T09:30:00.000Z';

describe('runbook of approved actions', () => {
  it('CSV: one row per approved action grouped by target, cells quoted, formula-looking cells kept as text', () => {
    const book = runbook(actions, 'csv', CASE, NOW);
    expect(book.actions).toBe(3);
    expect(book.fileName).toBe('runbook-0b0e0f00-20261202-0930.csv');
    const rows = Papa.parse<string[]>(book.content.trimEnd(), { newline: '\r\n' }).data;
    expect(rows[0]!.slice(0, 4)).toEqual(['target', 'target type', 'identifier name', 'identifier']);
    // alice@… sorts before WKS-1; WKS-1's two actions in proposal order.
    expect(rows.slice(1).map((r) => [r[0], r[3], r[7]])).toEqual([
      ['alice@contoso.com', 'S-1-5-21-7', 'act-2'],
      ['WKS-1', 'f46b9bb259ed', 'act-1'],
      ['WKS-1', 'f46b9bb259ed', 'act-3'],
    ]);
    // The rationale reads back whole, as text: the apostrophe keeps a spreadsheet from running it.
    expect(rows[1]![8]).toBe('\'=HYPERLINK("http://x","click"), "quoted"\nnext line');
  });

  it('csvCell neutralises every formula lead and quotes only what needs it', () => {
    expect(['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx'].map(csvCell)).toEqual(['"\'=1+1"', '"\'+1"', '"\'-1"', '"\'@SUM(A1)"', '"\'\tx"', '"\'\rx"']);
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
  });

  it('Markdown: a section per target with its exact identifiers in code spans, a checkbox per action, markup in text escaped', () => {
    const md = runbook(actions, 'md', CASE, NOW).content;
    expect(md).toContain('# Runbook: Intrusion \\*WKS-1\\*');
    expect(md).toContain('## WKS-1 (device)\n\n- Device id: ` f46b9bb259ed `\n- Host name: ` wks-1 `');
    expect(md).toContain('- [ ] **Isolate device** (` act-1 `): beaconing to 203.0.113.9');
    expect(md).toContain('## alice@contoso.com (user)\n\n- SID: ` S-1-5-21-7 `\n- UPN: ` alice@contoso.com `');
    expect(md).not.toContain('act-4');
    expect(md).not.toContain('act-5');
  });

  it('JSON: targets with their identifiers and their approved actions', () => {
    const doc = JSON.parse(runbook(actions, 'json', CASE, NOW).content) as {
      caseId: string;
      targets: { target: { identifier: string }; actions: { id: string; approvedBy: string }[] }[];
    };
    expect(doc.caseId).toBe(CASE.id);
    expect(doc.targets.map((t) => [t.target.identifier, t.actions.map((a) => a.id)])).toEqual([
      ['S-1-5-21-7', ['act-2']],
      ['f46b9bb259ed', ['act-1', 'act-3']],
    ]);
    expect(doc.targets[0]!.actions[0]!.approvedBy).toBe('bob');
  });
});
