import { describe, expect, it } from 'vitest';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { casebookWith, initVault } from './support/cli';
import { useTempDirs } from './support/temp-dir';

const tempDir = useTempDirs();
const PASS = 'cli indicator passphrase';
const POISONIVY = path.resolve(__dirname, '../../../shared/samples/stix21/poisonivy.json');

const casebook = casebookWith(PASS);

function json(vault: string, args: string[]) {
  const run = casebook(vault, [...args, '--json']);
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout);
}

/** A proxy log naming two of the PoisonIvy bundle's values. */
function proxyLog(dir: string): string {
  const file = path.join(dir, 'proxy.csv');
  const rows = [
    'DNS query for www.webserver.dynssl.com,2024-05-01T10:00:00+00:00,Event Recorded,WKS-1,alice',
    'Connection to 219.76.208.163:443 established,2024-05-01T10:00:05+00:00,Event Recorded,WKS-1,alice',
    'Nothing to see here,2024-05-01T10:02:00+00:00,Event Recorded,WKS-3,carol',
  ];
  writeFileSync(file, ['message,datetime,timestamp_desc,hostname,username', ...rows].join('\n') + '\n');
  return file;
}

/** Each test runs eight to ten CLI processes, each unlocking the vault: minutes on a busy two-core machine. */
const CLI_TIMEOUT = 240_000;

describe.skipIf(!existsSync(POISONIVY))('casebook indicator and match commands (needs ../shared/samples/stix21)', () => {
  it(
    'lists the indicators a STIX bundle brought and where they matched the timeline',
    () => {
      const vault = tempDir();
      initVault(casebook, vault);
      const { id } = json(vault, ['case', 'create', '--title', 'PoisonIvy']);
      json(vault, ['import', '--case', id, proxyLog(vault)]);
      json(vault, ['import', '--case', id, POISONIVY]);

      const indicators = json(vault, ['indicator', 'list', id]);
      const values = indicators.indicators.map((i: { value: string }) => i.value);
      expect(values).toEqual(expect.arrayContaining(['219.76.208.163', 'www.webserver.dynssl.com']));
      const ip = indicators.indicators.find((i: { value: string }) => i.value === '219.76.208.163');
      expect(indicators.run.perIndicator[ip.id]).toBeGreaterThanOrEqual(1);

      const listed = json(vault, ['match', 'list', id]);
      const events = listed.matches.filter((m: { place: string }) => m.place === 'event');
      expect(events.map((m: { value: string }) => m.value).sort()).toEqual(['219.76.208.163', 'www.webserver.dynssl.com']);
      expect(events[0]).toMatchObject({ eventId: expect.any(Number), time: expect.any(Number), field: 'message' });

      const text = casebook(vault, ['match', 'list', id.slice(0, 8)]);
      expect(text.stdout).toMatch(/ipv4\s+219\.76\.208\.163\s+219\.76\.208\.163\s+event \d+ \(message\)\s+2024-05-01 10:00:05 UTC/);
      expect(text.stdout).toMatch(/matched .* UTC by .* \(import\)/);
      expect(json(vault, ['case', 'show', id]).counts.matches).toBe(listed.run.total);
    },
    CLI_TIMEOUT,
  );

  it(
    'adds an indicator by hand, matches it at once, and refuses a value not of its type',
    () => {
      const vault = tempDir();
      initVault(casebook, vault);
      const { id } = json(vault, ['case', 'create', '--title', 'Proxy']);
      json(vault, ['import', '--case', id, proxyLog(vault)]);

      const added = json(vault, ['indicator', 'add', id, '--type', 'domain', '--value', 'dynssl.com', '--description', 'dynamic DNS']);
      expect(added.indicator).toMatchObject({ type: 'domain', value: 'dynssl.com', source: 'typed in' });
      expect(added.run).toMatchObject({ trigger: 'indicator-added', total: 1 });
      expect(casebook(vault, ['indicator', 'list', id]).stdout).toMatch(/domain\s+dynssl\.com\s+1\s+typed in/);

      const bad = casebook(vault, ['indicator', 'add', id, '--type', 'md5', '--value', 'xyz']);
      expect(bad.code).not.toBe(0);
      expect(bad.stderr).toContain('indicator add: --value: md5 "xyz": an MD5 hash is 32 hexadecimal digits');
      const unknownType = casebook(vault, ['indicator', 'add', id, '--type', 'hash', '--value', 'xyz']);
      expect(unknownType.stderr).toContain('--type "hash" is not one of ipv4, ipv6');

      const rerun = json(vault, ['match', 'run', id]);
      expect(rerun.run).toMatchObject({ trigger: 'request', total: 1 });
      expect(rerun.matches[0]).toMatchObject({ indicator: 'dynssl.com', value: 'www.webserver.dynssl.com' });
    },
    CLI_TIMEOUT,
  );
});
