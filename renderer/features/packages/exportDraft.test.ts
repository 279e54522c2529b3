import { describe, expect, it } from 'vitest';
import { draftProblems, EMPTY_DRAFT, placeholderOf, redactionOf, selectionOf } from './exportDraft';

const KEY = 'age1' + 'q'.repeat(58);

describe('the export dialog draft', () => {
  it('asks for a recipient or a repeated passphrase, UTC times it can read, and an end after the start', () => {
    expect(draftProblems(EMPTY_DRAFT).recipients).toMatch(/at least one age public key/);
    expect(draftProblems({ ...EMPTY_DRAFT, recipients: `${KEY} age1nope` }).recipients).toBe('Not an age public key: age1nope');
    expect(draftProblems({ ...EMPTY_DRAFT, recipients: KEY })).toEqual({});
    expect(draftProblems({ ...EMPTY_DRAFT, mode: 'passphrase', passphrase: 'long enough pass', repeat: 'long enough pas' }).repeat).toMatch(/differ/);
    expect(draftProblems({ ...EMPTY_DRAFT, recipients: KEY, from: '2024-05-02 00:00', to: '2024-05-01' }).to).toMatch(/after the start/);
    expect(draftProblems({ ...EMPTY_DRAFT, recipients: KEY, from: '02/05/2024 10:00' }).from).toMatch(/Not a UTC time/);
  });

  it('sends the picked ids and the times as UTC, and redaction from the list and the typed field names', () => {
    expect(selectionOf(EMPTY_DRAFT)).toBeNull();
    expect(
      selectionOf({
        ...EMPTY_DRAFT,
        alerts: [{ id: 'a1', label: 'Credential dumping' }],
        evidence: [{ id: 'ev-1', label: 'lsass.zip' }],
        from: '2024-05-01 10:00 UTC',
      }),
    ).toEqual({ alerts: ['a1'], evidence: ['ev-1'], events: { from: '2024-05-01T10:00:00.000Z', to: undefined } });
    expect(redactionOf({ ...EMPTY_DRAFT, redact: ['user'], redactOther: 'user, TargetUserName' })).toEqual(['user', 'TargetUserName']);
  });

  it('previews the placeholder the engine writes for a field', () => {
    expect(placeholderOf('user')).toBe('USER-1');
    expect(placeholderOf('TargetUserName', 2)).toBe('TARGETUSERNAME-2');
  });
});
