import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Engine } from '../engine';
import { dispatch } from '../../../shared/ipc/dispatch';
import { unwrap } from '../../../shared/ipc/errors';
import type { Input, MethodName, Result } from '../../../shared/ipc/contract';
import { useTempDirs, TEST_KDF } from '../../../tests/unit/support/temp-dir';

const tempDir = useTempDirs();
const POISONIVY = path.resolve(__dirname, '../../../../shared/samples/stix21/poisonivy.json');
const APT1 = path.resolve(__dirname, '../../../../shared/samples/stix21/apt1.json');

async function setup() {
  const dir = tempDir();
  const engine = new Engine({ vaultDir: dir, actor: 'tester', kdf: TEST_KDF });
  const call = async <M extends MethodName>(method: M, input: Input<M>): Promise<Result<M>> =>
    unwrap(await dispatch(engine.handlers, method, input)) as Result<M>;
  const raw = (method: MethodName, input: unknown) => dispatch(engine.handlers, method, input);
  await call('vault.create', { passphrase: 'indicator matching test' });
  const caseId = (await call('cases.create', { title: 'PoisonIvy' })).cases![0]!.id;
  return { dir, engine, call, raw, caseId };
}

/** A small Timesketch timeline naming some of the bundles' values, and some near misses. */
function timeline(dir: string): string {
  const file = path.join(dir, 'proxy.csv');
  const rows = [
    'DNS query for www.webserver.dynssl.com,2024-05-01T10:00:00+00:00,Event Recorded,WKS-1,alice',
    'Connection to 113.10.246.30:443 established,2024-05-01T10:00:05+00:00,Event Recorded,WKS-1,alice',
    'Connection to 113.10.246.31:443 established,2024-05-01T10:00:06+00:00,Event Recorded,WKS-2,bob',
    'Beacon to 223.167.5.9 (APT1 range),2024-05-01T10:00:07+00:00,Event Recorded,WKS-2,bob',
    'File hash MD5=001DD76872D80801692FF942308C64E6 quarantined,2024-05-01T10:01:00+00:00,Event Recorded,WKS-2,bob',
    'Nothing to see here,2024-05-01T10:02:00+00:00,Event Recorded,WKS-3,carol',
  ];
  writeFileSync(file, ['message,datetime,timestamp_desc,hostname,username', ...rows].join('\n') + '\n');
  return file;
}

const samples = existsSync(POISONIVY) && existsSync(APT1);

describe.skipIf(!samples)('indicators from STIX bundles matched against a timeline (needs ../shared/samples/stix21)', () => {
  it('matches at import time of the indicators, says where, and keeps the list for later', async () => {
    const { dir, call, caseId } = await setup();
    await call('import.start', { taskId: 't1', file: timeline(dir), caseId });
    // No indicators yet: nothing was matched.
    expect((await call('matches.list', { caseId })).run).toBeNull();

    await call('import.start', { taskId: 't2', file: POISONIVY, caseId });
    const { run, matches } = await call('matches.list', { caseId });
    // Every event was read: the timeline's six and those the bundle brought.
    expect(run).toMatchObject({ trigger: 'import', events: (await call('cases.summary', { id: caseId })).counts.events, actor: 'tester' });
    const events = matches.filter((m) => m.place === 'event');
    expect(events.map((m) => [m.type, m.indicator, m.value, m.field])).toEqual(
      expect.arrayContaining([
        ['domain', 'www.webserver.dynssl.com', 'www.webserver.dynssl.com', 'message'],
        ['ipv4', '113.10.246.30', '113.10.246.30', 'message'],
      ]),
    );
    expect(events.some((m) => m.value === '113.10.246.31')).toBe(false);
    // Each event match names its event and time, which the timeline can open.
    const page = await call('timeline.page', { caseId, filter: { text: '113.10.246.30' } });
    const hit = events.find((m) => m.indicator === '113.10.246.30')!;
    expect(hit.eventId).toBe(page.events[0]!.id);
    expect(hit.time).toBe(page.events[0]!.time);
    // The bundle's indicators also became entities of the case (its observables): they match as entities.
    expect(matches.some((m) => m.place === 'entity' && m.entityId)).toBe(true);
    expect((await call('cases.summary', { id: caseId })).counts.matches).toBe(run!.total);
  });

  it('matches at import time of the events, and hashes and ranges too', async () => {
    const { dir, call, caseId } = await setup();
    await call('import.start', { taskId: 't1', file: APT1, caseId });
    await call('import.start', { taskId: 't2', file: timeline(dir), caseId });
    const { matches } = await call('matches.list', { caseId });
    const events = matches.filter((m) => m.place === 'event').map((m) => `${m.indicator} ← ${m.value}`);
    expect(events).toEqual(expect.arrayContaining(['223.166.0.0/15 ← 223.167.5.9', '001dd76872d80801692ff942308c64e6 ← 001DD76872D80801692FF942308C64E6']));
  });

  it('adds an indicator by hand, on the record, and matches it at once', async () => {
    const { dir, call, raw, caseId } = await setup();
    await call('import.start', { taskId: 't1', file: timeline(dir), caseId });
    const added = await call('indicators.add', { caseId, type: 'domain', value: 'dynssl.com', description: 'dynamic DNS seen in proxy logs' });
    expect(added.changes.indicators).toEqual([expect.objectContaining({ type: 'domain', value: 'dynssl.com', source: 'typed in' })]);
    expect(added.changes.audit!.map((a) => a.type)).toEqual(['indicator.added', 'indicators.matched']);
    expect(added.run).toMatchObject({ trigger: 'indicator-added', indicators: 1, total: 1 });
    const { matches } = await call('matches.list', { caseId });
    expect(matches).toEqual([expect.objectContaining({ place: 'event', indicator: 'dynssl.com', value: 'www.webserver.dynssl.com', field: 'message' })]);

    const listed = await call('indicators.list', { caseId });
    expect(listed.indicators.map((i) => i.value)).toEqual(['dynssl.com']);
    expect(listed.run!.perIndicator[listed.indicators[0]!.id]).toBe(1);

    // The same value again is refused, and so is a value that is not of its type; nothing is written.
    const again = await raw('indicators.add', { caseId, type: 'domain', value: 'DYNSSL.com' });
    expect(again).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringContaining('already has domain indicator "dynssl.com"') } });
    const bad = await raw('indicators.add', { caseId, type: 'sha256', value: 'abc123' });
    expect(bad).toMatchObject({
      ok: false,
      error: { code: 'invalid-input', message: expect.stringContaining('value: sha256 "abc123": a SHA-256 hash is 64 hexadecimal digits') },
    });
    expect((await call('audit.list', { caseId })).filter((a) => a.type === 'indicator.added')).toHaveLength(1);
  });

  it('matches again on request, replacing the list', async () => {
    const { dir, call, caseId } = await setup();
    await call('import.start', { taskId: 't1', file: timeline(dir), caseId });
    await call('indicators.add', { caseId, type: 'ipv4', value: '113.10.246.30' });
    await call('indicators.add', { caseId, type: 'email', value: 'nobody@example.org' });
    const ran = await call('matches.run', { caseId });
    // The address is in an event, and is an entity the import found in it.
    expect(ran.run).toMatchObject({ trigger: 'request', indicators: 2, total: 2, truncated: false });
    expect(ran.matches.map((m) => [m.place, m.value])).toEqual([
      ['event', '113.10.246.30'],
      ['entity', '113.10.246.30'],
    ]);
    expect(await call('matches.list', { caseId })).toEqual(ran);
  });
});

describe('matching after an import', () => {
  it('is a warning of the import, not its failure, when the case cannot be matched', async () => {
    const { dir, call, caseId } = await setup();
    await call('import.start', { taskId: 't1', file: timeline(dir), caseId });
    await call('indicators.add', { caseId, type: 'ipv4', value: '113.10.246.30' });
    // The first import's text run is damaged on disk: matching cannot read it.
    const runs = path.join(dir, 'cases', caseId, 'timeline');
    const text = readdirSync(runs).find((f) => f.endsWith('.text'))!;
    writeFileSync(path.join(runs, text), 'damaged');

    const more = path.join(dir, 'more.csv');
    writeFileSync(more, 'message,datetime,timestamp_desc,hostname,username\nLogon,2024-05-02T10:00:00+00:00,Event Recorded,WKS-9,dave\n');
    const { report } = await call('import.start', { taskId: 't2', file: more, caseId });
    expect(report.counts.events).toBe(1);
    expect(report.warnings).toEqual([
      expect.stringMatching(
        /^case .*: its indicators were not matched against it \(case .*: timeline file .*\.text is not the one the journal recorded\); match them with "match run"$/,
      ),
    ]);
    // The list still holds the last run that succeeded.
    expect((await call('matches.list', { caseId })).run).toMatchObject({ trigger: 'indicator-added', total: 2 });
  });
});
