import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { casebookWith, initVault, json } from './support/cli';
import { useTempDirs } from './support/temp-dir';

const tempDir = useTempDirs();
const PASS = 'cli story test passphrase';

const casebook = casebookWith(PASS);

/** A vault with one case holding a three-event timeline. */
function storyCase(): { vault: string; caseId: string; dir: string } {
  const vault = tempDir();
  const dir = tempDir();
  initVault(casebook, vault);
  const caseId = json<{ id: string }>(casebook(vault, ['case', 'create', '--title', 'Story', '--json'])).id;
  const file = path.join(dir, 'events.csv');
  writeFileSync(
    file,
    [
      'message,datetime,timestamp_desc,hostname,username',
      'procdump.exe -ma lsass.exe,2026-03-04T10:00:00+00:00,Event Recorded,WKS-1,alice',
      'logon from 203.0.113.9,2026-03-04T10:07:00+00:00,Event Recorded,SRV-2,bob',
      'LSASS handle opened again,2026-03-04T10:09:00+00:00,Event Recorded,WKS-1,alice',
    ].join('\n') + '\n',
  );
  expect(casebook(vault, ['import', '--case', caseId, file]).code).toBe(0);
  return { vault, caseId, dir };
}

// Each command is a process that unlocks the vault: on a loaded machine a walk of ten of them takes a minute or more.
describe('casebook story commands', { timeout: 240_000 }, () => {
  it('searches the timeline, annotates an event and shows its marks in the next search', () => {
    const { vault, caseId } = storyCase();
    const found = json<{ events: { id: number; message: string }[]; total: number }>(
      casebook(vault, ['timeline', 'search', caseId, '--query', 'lsass', '--json']),
    );
    expect(found.total).toBe(2);
    const id = found.events[0]!.id;

    const annotated = json<{ annotation: { starred: boolean; flagged: boolean; tags: string[] }; note: { text: string } }>(
      casebook(vault, ['event', 'annotate', caseId, String(id), '--star', '--flag', '--tag', 'credential-access', '--note', 'Dump of **LSASS**', '--json']),
    );
    expect(annotated.annotation).toMatchObject({ starred: true, flagged: true, tags: ['credential-access'] });
    expect(annotated.note.text).toBe('Dump of **LSASS**');

    const text = casebook(vault, ['timeline', 'search', caseId, '--query', 'LSASS', '--limit', '1']);
    expect(text.stdout).toMatch(/ID\s+TIME\s+HOST\s+USER\s+MARKS\s+MESSAGE/);
    expect(text.stdout).toContain('2026-03-04 10:00:00 UTC');
    expect(text.stdout).toContain('★⚑ credential-access');
    expect(text.stdout).toContain('1 of 2 shown; use --limit');

    const unstarred = json<{ annotation: { starred: boolean; flagged: boolean } }>(
      casebook(vault, ['event', 'annotate', caseId, String(id), '--unstar', '--json']),
    );
    expect(unstarred.annotation).toMatchObject({ starred: false, flagged: true });
    // The timeline filtered by the analyst's marks: the event is still flagged, no longer starred.
    const flagged = json<{ events: { id: number }[] }>(casebook(vault, ['timeline', 'search', caseId, '--marked', 'flagged', '--json']));
    expect(flagged.events.map((e) => e.id)).toEqual([id]);
    expect(casebook(vault, ['timeline', 'search', caseId, '--marked', 'starred']).stdout).toContain('no event marked starred');
    const wrongMark = casebook(vault, ['timeline', 'search', caseId, '--marked', 'pinned']);
    expect(wrongMark.stderr).toContain('--marked pinned: give starred, flagged, tagged');
    const bad = casebook(vault, ['event', 'annotate', caseId, 'twelve', '--star']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('event id "twelve" is not a whole number');
  });

  it('adds notes on the case and on an entity by its value, edits one, and counts them in case show', () => {
    const { vault, caseId } = storyCase();
    const note = json<{ id: string }>(casebook(vault, ['note', 'add', caseId, '--text', 'Scope: *two* hosts', '--json']));
    const onHost = json<{ target: { kind: string; id: string } }>(
      casebook(vault, ['note', 'add', caseId, '--entity', 'WKS-1', '--text', 'Patient zero', '--json']),
    );
    expect(onHost.target).toMatchObject({ kind: 'entity' });
    expect(casebook(vault, ['note', 'edit', caseId, note.id, '--text', 'Scope: three hosts']).code).toBe(0);

    const notes = json<{ text: string; history: { text: string }[] }[]>(casebook(vault, ['note', 'list', caseId, '--json']));
    expect(notes.map((n) => [n.text, n.history.map((h) => h.text)])).toEqual([
      ['Scope: three hosts', ['Scope: *two* hosts']],
      ['Patient zero', []],
    ]);
    expect(json<{ counts: { notes: number } }>(casebook(vault, ['case', 'show', caseId, '--json'])).counts.notes).toBe(2);
    const two = casebook(vault, ['note', 'add', caseId, '--entity', 'WKS-1', '--event', '1', '--text', 'x']);
    expect(two.code).toBe(1);
    expect(two.stderr).toContain('a note is on one thing; got --entity and --event');
  });

  it('records a live-response session from a PowerShell transcript, taking its host, user and times', () => {
    const { vault, caseId, dir } = storyCase();
    const transcript = path.join(dir, 'ws1.txt');
    writeFileSync(
      transcript,
      [
        '**********************',
        'Windows PowerShell transcript start',
        'Start time: 20260304110000',
        'Username: CONTOSO\\carol',
        'Machine: WKS-1 (Microsoft Windows NT 10.0.19045.0)',
        '**********************',
        'PS C:\\> Get-Process lsass',
        'lsass 712',
        'PS C:\\> Stop-Transcript',
        '**********************',
        'Windows PowerShell transcript end',
        'End time: 20260304111500',
        '**********************',
      ].join('\r\n'),
    );
    const dump = json<{ id: string }>(casebook(vault, ['evidence', 'add-ref', caseId, '--title', 'lsass.dmp', '--sha256', 'e'.repeat(64), '--json'])).id;
    const unknown = casebook(vault, ['live', 'add', caseId, '--tool', 'PowerShell Remoting', '--transcript', transcript, '--evidence', 'ev-7']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('has no evidence item "ev-7"');
    const added = json<{ session: Record<string, unknown> }>(
      casebook(vault, ['live', 'add', caseId, '--tool', 'PowerShell Remoting', '--transcript', transcript, '--evidence', dump, '--json']),
    );
    expect(added.session).toMatchObject({
      host: 'WKS-1',
      operator: 'CONTOSO\\carol',
      startedAt: '2026-03-04T11:00:00.000Z',
      endedAt: '2026-03-04T11:15:00.000Z',
      transcript: { name: 'ws1.txt', format: 'powershell' },
      evidenceIds: [dump],
      commands: [
        { command: 'Get-Process lsass', output: 'lsass 712' },
        { command: 'Stop-Transcript', output: '' },
      ],
    });
    const listed = casebook(vault, ['live', 'list', caseId]);
    expect(listed.stdout).toContain('WKS-1  PowerShell Remoting  by CONTOSO\\carol  2026-03-04 11:00:00 UTC to 2026-03-04 11:15:00 UTC  2 command(s)');

    writeFileSync(path.join(dir, 'notes.txt'), 'called the user, nothing typed');
    const refused = casebook(vault, ['live', 'add', caseId, '--host', 'WKS-1', '--tool', 'ssh', '--transcript', path.join(dir, 'notes.txt')]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('notes.txt: not a transcript Casebook reads');
    const noStart = casebook(vault, ['live', 'add', caseId, '--host', 'WKS-1', '--tool', 'ssh']);
    expect(noStart.stderr).toContain('--start is required');
  });
});
