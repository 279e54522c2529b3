import { describe, expect, it } from 'vitest';
import { runImporter, us } from '../../../../tests/unit/support/import-harness';
import { HAS_SAMPLES, NO_SAMPLES_REASON, sample } from '../../../../tests/unit/support/samples';
import { makeZip } from '../../../../tests/unit/support/zip-writer';
import { chooseImporter, readSample } from '../registry';
import { velociraptor } from './velociraptor';

const sniff = (bytes: Buffer) => velociraptor.sniff({ name: 'x', size: bytes.length, head: bytes, text: bytes.toString('utf8') });
const lines = (...rows: object[]) => rows.map((r) => JSON.stringify(r)).join('\n');

const PSLIST = lines(
  { Pid: 4242, Name: 'evil.exe', CommandLine: 'evil.exe -connect 203.0.113.9', CreateTime: '2024-05-01T10:00:00.5Z', Username: 'CORP\\bob' },
  { Pid: 4, Name: 'System', CommandLine: '', CreateTime: '2024-05-01T08:00:00Z', Username: 'NT AUTHORITY\\SYSTEM' },
);

describe('Velociraptor collections and results', () => {
  it('a container: results/<artifact>%2F<source>.json rows are events at their own time, on the host client_info names', async () => {
    const zip = makeZip([
      { name: 'client_info.json', data: JSON.stringify({ Hostname: 'WS-17', Fqdn: 'ws-17.corp.local' }) },
      { name: 'collection_context.json', data: JSON.stringify({ create_time: 1714557600_000_000_000 }) },
      { name: 'results/Windows.System.Pslist.json', data: PSLIST },
      { name: 'results/Windows.Sys.Programs%2FPrograms.json', data: lines({ DisplayName: 'Tool', Publisher: 'Acme' }) },
      { name: 'uploads/auto/C%3A/Windows/System32/winevt/Logs/Security.evtx', data: 'x' },
    ]);
    expect(sniff(zip)).toBe(0.95);
    const r = await runImporter(velociraptor, zip, { name: 'collection.zip' });
    expect(r.error).toBeNull();
    expect(r.events).toHaveLength(3);
    expect(r.events[0]).toMatchObject({
      time: us('2024-05-01T10:00:00.500Z'),
      timestampDesc: 'CreateTime',
      source: 'Velociraptor Windows.System.Pslist',
      host: 'WS-17',
      user: 'CORP\\bob',
      message: 'Windows.System.Pslist: evil.exe -connect 203.0.113.9',
    });
    expect(r.events[0]!.attributes).toMatchObject({ Pid: '4242', Artifact: 'Windows.System.Pslist' });
    // A row with no time of its own takes the collection's, and says so.
    expect(r.events[2]).toMatchObject({
      time: 1714557600_000_000,
      timestampDesc: 'Collected (the row has no time of its own)',
      source: 'Velociraptor Windows.Sys.Programs/Programs',
    });
    expect(r.entities.map((e) => `${e.type}:${e.display}`)).toEqual(expect.arrayContaining(['ip:203.0.113.9', 'device:WS-17']));
    expect(r.warnings.join('\n')).toContain('1 uploaded file in the collection were not read (C:/Windows/System32/winevt/Logs/Security.evtx)');
  });

  it('results exported alone (JSON Lines with _Source) are recognised and read', async () => {
    const text = lines({ ...JSON.parse(PSLIST.split('\n')[0]!), _Source: 'Windows.System.Pslist' });
    expect(sniff(Buffer.from(text))).toBe(0.85);
    const r = await runImporter(velociraptor, Buffer.from(text));
    expect(r.events.map((e) => [e.time, e.source, e.user])).toEqual([[us('2024-05-01T10:00:00.500Z'), 'Velociraptor Windows.System.Pslist', 'CORP\\bob']]);
  });

  it('results downloaded as a JSON array from the GUI are read the same way', async () => {
    const rows = PSLIST.split('\n').map((l) => ({ ...JSON.parse(l), _Source: 'Windows.System.Pslist' }));
    const text = JSON.stringify(rows, null, 2);
    expect(sniff(Buffer.from(text))).toBe(0.85);
    const r = await runImporter(velociraptor, Buffer.from(text));
    expect(r.invalid).toEqual([]);
    expect(r.events.map((e) => [e.time, e.user])).toEqual([
      [us('2024-05-01T10:00:00.500Z'), 'CORP\\bob'],
      [us('2024-05-01T08:00:00Z'), 'NT AUTHORITY\\SYSTEM'],
    ]);
  });

  it('an encrypted container is refused saying a password is needed; a zip of other JSON is not claimed', async () => {
    const encrypted = makeZip([{ name: 'data.zip', data: 'secret', encrypted: true, method: 0 }]);
    expect(sniff(encrypted)).toBe(0.9);
    const r = await runImporter(velociraptor, encrypted, { name: 'c.zip' });
    expect(r.error?.message).toBe(
      "c.zip: a password-protected Velociraptor collection (its one member, data.zip, is encrypted): unzip it with the collection's password and import the data.zip it holds",
    );
    expect(sniff(makeZip([{ name: 'events.json', data: '{}' }]))).toBe(0);
  });
});

describe.skipIf(!HAS_SAMPLES)(HAS_SAMPLES ? 'on Velociraptor’s own test collections' : NO_SAMPLES_REASON, () => {
  it('the offline collector container: 3 + 3 result rows, %2F-encoded names, host from the container name, uploads listed', async () => {
    const file = sample('more', 'velociraptor', 'Collection-WIN-E5K9RC5GU23-2021-11-21T18_05_56-08_00.zip');
    expect(chooseImporter(await readSample(file, 'x')).importer.format).toBe('velociraptor');
    const r = await runImporter(velociraptor, file);
    expect(r.error).toBeNull();
    expect(r.invalidTotal).toBe(0);
    expect(r.events).toHaveLength(6);
    expect(r.events[0]).toMatchObject({
      time: us('2021-08-21T20:04:11.326Z') + 60,
      timestampDesc: 'Modified',
      source: 'Velociraptor Generic.Collectors.File/All Matches Metadata',
      host: 'WIN-E5K9RC5GU23',
      message: 'Generic.Collectors.File/All Matches Metadata: \\\\.\\C:\\$Extend\\$UsnJrnl:$J',
    });
    expect(r.events[0]!.attributes).toMatchObject({ Size: '13771763704', Created: '2021-08-21T20:04:11.32606Z' });
    expect(r.entities.map((e) => `${e.type}:${e.display}`)).toContain('hash:2020dbcbd996b1944314221e739d30974d0f2d80d598fbb009bad90b10c77b9f');
    expect(r.warnings.join('\n')).toMatch(/3 uploaded files in the collection were not read/);
  });

  it('the older layout: Users.json 4 rows (the account as user), the two client-info rows without a time named in a warning', async () => {
    const file = sample('more', 'velociraptor', 'velociraptor-unencrypted_collector.zip');
    expect(chooseImporter(await readSample(file, 'x')).importer.format).toBe('velociraptor');
    const r = await runImporter(velociraptor, file);
    expect(r.error).toBeNull();
    expect(r.events).toHaveLength(4);
    expect(r.events.at(-1)).toMatchObject({
      time: us('2022-09-26T03:29:54.178Z') + 963,
      timestampDesc: 'LastLogin',
      host: 'DESKTOP-SU8FH31',
      user: 'test',
      source: 'Velociraptor Generic.Client.Info/Users',
    });
    expect(r.warnings).toEqual([
      "1 row of Generic.Client.Info/BasicInformation had no time column and the collection's time is unknown: not imported as events",
      "1 row of Generic.Client.Info/WindowsInfo had no time column and the collection's time is unknown: not imported as events",
    ]);
  });

  it('the password-protected container is refused, not read as nothing', async () => {
    const file = sample('more', 'velociraptor', 'velociraptor-encrypted_collector_password.zip');
    expect(chooseImporter(await readSample(file, 'x')).importer.format).toBe('velociraptor');
    const r = await runImporter(velociraptor, file);
    expect(r.error?.message).toMatch(/password-protected Velociraptor collection/);
    expect(r.events).toEqual([]);
  });
});
