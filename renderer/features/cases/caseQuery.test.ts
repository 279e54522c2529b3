import { describe, expect, it } from 'vitest';
import type { CaseRecord } from '../../../shared/domain/case';
import type { CaseListView } from '../../shared/store';
import { classificationLabel, defaultDirection, queryCases } from './caseQuery';

let n = 0;
function aCase(change: Partial<CaseRecord>): CaseRecord {
  n += 1;
  return {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    title: `Case ${n}`,
    description: '',
    severity: 'medium',
    status: 'new',
    classification: 'unknown',
    determination: 'unknown',
    owner: '',
    tags: [],
    tlp: 'amber',
    createdAt: '2026-11-01T00:00:00.000Z',
    updatedAt: '2026-11-01T00:00:00.000Z',
    resolvedAt: null,
    version: 1,
    ...change,
  };
}

const all: CaseListView = { status: 'all', severity: 'all', search: '', sort: { column: 'updatedAt', direction: 'desc' } };
const titles = (cases: CaseRecord[]) => cases.map((c) => c.title);

describe('the case list', () => {
  const cases = [
    aCase({ title: 'Phishing wave', severity: 'low', status: 'resolved', owner: 'dana', updatedAt: '2026-11-03T00:00:00Z' }),
    aCase({ title: 'Case 10 ransomware', severity: 'critical', status: 'new', updatedAt: '2026-11-01T00:00:00Z' }),
    aCase({ title: 'case 9 beacon', severity: 'high', status: 'inProgress', owner: 'alex', updatedAt: '2026-11-02T00:00:00Z' }),
  ];

  it('shows the newest first by default', () => {
    expect(titles(queryCases(cases, all))).toEqual(['Phishing wave', 'case 9 beacon', 'Case 10 ransomware']);
  });

  it('filters by status, severity and title, ignoring case', () => {
    expect(titles(queryCases(cases, { ...all, status: 'resolved' }))).toEqual(['Phishing wave']);
    expect(titles(queryCases(cases, { ...all, severity: 'critical' }))).toEqual(['Case 10 ransomware']);
    expect(titles(queryCases(cases, { ...all, search: '  BEACON ' }))).toEqual(['case 9 beacon']);
  });

  it('sorts vocabularies by meaning, titles by number, and unowned cases last', () => {
    const by = (column: CaseListView['sort']['column'], direction: 'asc' | 'desc' = 'asc') =>
      titles(queryCases(cases, { ...all, sort: { column, direction } }));
    expect(by('severity', 'desc')).toEqual(['Case 10 ransomware', 'case 9 beacon', 'Phishing wave']);
    expect(by('status')).toEqual(['Case 10 ransomware', 'case 9 beacon', 'Phishing wave']);
    expect(by('title')).toEqual(['case 9 beacon', 'Case 10 ransomware', 'Phishing wave']);
    expect(by('owner')).toEqual(['case 9 beacon', 'Phishing wave', 'Case 10 ransomware']);
  });

  it('starts newest and most severe columns descending, others ascending', () => {
    expect(defaultDirection('updatedAt')).toBe('desc');
    expect(defaultDirection('severity')).toBe('desc');
    expect(defaultDirection('title')).toBe('asc');
    expect(classificationLabel('unknown')).toBe('—');
  });
});
