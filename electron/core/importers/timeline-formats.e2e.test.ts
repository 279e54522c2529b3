import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../../tests/unit/support/temp-dir';
import { formatTestEngine } from '../../../tests/unit/support/format-engine';
import { HAS_SAMPLES, NO_SAMPLES_REASON, sample } from '../../../tests/unit/support/samples';
import { makeZip } from '../../../tests/unit/support/zip-writer';
import type { EventPage } from '../../../shared/domain/timeline';

/**
 * Plaso, Hayabusa/Chainsaw, Security-Datasets and generic CSV/JSONL files
 * through the whole pipeline, as the app and the CLI run it: detection,
 * import into a new encrypted case, and the timeline queried back.
 */

const tempDir = useTempDirs();

async function engine() {
  /** When a second import thread starts (parallel-tail.ts): a test may lower it between imports. */
  const parallelImport = { minRecords: 50_000 };
  return { ...(await formatTestEngine(tempDir(), 'timeline formats test', { parallelImport })), parallelImport };
}

describe('timeline formats end to end', () => {
  it('Plaso l2tcsv: detected, imported into a new case, queryable by source and tag', async () => {
    const { call, write } = await engine();
    const file = write(
      'supertimeline.csv',
      [
        'date,time,timezone,MACB,source,sourcetype,type,user,host,short,desc,version,filename,inode,notes,format,extra',
        '06/27/2012,18:17:01,UTC,..C.,LOG,Syslog,Entry Written,-,ubuntu,cron,session closed for user root,2,log/syslog.1,-,-,syslog,-',
        '06/27/2012,18:20:00,Europe/Amsterdam,M...,FILE,OS Content Modification Time,Content Modification Time,alice,ubuntu,run,C:/Users/alice/run.exe,2,OS:run.exe,42,Malware,filestat,-',
      ].join('\n'),
    );
    const { report } = await call('import.start', { taskId: 't', file });
    expect(report).toMatchObject({ format: 'plaso-csv', counts: { events: 2 }, zonelessTimes: 0, skippedTotal: 0 });
    const caseId = report.caseIds[0]!;
    const page = await call('timeline.page', { caseId, filter: { tags: ['Malware'] }, limit: 10 });
    expect(page.events.map((e) => [e.time, e.source, e.user])).toEqual([[Date.parse('2012-06-27T16:20:00Z') * 1000, 'OS Content Modification Time', 'alice']]);
  });

  it('generic CSV: the preview lists the columns and offers a guessed mapping; the import needs the confirmed one', async () => {
    const { call, write, attempt } = await engine();
    const file = write(
      'export.csv',
      'Time;Computer;Account;Description\n2024-05-01 10:00:00;WKS1;alice;Logged on from 10.0.0.9\n2024-05-01 10:05:00;WKS1;alice;Logged off\n',
    );
    const preview = await call('import.preview', { file, format: 'generic-csv', timezone: 'Europe/Berlin' });
    expect(preview.columns).toEqual(['Time', 'Computer', 'Account', 'Description']);
    expect(preview.mapping).toEqual({ time: 'Time', timeFormat: 'iso', message: ['Description'], host: 'Computer', user: 'Account' });
    expect(preview.rows[0]).toMatchObject({ time: '2024-05-01T08:00:00.000000Z', message: 'Logged on from 10.0.0.9', host: 'WKS1', user: 'alice' });
    expect(preview.problems[0]).toMatch(/^no column mapping was given: these rows use a guessed one/);

    // Detected only as generic (the candidate of last resort), which asks for a mapping...
    const undetected = await attempt('import.start', { taskId: 'a', file });
    expect(!undetected.ok && undetected.error.message).toMatch(/export\.csv: a generic CSV needs a column mapping/);
    // ...nor imported without a mapping, which is named with the file's columns.
    const unmapped = await attempt('import.start', { taskId: 'b', file, format: 'generic-csv' });
    expect(!unmapped.ok && unmapped.error.message).toMatch(
      /export\.csv: a generic CSV needs a column mapping: .* Its columns are: Time, Computer, Account, Description/,
    );

    const { report } = await call('import.start', { taskId: 'c', file, format: 'generic-csv', timezone: 'Europe/Berlin', mapping: preview.mapping! });
    expect(report).toMatchObject({ format: 'generic-csv', counts: { events: 2 }, zonelessTimes: 2, timezone: 'Europe/Berlin' });
    const facets = await call('timeline.facets', { caseId: report.caseIds[0]!, filter: {}, fields: ['host', 'user'], limit: 5 });
    expect(facets.map((f) => [f.field, f.values])).toEqual([
      ['host', [{ value: 'WKS1', count: 2 }]],
      ['user', [{ value: 'alice', count: 2 }]],
    ]);
  });

  it('generic JSONL: imported with a mapping into nested fields', async () => {
    const { call, write } = await engine();
    const file = write('ecs.jsonl', `${JSON.stringify({ '@timestamp': '2024-05-01T10:00:00Z', event: { action: 'logon' }, host: { name: 'WKS2' } })}\n`);
    const { report } = await call('import.start', {
      taskId: 't',
      file,
      format: 'generic-jsonl',
      mapping: { time: '@timestamp', timeFormat: 'iso', message: ['event.action'], host: 'host.name' },
    });
    expect(report).toMatchObject({ format: 'generic-jsonl', counts: { events: 1 } });
    const page = await call('timeline.page', { caseId: report.caseIds[0]!, filter: {}, limit: 1 });
    expect(page.events[0]).toMatchObject({ message: 'logon', host: 'WKS2' });
  });

  it('a Security-Datasets archive with a corrupted entry is refused whole, naming the entry', async () => {
    const { call, write, attempt } = await engine();
    const row = JSON.stringify({
      EventID: 1,
      Channel: 'Microsoft-Windows-Sysmon/Operational',
      Hostname: 'W',
      '@timestamp': '2020-01-01T00:00:00Z',
      Message: 'x',
    });
    const file = write(
      'broken.zip',
      makeZip([
        { name: 'ok.json', data: `${row}\n` },
        { name: 'bad.json', data: `${row}\n`, declaredCrc: 7 },
      ]),
    );
    const result = await attempt('import.start', { taskId: 't', file });
    expect(!result.ok && result.error.message).toMatch(/^broken\.zip: entry "bad\.json": CRC-32 mismatch/);
    expect((await call('cases.list', {})).cases).toEqual([]);
  });

  describe.skipIf(!HAS_SAMPLES)(HAS_SAMPLES ? 'on the real samples' : NO_SAMPLES_REASON, () => {
    it('Plaso json_line: 2,002 sshd events, their local times read in the chosen zone and recorded as zoneless', async () => {
      const { call } = await engine();
      const { report } = await call('import.start', {
        taskId: 't',
        file: sample('timesketch', 'plaso-json_line-centos-sshd.jsonl'),
        timezone: 'America/Chicago',
      });
      expect(report).toMatchObject({ format: 'plaso-jsonl', counts: { events: 2002 }, zonelessTimes: 2002, timezone: 'America/Chicago' });
      const summary = await call('timeline.summary', { caseId: report.caseIds[0]! });
      // 2022-10-07 11:39:03 in Chicago (CDT, UTC-5) … 2022-10-08 18:10:40.
      expect([summary.minTime, summary.maxTime]).toEqual([Date.parse('2022-10-07T16:39:03Z') * 1000, Date.parse('2022-10-08T23:10:40Z') * 1000]);
      expect((await call('timeline.page', { caseId: report.caseIds[0]!, filter: { text: 'successful login of user: admin' }, limit: 5 })).total).toBe(1);
    });

    it('Plaso storage (.plaso, SQLite): 3,205 events, searchable, with the computer of the event log as its host', async () => {
      const { call } = await engine();
      const { report } = await call('import.start', { taskId: 't', file: sample('plaso', 'evtx_20250918.plaso') });
      expect(report).toMatchObject({ format: 'plaso-storage', counts: { events: 3205 }, skippedTotal: 0, warnings: [] });
      const caseId = report.caseIds[0]!;
      const summary = await call('timeline.summary', { caseId });
      expect(summary.count).toBe(3205);
      const found = await call('timeline.page', { caseId, filter: { text: 'Source Name: Service Control Manager' }, limit: 1 });
      expect(found.total).toBeGreaterThan(100);
      expect(found.events[0]).toMatchObject({ source: 'winevtx', host: 'WKS-WIN764BITB.shieldbase.local' });
      const hosts = await call('timeline.facets', { caseId, fields: ['host'], limit: 3 });
      expect(hosts[0]!.values[0]).toEqual({ value: 'WKS-WIN764BITB.shieldbase.local', count: 3202 });
    });

    it('Plaso storage in two threads (parallel-tail.ts): the same events, entities and report as in one', async () => {
      const { call, parallelImport } = await engine();
      const file = sample('plaso', 'evtx_20250918.plaso');
      const importWith = async (minRecords: number) => {
        parallelImport.minRecords = minRecords;
        // The same file twice, on purpose: 'again', or the second is refused as a duplicate.
        const { report } = await call('import.start', { taskId: `t${minRecords}`, file, duplicate: 'again' });
        const caseId = report.caseIds[0]!;
        const events: unknown[] = [];
        for (let cursor: string | null = null; ;) {
          const page: EventPage = await call('timeline.page', { caseId, limit: 1000, cursor });
          events.push(...page.events.map(({ id: _id, ...event }) => event));
          if (!(cursor = page.nextCursor)) break;
        }
        const entities = (await call('cases.open', { id: caseId })).entities.map(({ caseId: _c, ...e }) => e).sort((a, b) => a.id.localeCompare(b.id));
        return { report: { ...report, durationMs: 0, caseIds: [] }, events, entities };
      };
      // Its 3,205 events are fewer than a second thread is started for, unless told otherwise.
      const two = await importWith(100);
      const one = await importWith(Infinity);
      expect(two.events).toHaveLength(3205);
      expect(two).toEqual(one);
    });

    it('Hayabusa: 10,072 events and 1,755 alerts in one case', async () => {
      const { call } = await engine();
      const { report } = await call('import.start', { taskId: 't', file: sample('hayabusa', 'hayabusa-sample-evtx-ResultsDefaultSettings.csv') });
      expect(report).toMatchObject({ format: 'hayabusa-csv', counts: { events: 10_072, alerts: 1755 }, zonelessTimes: 0, skippedTotal: 0 });
      const caseId = report.caseIds[0]!;
      const summary = await call('cases.summary', { id: caseId });
      expect(summary.counts).toMatchObject({ events: 10_072, alerts: 1755, evidence: 1 });
      const critical = await call('timeline.facets', { caseId, filter: { tags: ['critical'] }, fields: ['tag'], limit: 1 });
      expect(critical[0]!.values[0]).toEqual({ value: 'critical', count: 134 });
    });

    it('Security-Datasets: the comsvcs LSASS dump archive, previewed then imported', async () => {
      const { call } = await engine();
      const preview = await call('import.preview', { file: sample('security-datasets', 'psh_lsass_memory_dump_comsvcs.zip') });
      // The preview already says that this export's TimeCreated is hours off the Sysmon events' own UtcTime.
      expect(preview).toMatchObject({ format: 'security-datasets' });
      expect(preview.problems).toEqual([expect.stringMatching(/^\d+ record\(s\): TimeCreated is 16 hours behind UtcTime \(the event time\)/)]);
      expect(preview.rows).toHaveLength(20);
      expect(preview.rows[0]).toMatchObject({ time: '2020-10-18T07:50:06.220000Z', source: 'Security', host: 'WORKSTATION5', user: 'wardog' });
      expect(preview.columns).toEqual(expect.arrayContaining(['EventID', 'Channel', 'TimeCreated', 'CommandLine']));
      const { report, changes } = await call('import.start', { taskId: 't', file: sample('security-datasets', 'psh_lsass_memory_dump_comsvcs.zip') });
      expect(report).toMatchObject({
        format: 'security-datasets',
        counts: { events: 184 },
        zonelessTimes: 36,
        clockOffsets: [{ field: 'UtcTime', other: 'TimeCreated', hours: -16, records: 148 }],
      });
      const caseId = report.caseIds[0]!;
      const hits = await call('timeline.page', { caseId, filter: { text: 'comsvcs.dll MiniDump' }, limit: 10 });
      expect(hits.events.map((e) => e.source)).toEqual(['Security', 'Microsoft-Windows-Sysmon/Operational']);
      expect(changes.entities!.map((e) => `${e.type}:${e.key}`)).toContain('device:workstation5');
      // Processes its attributes name are in the entity store.
      const processes = await call('entities.list', { caseId, types: ['process'], text: 'rundll32', limit: 10 });
      expect(processes.rows.map((e) => e.key)).toContain('c:\\windows\\system32\\rundll32.exe');
    });
  });
});
