import { describe, expect, it } from 'vitest';
import { fitDetermination, mapAlertStatus, mapClassification, mapSentinelReason, mapSeverity, onceWarner } from './enums';

describe('Microsoft enum vocabularies', () => {
  it('read severities in any casing, Hayabusa-style abbreviations too; "unknown" is the case default without a warning', () => {
    const warnings: string[] = [];
    const warn = (m: string) => warnings.push(m);
    expect(['High', 'high', 'HIGH', 'Informational', 'info', 'med', 'crit', 'unknown', '', null].map((s) => mapSeverity(s, warn))).toEqual([
      'high',
      'high',
      'high',
      'informational',
      'informational',
      'medium',
      'critical',
      'medium',
      'medium',
      'medium',
    ]);
    expect(warnings).toEqual([]);
  });

  it('read both classification vocabularies', () => {
    const warn = () => undefined;
    expect(['TruePositive', 'BenignPositive', 'Undetermined', 'informationalExpectedActivity', 'FALSEPOSITIVE'].map((c) => mapClassification(c, warn))).toEqual(
      ['truePositive', 'informationalExpectedActivity', 'unknown', 'informationalExpectedActivity', 'falsePositive'],
    );
  });

  it('fold alert statuses to one spelling and keep unknown ones', () => {
    expect(['New', 'InProgress', 'in_progress', 'Resolved', 'Dismissed', 'Escalated'].map(mapAlertStatus)).toEqual([
      'new',
      'inProgress',
      'inProgress',
      'resolved',
      'dismissed',
      'escalated',
    ]);
  });

  it('turn the Sentinel classification reasons that name a determination into it', () => {
    const warn = () => undefined;
    expect(['IncorrectAlertLogic', 'InaccurateData', 'SuspiciousActivity', 'SuspiciousButExpected'].map((r) => mapSentinelReason(r, warn))).toEqual([
      'notMalicious',
      'notEnoughDataToValidate',
      'unknown',
      'unknown',
    ]);
  });

  it('make the determination fit the classification', () => {
    const warnings: string[] = [];
    const warn = (m: string) => warnings.push(m);
    expect(fitDetermination('truePositive', 'malware', warn)).toEqual({ classification: 'truePositive', determination: 'malware' });
    expect(fitDetermination('unknown', 'notMalicious', warn)).toEqual({ classification: 'falsePositive', determination: 'notMalicious' });
    // securityTesting fits two classifications: no guess.
    expect(fitDetermination('unknown', 'securityTesting', warn)).toEqual({ classification: 'unknown', determination: 'unknown' });
    expect(warnings).toHaveLength(1);
  });

  it('say each unknown value once', () => {
    const warnings: string[] = [];
    const warn = onceWarner((m) => warnings.push(m));
    for (let i = 0; i < 3; i++) mapSeverity('Severe', warn);
    expect(warnings).toEqual(['unknown severity "Severe"; read as "medium"']);
  });
});
