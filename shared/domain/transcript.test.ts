import { describe, expect, it } from 'vitest';
import { parseTranscript, TranscriptError } from './transcript';

const POWERSHELL = [
  '\uFEFF**********************',
  'Windows PowerShell transcript start',
  'Start time: 20260304103022',
  'Username: CONTOSO\\alice',
  'RunAs User: CONTOSO\\alice',
  'Configuration Name: ',
  'Machine: WS-042 (Microsoft Windows NT 10.0.19045.0)',
  'Host Application: C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
  'Process ID: 4242',
  'PSVersion: 5.1.19041.2673',
  '**********************',
  'Transcript started, output file is C:\\IR\\ws-042.txt',
  'PS C:\\> Get-Process lsass',
  '',
  'Handles  NPM(K)    PM(K)      WS(K)     CPU(s)     Id  SI ProcessName',
  '-------  ------    -----      -----     ------     --  -- -----------',
  '   1532      33    10248      23124       3.42    712   0 lsass',
  '',
  '',
  '**********************',
  'Command start time: 20260304103510',
  '**********************',
  'PS C:\\Users\\alice> Get-NetTCPConnection -State Established | Select -First 1',
  'LocalAddress  LocalPort RemoteAddress RemotePort',
  '10.0.0.42     49712     203.0.113.9   443',
  'PS C:\\> Stop-Transcript',
  '**********************',
  'Windows PowerShell transcript end',
  'End time: 20260304104512',
  '**********************',
].join('\r\n');

describe('PowerShell transcripts (Start-Transcript)', () => {
  const t = parseTranscript(POWERSHELL);

  it('takes the host, user and start and end times from the header and footer', () => {
    expect(t).toMatchObject({ format: 'powershell', host: 'WS-042', user: 'CONTOSO\\alice' });
    expect(t.startedAt).toBe('2026-03-04T10:30:22.000Z');
    expect(t.endedAt).toBe('2026-03-04T10:45:12.000Z');
  });

  it('cuts the text at each PS prompt into commands with their output, whatever the current folder', () => {
    expect(t.commands.map((c) => c.command)).toEqual(['Get-Process lsass', 'Get-NetTCPConnection -State Established | Select -First 1', 'Stop-Transcript']);
    expect(t.commands[0]!.output.split('\n')).toHaveLength(3);
    expect(t.commands[0]!.output).toMatch(/^Handles .*\n.*\n .*lsass$/);
    expect(t.commands[1]!.output).toContain('203.0.113.9');
    expect(t.commands[2]!.output).toBe('');
  });

  it('gives a command the time of the "Command start time" block before it (-IncludeInvocationHeader)', () => {
    expect(t.commands[0]!.at).toBeUndefined();
    expect(t.commands[1]!.at).toBe('2026-03-04T10:35:10.000Z');
  });

  it('says which line holds a time it cannot read, and reads the rest', () => {
    const bad = parseTranscript(POWERSHELL.replace('Start time: 20260304103022', 'Start time: yesterday'));
    expect(bad.startedAt).toBeNull();
    expect(bad.warnings).toEqual(['line 3: "yesterday" is not a PowerShell transcript time (yyyyMMddHHmmss); left out']);
    expect(bad.commands).toHaveLength(3);
  });

  it('refuses a header with no command after it', () => {
    expect(() => parseTranscript(POWERSHELL.split('\r\n').slice(0, 12).join('\n'))).toThrow(/PowerShell transcript: no "PS C:\\> command" prompt/);
  });
});

describe('shell transcripts', () => {
  it('cuts "$ command" lines into commands with their output', () => {
    const t = parseTranscript(
      ['$ uname -a', 'Linux web-01 6.1.0-18-amd64 #1 SMP x86_64 GNU/Linux', '$ ss -tnp', 'State  Recv-Q Send-Q', 'ESTAB  0      0', '$ exit'].join('\n'),
    );
    expect(t.format).toBe('shell');
    expect(t.commands).toEqual([
      { command: 'uname -a', output: 'Linux web-01 6.1.0-18-amd64 #1 SMP x86_64 GNU/Linux' },
      { command: 'ss -tnp', output: 'State  Recv-Q Send-Q\nESTAB  0      0' },
      { command: 'exit', output: '' },
    ]);
    expect(t.host).toBeNull();
  });

  it("reads script(1)'s start and end lines and the user and host of a user@host prompt", () => {
    const t = parseTranscript(
      [
        'Script started on 2026-03-04 10:30:22+01:00 [TERM="xterm" TTY="/dev/pts/0" COLUMNS="80" LINES="24"]',
        'bob@web-01:~$ sudo last -n 2',
        'bob pts/0 198.51.100.7 Wed Mar  4 10:29   still logged in',
        '',
        'Script done on 2026-03-04 10:41:05+01:00 [COMMAND_EXIT_CODE="0"]',
      ].join('\n'),
    );
    expect(t).toMatchObject({ user: 'bob', host: 'web-01', startedAt: '2026-03-04T09:30:22.000Z', endedAt: '2026-03-04T09:41:05.000Z' });
    expect(t.commands).toEqual([{ command: 'sudo last -n 2', output: 'bob pts/0 198.51.100.7 Wed Mar  4 10:29   still logged in' }]);
  });

  it('names the lines before the first prompt it left out', () => {
    expect(parseTranscript('notes from the call\n$ id\nuid=0(root)').warnings).toEqual(['line 1: text before the first "$ " prompt; left out']);
  });
});

it('refuses text that is neither, saying what it looked for', () => {
  expect(() => parseTranscript('just some notes\nno prompts here')).toThrow(TranscriptError);
  expect(() => parseTranscript('just some notes')).toThrow(/no "PowerShell transcript start" header, no "PS C:\\> command" prompt and no "\$ command" line/);
});
