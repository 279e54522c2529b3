import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import { casebookWith, initVault, json } from './support/cli';
import { useTempDirs } from './support/temp-dir';
import type { ActionList, CaseAction } from '../../shared/domain/actions';

const tempDir = useTempDirs();
const PASS = 'cli action test passphrase';

const casebook = casebookWith(PASS);

/** A vault with one case holding a timeline where host WKS-1 and user =cmd|calc (a hostile name) appear. */
function vaultWithCase(): { vault: string; caseId: string } {
  const vault = tempDir();
  initVault(casebook, vault);
  const file = path.join(tempDir(), 'timeline.csv');
  writeFileSync(file, 'message,datetime,timestamp_desc,hostname,username\nlogon,2024-05-01T10:00:00+00:00,Event Recorded,WKS-1,"=cmd|calc"\n');
  const caseId = json<{ id: string }>(casebook(vault, ['case', 'create', '--title', 'CLI actions', '--json'])).id;
  expect(casebook(vault, ['import', '--case', caseId, file]).code).toBe(0);
  return { vault, caseId };
}

// Each command starts an engine and unlocks the vault (a real key derivation): a dozen of them take a while on a loaded machine.
describe('casebook action commands', { timeout: 300_000 }, () => {
  it('propose, refuse under the two-person rule, approve as another analyst, runbook, done, list by status', () => {
    const { vault, caseId } = vaultWithCase();
    expect(casebook(vault, ['vault', 'settings', '--two-person', 'on']).stdout).toContain('two-person rule: on');

    const proposed = json<{ actions: CaseAction[] }>(
      casebook(vault, [
        'action',
        'propose',
        caseId,
        '--kind',
        'isolate',
        '--target',
        'WKS-1',
        '--reason',
        'beaconing',
        '--expires',
        '2',
        '--actor',
        'alice',
        '--json',
      ]),
    );
    const action = proposed.actions[0]!;
    expect(action).toMatchObject({
      kind: 'isolate',
      proposedBy: 'alice',
      status: 'pending',
      target: { display: 'WKS-1', identifierName: 'Host name', identifier: 'wks-1' },
    });
    expect(Date.parse(action.expiresAt) - Date.parse(action.proposedAt)).toBeCloseTo(2 * 86_400_000, -4);

    const refused = casebook(vault, ['action', 'decide', caseId, action.id, '--approve', '--actor', 'alice']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/alice proposed it, and the two-person rule says whoever proposed an action cannot approve it; nothing was decided/);

    const noComment = casebook(vault, ['action', 'decide', caseId, action.id, '--reject', '--actor', 'bob']);
    expect(noComment.code).toBe(1);
    expect(noComment.stderr).toMatch(/a rejection needs a comment/);

    const approved = json<{ actions: CaseAction[] }>(
      casebook(vault, ['action', 'decide', caseId, action.id.slice(0, 12), '--approve', '--comment', 'ok', '--actor', 'bob', '--json']),
    );
    expect(approved.actions[0]).toMatchObject({ status: 'approved', decidedBy: 'bob' });
    const again = casebook(vault, ['action', 'decide', caseId, action.id, '--reject', '--comment', 'late', '--actor', 'carol']);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/it is already approved \(by bob/);

    const md = casebook(vault, ['action', 'runbook', caseId, '--format', 'md']);
    expect(md.stdout).toContain('## WKS-1 (device)');
    expect(md.stdout).toContain('- [ ] **Isolate device**');

    const done = json<{ actions: CaseAction[] }>(casebook(vault, ['action', 'done', caseId, action.id, '--executed', '--note', 'isolated', '--json']));
    expect(done.actions[0]!.status).toBe('executed');
    const executed = json<ActionList>(casebook(vault, ['action', 'list', caseId, '--status', 'executed', '--json']));
    expect(executed.actions.map((a) => a.id)).toEqual([action.id]);
    expect(executed.twoPersonRule).toBe(true);
    expect(casebook(vault, ['action', 'list', caseId, '--status', 'pending']).stdout).toMatch(/^no actions match; two-person rule on/);
    const entity = json<{ entity: { remediationStatus: string } }>(casebook(vault, ['entity', 'show', caseId, 'WKS-1', '--json']));
    expect(entity.entity.remediationStatus).toBe('remediated');
  });

  it('the CSV runbook keeps a hostile user name as text; undo proposes the reverse; bad flags say what is wrong', () => {
    const { vault, caseId } = vaultWithCase();
    const disable = json<{ actions: CaseAction[] }>(
      casebook(vault, ['action', 'propose', caseId, '--kind', 'disable-user', '--target', '=cmd|calc', '--reason', 'stolen credentials', '--json']),
    ).actions[0]!;
    expect(casebook(vault, ['action', 'decide', caseId, disable.id, '--approve']).code).toBe(0);
    const csv = casebook(vault, ['action', 'runbook', caseId, '--format', 'csv']);
    const rows = Papa.parse<string[]>(csv.stdout.trim(), { newline: '\r\n' }).data;
    expect(rows[1]!.slice(0, 4)).toEqual(["'=cmd|calc", 'user', 'Account', "'=cmd|calc"]);
    const undo = json<{ actions: CaseAction[] }>(casebook(vault, ['action', 'undo', caseId, disable.id, '--json']));
    expect(undo.actions[0]).toMatchObject({ kind: 'enable-user', undoOf: disable.id, status: 'pending' });

    const badKind = casebook(vault, ['action', 'propose', caseId, '--kind', 'nuke', '--target', 'WKS-1', '--reason', 'x']);
    expect([badKind.code, badKind.stderr]).toEqual([1, expect.stringContaining('--kind "nuke" is not one of isolate, release')]);
    const both = casebook(vault, ['action', 'done', caseId, disable.id, '--executed', '--failed', '--note', 'x']);
    expect(both.stderr).toContain('say --executed or --failed (one of them)');
  });
});
