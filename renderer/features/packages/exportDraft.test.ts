import { describe, expect, it } from 'vitest';
import { draftProblems, EMPTY_DRAFT, redactionOf, selectionOf } from './exportDraft';

const KEY = 'age1' + 'q'.repeat(58);

describe('the export dialog draft', () => {
  it('asks for a recipient or a repeated passphrase, and an end after the start', () => {
    expect(draftProblems(EMPTY_DRAFT).recipients).toMatch(/at least one age public key/);
    expect(draftProblems({ ...EMPTY_DRAFT, recipients: `${KEY} age1nope` }).recipients).toBe('Not an age public key: age1nope');
    expect(draftProblems({ ...EMPTY_DRAFT, recipients: KEY })).toEqual({});
    expect(draftProblems({ ...EMPTY_DRAFT, mode: 'passphrase', passphrase: 'long enough pass', repeat: 'long enough pas' }).repeat).toMatch(/differ/);
    expect(draftProblems({ ...EMPTY_DRAFT, recipients: KEY, from: '2024-05-02T00:00', to: '2024-05-01T00:00' }).to).toMatch(/after the start/);
  });

  it('reads times as UTC, ids one per line or comma, and redaction from the boxes and the field', () => {
    expect(selectionOf(EMPTY_DRAFT)).toBeNull();
    expect(selectionOf({ ...EMPTY_DRAFT, alerts: 'a1, a2\na3', from: '2024-05-01T10:00' })).toEqual({
      alerts: ['a1', 'a2', 'a3'],
      events: { from: '2024-05-01T10:00:00.000Z', to: undefined },
    });
    expect(redactionOf({ ...EMPTY_DRAFT, redact: ['user'], redactOther: 'user, TargetUserName' })).toEqual(['user', 'TargetUserName']);
  });
});
