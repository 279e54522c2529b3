import { describe, expect, it } from 'vitest';
import type { ActionTarget } from '../../../shared/domain/actions';
import type { ActionRecord } from '../../../shared/domain/records';
import type { JournalRecord } from '../cases/records/journal-record';
import { ACTION_COMPLETED, ACTION_DECIDED, ACTION_PROPOSED, type ProposedAction } from '../cases/records/action-records';
import { IMPORT_COMMITTED, IMPORT_RECORDS } from '../cases/records/import-records';
import { replayActions } from './action-state';
import { checkCompletion, checkDecision, reverseOf } from './action-rules';
import { ActionRemediation } from './action-remediation';

const DAY = 86_400_000;
const T0 = Date.parse('2026-12-01T10:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();

const device: ActionTarget = { entityId: 'ent-wks1', type: 'device', display: 'WKS-1', identifierName: 'Device id', identifier: 'f46b9b', more: [] };
const user: ActionTarget = { entityId: 'ent-alice', type: 'user', display: 'alice', identifierName: 'SID', identifier: 'S-1-5-21-1', more: [] };

function proposal(id: string, kind: ProposedAction['kind'], target = device, expiresInDays = 7): ProposedAction {
  return { id, kind, title: '', target, rationale: `why ${id}`, source: 'manual', expiresAt: iso(T0 + expiresInDays * DAY), undoOf: null };
}

let seq = 0;
function rec(type: string, data: unknown, actor = 'alice', at = T0): JournalRecord {
  return { seq: ++seq, at: iso(at), actor, type, data } as JournalRecord;
}

const proposed = (actions: ProposedAction[], actor = 'alice') => rec(ACTION_PROPOSED, { actions }, actor);

describe('action statuses, replayed from the journal', () => {
  it('a proposal is pending until decided, and shows who proposed it, when, and why', () => {
    const actions = replayActions([proposed([proposal('a1', 'isolate')])], T0 + DAY);
    expect(actions.get('a1')).toMatchObject({ status: 'pending', proposedBy: 'alice', rationale: 'why a1', target: device });
  });

  it('a pending action past its expiry reads as expired, with the expiry in its history; one decided in time does not', () => {
    const records = [
      proposed([proposal('a1', 'isolate', device, 1), proposal('a2', 'isolate', device, 1)]),
      rec(ACTION_DECIDED, { ids: ['a2'], kind: 'isolate', decision: 'approved', comment: '' }, 'bob'),
    ];
    const before = replayActions(records, T0 + DAY - 1);
    expect(before.get('a1')!.status).toBe('pending');
    const after = replayActions(records, T0 + DAY);
    expect(after.get('a1')!.status).toBe('expired');
    expect(after.get('a1')!.history.at(-1)).toMatchObject({ what: 'expired', at: iso(T0 + DAY), seq: null });
    expect(after.get('a2')!.status).toBe('approved');
  });

  it('every decision and outcome is in the history: who, when, why', () => {
    const records = [
      proposed([proposal('a1', 'isolate')]),
      rec(ACTION_DECIDED, { ids: ['a1'], kind: 'isolate', decision: 'approved', comment: 'go' }, 'bob', T0 + 1000),
      rec(ACTION_COMPLETED, { id: 'a1', outcome: 'executed', note: 'isolated at 10:05', evidenceId: 'ev-1' }, 'carol', T0 + 2000),
    ];
    const a1 = replayActions(records, T0 + DAY).get('a1')!;
    expect(a1.status).toBe('executed');
    expect(a1.history.map((h) => [h.what, h.actor, h.note])).toEqual([
      ['proposed', 'alice', 'why a1'],
      ['approved', 'bob', 'go'],
      ['executed', 'carol', 'isolated at 10:05'],
    ]);
    expect(a1).toMatchObject({ decidedBy: 'bob', outcomeNote: 'isolated at 10:05', evidenceId: 'ev-1' });
  });

  it('imported Defender machine actions arrive with their status: Pending is pending, finished ones are in history', () => {
    const imported = (id: string, type: string, status: ActionRecord['status']): ActionRecord => ({
      id,
      caseId: '',
      externalId: id.toUpperCase(),
      type,
      status,
      target: 'desktop-39g9tgl',
      requestor: 'analyst@contoso.com',
      comment: 'alert 3212',
      source: 'Microsoft Defender for Endpoint',
      createdAt: iso(T0),
      updatedAt: iso(T0 + 60_000),
      attributes: { machineId: 'f46b9bb259ed' },
    });
    const records = [
      rec(IMPORT_RECORDS, {
        importId: 'i1',
        actions: [imported('m1', 'IsolateMachine', 'pending'), imported('m2', 'RunAntiVirusScan', 'succeeded'), imported('m3', 'Unisolate', 'cancelled')],
      }),
      rec(IMPORT_COMMITTED, { importId: 'i1' }),
    ];
    const actions = replayActions(records, T0 + 1000);
    expect(actions.get('m1')).toMatchObject({ kind: 'isolate', status: 'pending', source: 'imported', proposedBy: 'analyst@contoso.com' });
    expect(actions.get('m1')!.target).toMatchObject({ type: 'device', display: 'desktop-39g9tgl', identifierName: 'Device id', identifier: 'f46b9bb259ed' });
    expect(actions.get('m2')).toMatchObject({ kind: 'av-scan', status: 'executed' });
    expect(actions.get('m3')).toMatchObject({ kind: 'release', status: 'rejected' });
    // The import's own record is not enough: an import that was never committed brings nothing.
    expect(replayActions(records.slice(0, 1), T0).size).toBe(0);
  });
});

describe('decisions', () => {
  const base = [proposed([proposal('a1', 'isolate'), proposal('a2', 'isolate'), proposal('u1', 'disable-user', user)])];
  const now = T0 + 1000;

  it('two-person rule: whoever proposed an action cannot approve it; someone else can; without the rule the proposer can', () => {
    const actions = replayActions(base, now);
    expect(() => checkDecision(actions, { ids: ['a1'], decision: 'approve', comment: '', actor: 'alice', twoPersonRule: true })).toThrow(
      /alice proposed it, and the two-person rule says whoever proposed an action cannot approve it/,
    );
    expect(checkDecision(actions, { ids: ['a1'], decision: 'approve', comment: '', actor: 'bob', twoPersonRule: true }).kind).toBe('isolate');
    expect(checkDecision(actions, { ids: ['a1'], decision: 'approve', comment: '', actor: 'alice', twoPersonRule: false }).decided).toHaveLength(1);
    // The rule is about approving: the proposer may withdraw (reject) it.
    expect(checkDecision(actions, { ids: ['a1'], decision: 'reject', comment: 'mistake', actor: 'alice', twoPersonRule: true }).decided).toHaveLength(1);
  });

  it('many at once only of one kind; all or nothing', () => {
    const actions = replayActions(base, now);
    expect(checkDecision(actions, { ids: ['a1', 'a2'], decision: 'approve', comment: '', actor: 'bob', twoPersonRule: true }).decided.map((a) => a.id)).toEqual(
      ['a1', 'a2'],
    );
    expect(() => checkDecision(actions, { ids: ['a1', 'u1'], decision: 'approve', comment: '', actor: 'bob', twoPersonRule: true })).toThrow(
      /of 2 kinds \(isolate, disable-user\); decide on one kind at a time; nothing was decided/,
    );
  });

  it('a rejection needs a comment', () => {
    const actions = replayActions(base, now);
    expect(() => checkDecision(actions, { ids: ['a1'], decision: 'reject', comment: '  ', actor: 'bob', twoPersonRule: false })).toThrow(
      /a rejection needs a comment/,
    );
  });

  it('an expired or already decided action cannot be decided, and the refusal says which and why', () => {
    const records = [...base, rec(ACTION_DECIDED, { ids: ['a2'], kind: 'isolate', decision: 'approved', comment: '' }, 'bob')];
    const late = replayActions(records, T0 + 8 * DAY);
    expect(() => checkDecision(late, { ids: ['a1'], decision: 'approve', comment: '', actor: 'bob', twoPersonRule: false })).toThrow(
      /\(a1\): it expired at 2026-12-08T10:00:00.000Z without a decision/,
    );
    const actions = replayActions(records, now);
    expect(() => checkDecision(actions, { ids: ['a1', 'a2'], decision: 'reject', comment: 'no', actor: 'carol', twoPersonRule: false })).toThrow(
      /\(a2\): it is already approved \(by bob, .*\); nothing was decided/,
    );
    expect(() => checkDecision(actions, { ids: ['zz'], decision: 'approve', comment: '', actor: 'bob', twoPersonRule: false })).toThrow(/has no action zz/);
  });

  it('only an approved action gets an outcome, once', () => {
    const approved = [...base, rec(ACTION_DECIDED, { ids: ['a1'], kind: 'isolate', decision: 'approved', comment: '' }, 'bob')];
    expect(checkCompletion(replayActions(approved, now), 'a1').id).toBe('a1');
    expect(() => checkCompletion(replayActions(approved, now), 'a2')).toThrow(/is pending; only an approved action can be marked executed or failed/);
    const done = [...approved, rec(ACTION_COMPLETED, { id: 'a1', outcome: 'failed', note: 'host offline', evidenceId: null })];
    expect(() => checkCompletion(replayActions(done, now), 'a1')).toThrow(/is already marked failed/);
  });

  it('undo proposes the reverse: isolate ↔ release, restrict ↔ unrestrict, disable ↔ enable; others have none', () => {
    const approved = [
      ...base,
      rec(ACTION_DECIDED, { ids: ['a1'], kind: 'isolate', decision: 'approved', comment: '' }, 'bob'),
      rec(ACTION_DECIDED, { ids: ['u1'], kind: 'disable-user', decision: 'approved', comment: '' }, 'bob'),
    ];
    const actions = replayActions(approved, now);
    expect(reverseOf(actions.get('a1')!)).toBe('release');
    expect(reverseOf(actions.get('u1')!)).toBe('enable-user');
    expect(() => reverseOf(actions.get('a2')!)).toThrow(/is pending; only an approved or executed action can be undone/);
    const scan = replayActions([proposed([proposal('s1', 'av-scan')])], now).get('s1')!;
    expect(() => reverseOf(scan)).toThrow(/has no reverse action/);
  });
});

describe('remediation status from actions', () => {
  it('approved → in progress, executed → remediated, failed → failed; a rejection and a release set nothing', () => {
    const tracker = new ActionRemediation();
    const marks = (r: JournalRecord) => tracker.take(r).map((m) => [m.entityId, m.status, m.from, m.actor]);
    expect(marks(proposed([proposal('a1', 'isolate'), proposal('u1', 'disable-user', user), proposal('r1', 'release')]))).toEqual([]);
    expect(marks(rec(ACTION_DECIDED, { ids: ['a1'], kind: 'isolate', decision: 'approved', comment: '' }, 'bob'))).toEqual([
      ['ent-wks1', 'in-progress', 'action approved', 'bob'],
    ]);
    expect(marks(rec(ACTION_DECIDED, { ids: ['u1'], kind: 'disable-user', decision: 'rejected', comment: 'no' }, 'bob'))).toEqual([]);
    expect(marks(rec(ACTION_COMPLETED, { id: 'a1', outcome: 'executed', note: 'done', evidenceId: null }, 'carol'))).toEqual([
      ['ent-wks1', 'remediated', 'action executed', 'carol'],
    ]);
    expect(marks(rec(ACTION_DECIDED, { ids: ['r1'], kind: 'release', decision: 'approved', comment: '' }, 'bob'))).toEqual([]);
    expect(marks(rec(ACTION_COMPLETED, { id: 'u1', outcome: 'failed', note: 'x', evidenceId: null }, 'carol'))).toEqual([
      ['ent-alice', 'failed', 'action failed', 'carol'],
    ]);
  });
});
