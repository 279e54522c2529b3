import { describe, expect, it } from 'vitest';
import { ATTACK_TACTICS, ATTACK_VERSION, ATTACK_SOURCE, tacticsOf, techniqueCount, techniqueFullName, techniqueName } from './attack-catalogue';

describe('the ATT&CK technique catalogue', () => {
  it('records the ATT&CK release and where it came from', () => {
    expect(ATTACK_VERSION).toMatch(/^\d+\.\d+$/);
    expect(ATTACK_SOURCE).toContain('mitre');
  });

  it('names techniques and sub-techniques', () => {
    expect(techniqueName('T1059.001')).toBe('PowerShell');
    expect(techniqueName('T1059')).toBe('Command and Scripting Interpreter');
    expect(techniqueName('T1566.001')).toBe('Spearphishing Attachment');
    expect(techniqueFullName('T1059.001')).toBe('Command and Scripting Interpreter: PowerShell');
    expect(techniqueFullName('T1078')).toBe('Valid Accounts');
  });

  it('reads ids the way sources write them', () => {
    expect(techniqueName(' t1059.001 ')).toBe('PowerShell');
  });

  it('gives a technique its tactics, in matrix order', () => {
    expect(tacticsOf('T1059.001').map((t) => t.name)).toEqual(['Execution']);
    expect(tacticsOf('T1078').map((t) => t.shortname)).toEqual(['initial-access', 'persistence', 'privilege-escalation', 'defense-evasion']);
    expect(tacticsOf('T1078')[0]).toEqual({ id: 'TA0001', name: 'Initial Access', shortname: 'initial-access' });
  });

  it('knows nothing of unknown, malformed, revoked or deprecated ids', () => {
    expect(techniqueName('T9999')).toBeNull();
    expect(techniqueName('PowerShell')).toBeNull();
    expect(tacticsOf('T9999.001')).toEqual([]);
    // T1086 (PowerShell) was revoked by T1059.001 in ATT&CK 7.
    expect(techniqueName('T1086')).toBeNull();
  });

  it('holds the whole enterprise matrix', () => {
    expect(ATTACK_TACTICS.map((t) => t.name)).toContain('Command and Control');
    expect(ATTACK_TACTICS).toHaveLength(14);
    expect(techniqueCount()).toBeGreaterThan(600);
  });
});
