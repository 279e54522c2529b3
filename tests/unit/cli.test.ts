import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { built } from './support/built';
import { useTempDirs } from './support/temp-dir';

const tempDir = useTempDirs();
const PASS = 'cli test passphrase';

function casebook(vault: string, args: string[], options: { passphrase?: string; input?: string } = {}) {
  const env: NodeJS.ProcessEnv = { ...process.env, CASEBOOK_PASSPHRASE: options.passphrase ?? PASS };
  delete env.CASEBOOK_VAULT;
  if (options.passphrase === '') delete env.CASEBOOK_PASSPHRASE;
  const run = spawnSync(process.execPath, [built('electron/cli/casebook.js'), '--vault', vault, ...args], {
    env,
    input: options.input ?? '',
    encoding: 'utf8',
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

function initVault(): string {
  const vault = tempDir();
  expect(casebook(vault, ['vault', 'init']).code).toBe(0);
  return vault;
}

describe('casebook CLI', () => {
  it('creates a vault, a case, edits it and verifies the audit chain, in JSON', () => {
    const vault = initVault();
    const created = casebook(vault, ['case', 'create', '--title', 'Beaconing from HR laptop', '--json']);
    expect(created.code).toBe(0);
    const { id } = JSON.parse(created.stdout) as { id: string };
    expect(id).toMatch(/^[0-9a-f-]{36}$/);

    const set = casebook(vault, [
      'case',
      'set',
      id,
      '--severity',
      'high',
      '--status',
      'inProgress',
      '--classification',
      'truePositive',
      '--determination',
      'malware',
      '--owner',
      'dana',
      '--tag',
      'c2',
      '--tag',
      'hr',
      '--json',
    ]);
    expect(set.code, set.stderr).toBe(0);
    expect(JSON.parse(set.stdout).case).toMatchObject({ severity: 'high', status: 'inProgress', owner: 'dana', tags: ['c2', 'hr'] });

    const shown = JSON.parse(casebook(vault, ['case', 'show', id.slice(0, 8), '--json']).stdout);
    expect(shown).toMatchObject({ id, determination: 'malware', version: 2 });

    const listed = JSON.parse(casebook(vault, ['case', 'list', '--json']).stdout);
    expect(listed.cases.map((c: { id: string }) => c.id)).toEqual([id]);

    const verify = casebook(vault, ['audit', 'verify', id, '--json']);
    expect(verify.code).toBe(0);
    expect(JSON.parse(verify.stdout)).toMatchObject({ ok: true, records: 2 });
  });

  it('prints exactly one JSON document on stdout for every command', () => {
    const vault = tempDir();
    for (const args of [
      ['vault', 'init'],
      ['vault', 'status'],
      ['case', 'create', '--title', 'x'],
      ['case', 'list'],
    ]) {
      const run = casebook(vault, [...args, '--json']);
      expect(run.code, run.stderr).toBe(0);
      expect(() => JSON.parse(run.stdout)).not.toThrow();
    }
  });

  it('fails with a one-line error naming the field for an invalid value, and changes nothing', () => {
    const vault = initVault();
    const { id } = JSON.parse(casebook(vault, ['case', 'create', '--title', 'T', '--json']).stdout);
    const run = casebook(vault, ['case', 'set', id, '--severity', 'banana']);
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/patch\.severity/);
    expect(JSON.parse(casebook(vault, ['case', 'show', id, '--json']).stdout).version).toBe(1);
  });

  it('fails on a wrong passphrase with a clear error', () => {
    const vault = initVault();
    const run = casebook(vault, ['case', 'list'], { passphrase: 'not it at all' });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/wrong passphrase/);
  });

  it('reads the passphrase from standard input when no variable is set', () => {
    const vault = initVault();
    const run = casebook(vault, ['case', 'list', '--json'], { passphrase: '', input: `${PASS}\n` });
    expect(run.code, run.stderr).toBe(0);
  });

  it('says there is no vault, and rejects unknown commands and options as usage errors', () => {
    const empty = tempDir();
    const missing = casebook(empty, ['case', 'list']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/no vault in .*vault init/);
    expect(casebook(empty, ['case', 'explode']).code).toBe(2);
    expect(casebook(empty, ['case', 'list', '--frobnicate']).code).toBe(2);
  });

  it('exits non-zero from audit verify when a record was tampered with', () => {
    const vault = initVault();
    const { id } = JSON.parse(casebook(vault, ['case', 'create', '--title', 'T', '--json']).stdout);
    casebook(vault, ['case', 'set', id, '--owner', 'someone']);
    const journal = path.join(vault, 'cases', id, 'journal.cbj');
    const bytes = readFileSync(journal);
    bytes[bytes.length - 20]! ^= 0x01;
    writeFileSync(journal, bytes);
    const run = casebook(vault, ['audit', 'verify', id, '--json']);
    expect(run.code).toBe(3);
    const result = JSON.parse(run.stdout);
    expect(result).toMatchObject({ ok: false, records: 1 });
    expect(result.problems[0]).toMatchObject({ seq: 2 });
  });
});

describe('casebook vault verify, audit verify against the manifest, vault rotate-keys', () => {
  it('vault verify: exit 0 when every case verifies, 3 when one was deleted or rolled back; audit verify says which', () => {
    const vault = initVault();
    const create = (title: string) => (JSON.parse(casebook(vault, ['case', 'create', '--title', title, '--json']).stdout) as { id: string }).id;
    const kept = create('kept');
    const rolled = create('rolled back');
    const gone = create('deleted');
    const older = readFileSync(path.join(vault, 'cases', rolled, 'journal.cbj'));
    expect(casebook(vault, ['case', 'set', rolled, '--status', 'resolved']).code).toBe(0);
    const ok = casebook(vault, ['vault', 'verify', '--json']);
    expect(ok.code, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ ok: true, manifest: { state: 'ok' } });

    writeFileSync(path.join(vault, 'cases', rolled, 'journal.cbj'), older);
    rmSync(path.join(vault, 'cases', rolled, 'journal.head'));
    rmSync(path.join(vault, 'cases', gone), { recursive: true });
    const failed = casebook(vault, ['vault', 'verify', '--json']);
    expect(failed.code).toBe(3);
    const result = JSON.parse(failed.stdout) as { ok: boolean; cases: { caseId: string; ok: boolean; problems: { reason: string }[] }[] };
    expect(result.ok).toBe(false);
    const byId = new Map(result.cases.map((c) => [c.caseId, c]));
    expect(byId.get(kept)).toMatchObject({ ok: true });
    expect(byId.get(rolled)!.problems[0]!.reason).toMatch(/^ROLLED BACK/);
    expect(byId.get(gone)!.problems[0]!.reason).toMatch(/^DELETED/);
    const text = casebook(vault, ['vault', 'verify']);
    expect(text.code).toBe(3);
    expect(text.stdout).toContain('vault verification FAILED');

    for (const [id, reason] of [
      [rolled, 'ROLLED BACK'],
      [gone, 'DELETED'],
    ] as const) {
      const run = casebook(vault, ['audit', 'verify', id, '--json']);
      expect(run.code, id).toBe(3);
      expect(JSON.parse(run.stdout).problems[0].reason).toContain(reason);
    }
    expect(casebook(vault, ['audit', 'verify', kept]).code).toBe(0);
  });

  it('vault rotate-keys re-keys the vault; every case still lists and verifies', () => {
    const vault = initVault();
    const { id } = JSON.parse(casebook(vault, ['case', 'create', '--title', 'Rotate me', '--json']).stdout) as { id: string };
    const before = readFileSync(path.join(vault, 'cases', id, 'key.json'), 'utf8');
    const run = casebook(vault, ['vault', 'rotate-keys', '--json']);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ cases: 1, runs: 0 });
    expect(readFileSync(path.join(vault, 'cases', id, 'key.json'), 'utf8')).not.toBe(before);
    expect(casebook(vault, ['vault', 'verify']).code).toBe(0);
    const audit = JSON.parse(casebook(vault, ['audit', 'list', id, '--json']).stdout) as { type: string }[];
    expect(audit.map((a) => a.type)).toEqual(['case.created', 'vault.keysRotated']);
    expect(casebook(vault, ['vault', 'rotate-keys'], { passphrase: 'not the passphrase' }).code).toBe(1);
  });
});

describe('casebook import', () => {
  it('imports files into a case and reports per file: format, sha256, counts and skipped records', () => {
    const vault = initVault();
    const dir = tempDir();
    const { id } = JSON.parse(casebook(vault, ['case', 'create', '--title', 'Target', '--json']).stdout);
    const good = path.join(dir, 'good.csv');
    writeFileSync(
      good,
      'message,datetime,timestamp_desc,hostname\nLogon from 10.1.2.3,2024-01-01T00:00:00Z,Written,WKS-1\nLogoff,2024-01-01T01:00:00Z,Written,wks-1\n',
    );
    const bad = path.join(dir, 'bad.csv');
    writeFileSync(bad, 'message,datetime,timestamp_desc\nok,2024-01-01T00:00:00Z,x\nbroken,yesterday,x\n');
    const run = casebook(vault, ['import', '--case', id.slice(0, 8), good, bad, '--skip-invalid', '--json']);
    expect(run.code, run.stderr).toBe(0);
    const [first, second] = JSON.parse(run.stdout);
    expect(first).toMatchObject({ file: 'good.csv', format: 'timesketch-csv', caseIds: [id], counts: { events: 2, alerts: 0, indicators: 0, actions: 0 } });
    expect(first.sha256).toMatch(/^[0-9a-f]{64}$/);
    // WKS-1 and wks-1 are one device; 10.1.2.3 comes from the message.
    expect(first.counts.entities).toBe(2);
    expect(second).toMatchObject({ counts: { events: 1 }, skippedTotal: 1, skipped: [{ position: 'line 3', field: 'datetime' }] });
    const shown = JSON.parse(casebook(vault, ['case', 'show', id, '--json']).stdout);
    expect(shown.counts).toEqual({ events: 3, alerts: 0, entities: 2, indicators: 0, actions: 0, evidence: 2, matches: 0, notes: 0 });
  });

  it('fails the one bad file in strict mode with its line, and still imports the others', () => {
    const vault = initVault();
    const dir = tempDir();
    const bad = path.join(dir, 'bad.csv');
    writeFileSync(bad, 'message,datetime,timestamp_desc\nbroken,yesterday,x\n');
    const good = path.join(dir, 'good.jsonl');
    writeFileSync(good, '{"message":"m","datetime":"2024-01-01T00:00:00Z","timestamp_desc":"x"}\n');
    const run = casebook(vault, ['import', bad, good, '--json']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/bad\.csv: line 2, field "datetime"/);
    const [failed, imported] = JSON.parse(run.stdout);
    expect(failed.error).toMatch(/nothing was imported/);
    expect(imported).toMatchObject({ format: 'timesketch-jsonl', counts: { events: 1 } });
    const { cases } = JSON.parse(casebook(vault, ['case', 'list', '--json']).stdout);
    expect(cases.map((c: { title: string }) => c.title)).toEqual(['Import of good.jsonl']);
  });

  it('counts invalid UTF-8 per file, with where the first was, in the JSON and under the table', () => {
    const vault = initVault();
    const dir = tempDir();
    const header = 'message,datetime,timestamp_desc\n';
    const damaged = path.join(dir, 'damaged.csv');
    // Byte 42 is a lone 0xff, then a sequence cut short (0xe2 0x82 before a comma): two sequences.
    writeFileSync(
      damaged,
      Buffer.concat([
        Buffer.from(`${header}bad `),
        Buffer.from([0xff]),
        Buffer.from(' x'),
        Buffer.from([0xe2, 0x82]),
        Buffer.from(',2024-01-01T00:00:00Z,t\n'),
      ]),
    );
    const clean = path.join(dir, 'clean.jsonl');
    writeFileSync(clean, '{"message":"caf\u00e9 \ufffd","datetime":"2024-01-01T00:00:00Z","timestamp_desc":"x"}\n');
    const run = casebook(vault, ['import', damaged, clean, '--json']);
    expect(run.code, run.stderr).toBe(0);
    const [first, second] = JSON.parse(run.stdout);
    expect(first).toMatchObject({ counts: { events: 1 }, invalidUtf8: { sequences: 2, firstOffset: header.length + 4 } });
    // A U+FFFD written in the file is text, not damage.
    expect(second).toMatchObject({ counts: { events: 1 }, invalidUtf8: null });
    // The same file again, for the text output: --again, or it is refused as a duplicate.
    const text = casebook(vault, ['import', damaged, '--again']);
    expect(text.stdout).toContain(`damaged.csv: 2 invalid UTF-8 sequence(s), the first at byte ${header.length + 4} (read as U+FFFD)`);
  });

  it('says when two time fields of the same records are whole hours apart (local time labelled as UTC), in the JSON and under the table', () => {
    const vault = initVault();
    const file = path.join(tempDir(), 'nxlog.json');
    const row = (n: number) =>
      JSON.stringify({
        EventID: 4624,
        Channel: 'Security',
        Hostname: 'DC',
        EventTime: `2020-09-22 14:53:0${n}`,
        '@timestamp': `2020-09-22T18:53:0${n + 2}.182Z`,
      });
    writeFileSync(file, `${row(1)}\n${row(3)}\n`);
    const run = casebook(vault, ['import', file, '--format', 'security-datasets', '--json']);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)[0]).toMatchObject({ clockOffsets: [{ field: 'EventTime', other: '@timestamp', hours: 4, records: 2 }] });
    const text = casebook(vault, ['import', file, '--format', 'security-datasets', '--again']);
    expect(text.stdout).toContain(
      'nxlog.json: 2 record(s): @timestamp is 4 hours ahead of EventTime (the event time): a local time labelled as UTC, or read in the wrong zone?',
    );
  });

  it('previews a generic CSV with a guessed mapping, then imports it with a saved mapping', () => {
    const vault = initVault();
    const file = path.join(tempDir(), 'firewall.csv');
    writeFileSync(file, 'when;src;action\n2024-02-01 08:00:00;10.0.0.1;deny\n2024-02-01 08:00:05;10.0.0.2;allow\n');
    const preview = JSON.parse(casebook(vault, ['import', '--preview', file, '--json']).stdout)[0];
    expect(preview).toMatchObject({ format: 'generic-csv', columns: ['when', 'src', 'action'], mapping: { time: 'when' } });
    expect(casebook(vault, ['import', file]).code).toBe(1);
    const run = casebook(vault, ['import', file, '--map', 'time=when,message=action+src', '--save-mapping', 'fw', '--timezone', 'Asia/Tokyo', '--json']);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)[0]).toMatchObject({ counts: { events: 2 }, timezone: 'Asia/Tokyo', zonelessTimes: 2 });
    expect(JSON.parse(casebook(vault, ['mapping', 'list', '--json']).stdout)).toEqual({
      fw: { time: 'when', timeFormat: 'iso', message: ['action', 'src'] },
    });
    expect(casebook(vault, ['import', file, '--mapping', 'fw', '--again', '--json']).code).toBe(0);
  });

  it('refuses an unknown format name and a missing file clearly', () => {
    const vault = initVault();
    expect(casebook(vault, ['import', 'x.csv', '--format', 'excel']).stderr).toMatch(/--format "excel" is not one of/);
    const missing = casebook(vault, ['import', path.join(tempDir(), 'nope.csv')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/nope\.csv: cannot read it \(ENOENT\)/);
  });

  it.runIf(process.platform === 'linux')('refuses what is not a regular file: a folder, a device, a /proc pseudo-file', () => {
    const vault = initVault();
    for (const [file, why] of [
      [tempDir(), /it is a folder; only regular files can be imported/],
      ['/dev/zero', /\/dev\/zero: it is a character device; only regular files can be imported/],
      ['/proc/self/environ', /\/proc\/self\/environ: it is on the kernel's proc filesystem/],
    ] as const) {
      for (const args of [
        ['import', file],
        ['import', '--preview', file],
      ]) {
        const run = casebook(vault, args);
        expect(run.code, args.join(' ')).toBe(1);
        expect(run.stderr).toMatch(why);
      }
    }
  });
});

describe('casebook diagnostics', () => {
  it('prints where the diagnostic log is and its last entries, without a passphrase or a vault', () => {
    const parent = tempDir();
    const vault = path.join(parent, 'vault');
    expect(JSON.parse(casebook(vault, ['diagnostics', '--json'], { passphrase: '' }).stdout)).toEqual({
      path: path.join(parent, 'diagnostics.log'),
      entries: [],
    });

    // Something the unlock gets past: an interrupted key rotation whose marker is damaged (it is undone, and recorded).
    expect(casebook(vault, ['vault', 'init']).code).toBe(0);
    mkdirSync(path.join(vault, '.rotation-0000'));
    writeFileSync(path.join(vault, '.rotation-0000', 'rotation.json'), '{"keyId": "damaged');
    expect(casebook(vault, ['case', 'list']).code).toBe(0);

    const shown = casebook(vault, ['diagnostics', '--json'], { passphrase: '' });
    expect(shown.code, shown.stderr).toBe(0);
    expect(JSON.parse(shown.stdout).entries).toEqual([expect.objectContaining({ code: 'vault.rotation-marker', message: 'SyntaxError' })]);
    const text = casebook(vault, ['diagnostics', '--last', '5'], { passphrase: '' }).stdout;
    expect(text).toMatch(new RegExp(`^diagnostic log: ${path.join(parent, 'diagnostics.log')}\\n\\S+Z  vault\\.rotation-marker  SyntaxError\\n    at `));
    expect(casebook(vault, ['diagnostics', '--last', 'all']).stderr).toContain('--last "all" is not a whole number');
  });
});
