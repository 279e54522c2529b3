import { describe, expect, it } from 'vitest';
import type { CaseRecord } from '../../../shared/domain/case';
import { changedFields, edit, valueOf } from './draft';

const stored: CaseRecord = {
  id: '00000000-0000-4000-8000-000000000001',
  title: 'Beaconing from HR laptop',
  description: '',
  severity: 'medium',
  status: 'new',
  classification: 'truePositive',
  determination: 'malware',
  owner: '',
  tags: ['c2'],
  tlp: 'amber',
  createdAt: '2026-11-01T00:00:00.000Z',
  updatedAt: '2026-11-01T00:00:00.000Z',
  resolvedAt: null,
  version: 1,
};

describe('a draft of unsaved edits', () => {
  it('shows the edited value of a touched field and the stored one otherwise', () => {
    const draft = edit(stored, {}, 'severity', 'high');
    expect(valueOf(stored, draft, 'severity')).toBe('high');
    expect(valueOf(stored, draft, 'title')).toBe(stored.title);
  });

  it('sends only the fields whose value differs from the stored record', () => {
    let draft = edit(stored, {}, 'severity', 'high');
    draft = edit(stored, draft, 'title', stored.title);
    draft = edit(stored, draft, 'tags', ['c2']);
    expect(changedFields(stored, draft)).toEqual({ severity: 'high' });
    expect(changedFields(stored, edit(stored, {}, 'tags', ['c2', 'hr']))).toEqual({ tags: ['c2', 'hr'] });
  });

  it('resets a determination the new classification does not allow, and keeps one it allows', () => {
    const falsePositive = edit(stored, {}, 'classification', 'falsePositive');
    expect(valueOf(stored, falsePositive, 'determination')).toBe('unknown');
    const unknown = edit(stored, {}, 'classification', 'unknown');
    expect(changedFields(stored, unknown)).toEqual({ classification: 'unknown', determination: 'unknown' });
    const stillTrue = edit(stored, {}, 'classification', 'truePositive');
    expect(valueOf(stored, stillTrue, 'determination')).toBe('malware');
  });
});
