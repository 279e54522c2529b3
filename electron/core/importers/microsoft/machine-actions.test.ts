import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { HAS_SAMPLES, NO_SAMPLES_REASON, sample } from '../../../../tests/unit/support/samples';
import { runOn, runOnText } from '../../../../tests/unit/support/recording-context';
import { importIntoNewVault } from '../../../../tests/unit/support/vault-import';
import { useTempDirs } from '../../../../tests/unit/support/temp-dir';
import { defenderMachineActions } from './machine-actions';

const us = (iso: string, extra = 0) => Date.parse(iso) * 1000 + extra;

const action = (over: Record<string, unknown> = {}) => ({
  id: 'a0b1c2',
  type: 'Isolate',
  scope: 'Full',
  requestor: 'analyst@contoso.com',
  requestorComment: 'Contain while we look',
  status: 'Pending',
  machineId: '1e5bc9d7e413ddd7902c2932e418702b84d0cc07',
  computerDnsName: 'ws-042.contoso.com',
  creationDateTimeUtc: '2024-03-01T11:00:00.1234567Z',
  lastUpdateTimeUtc: '2024-03-01T11:00:05Z',
  relatedFileInfo: null,
  ...over,
});

describe('Defender for Endpoint machine actions importer', () => {
  const tempDir = useTempDirs();

  describe.skipIf(!HAS_SAMPLES)(HAS_SAMPLES ? 'on the documented machineActions list' : NO_SAMPLES_REASON, () => {
    const file = sample('defender', 'machine-actions.json');

    it('reads the three actions with their status, target, requestor, comment and times', async () => {
      const ctx = await runOn(defenderMachineActions, file);
      expect(ctx.invalids).toEqual([]);
      expect(ctx.actions.map((a) => a.record)).toEqual([
        expect.objectContaining({
          externalId: '69dc3630-1ccc-4342-acf3-35286eec741d',
          type: 'CollectInvestigationPackage',
          status: 'succeeded',
          target: 'desktop-39g9tgl',
          requestor: 'Analyst@contoso.com',
          comment: 'test',
          createdAt: '2018-12-04T12:43:57.201191Z',
          updatedAt: '2018-12-04T12:45:25.404912Z',
          source: 'Microsoft Defender for Endpoint',
        }),
        expect.objectContaining({ type: 'RunAntiVirusScan', comment: 'Check machine for viruses due to alert 3212' }),
        expect.objectContaining({ type: 'StopAndQuarantineFile', status: 'succeeded' }),
      ]);
      expect(ctx.actions[1]!.record.attributes).toMatchObject({
        scope: 'Full',
        machineId: 'f46b9bb259ed4a7fb9981b73510e3cc7aa81ec1f',
        originalStatus: 'Succeeded',
      });
      expect(ctx.actions[2]!.record.attributes.relatedFileInfo).toEqual({
        fileIdentifier: 'a0c659857ccbe457fdaf5fe21d54efdcbf6f6508',
        fileIdentifierType: 'Sha1',
      });
    });

    it('adds the machine as a device entity and the quarantined file as a hash entity', async () => {
      const ctx = await runOn(defenderMachineActions, file);
      const entities = ctx.allEntities.map((e) => `${e.type} ${e.value}`);
      expect(new Set(entities)).toEqual(new Set(['device desktop-39g9tgl', 'hash a0c659857ccbe457fdaf5fe21d54efdcbf6f6508']));
      expect(ctx.allEntities.find((e) => e.type === 'device')!.attributes).toEqual({ mdeDeviceId: 'f46b9bb259ed4a7fb9981b73510e3cc7aa81ec1f' });
      expect(ctx.allEntities.find((e) => e.type === 'hash')!.attributes).toEqual({ algorithm: 'sha1' });
    });

    it('puts each action on the timeline at the time it was requested, on its machine', async () => {
      const ctx = await runOn(defenderMachineActions, file);
      expect(ctx.allEvents.map((e) => [e.time, e.host, e.message])).toEqual([
        [us('2018-12-04T12:43:57.201Z', 191), 'desktop-39g9tgl', 'CollectInvestigationPackage on desktop-39g9tgl: succeeded (test)'],
        [
          us('2018-12-04T12:18:27.129Z', 348),
          'desktop-39g9tgl',
          'RunAntiVirusScan on desktop-39g9tgl: succeeded (Check machine for viruses due to alert 3212)',
        ],
        [us('2018-12-04T12:15:40.605Z', 202), 'desktop-39g9tgl', 'StopAndQuarantineFile on desktop-39g9tgl: succeeded (test)'],
      ]);
      expect(ctx.allEvents[2]!.attributes).toMatchObject({ requestor: 'Analyst@contoso.com', fileIdentifier: 'a0c659857ccbe457fdaf5fe21d54efdcbf6f6508' });
    });

    it("imports end to end into one case with three actions, three events and four entities (two named, two found in the events' attributes)", async () => {
      const { report, cases } = await importIntoNewVault(tempDir(), { file });
      expect(report.format).toBe('defender-machine-actions');
      expect(cases).toHaveLength(1);
      expect(cases[0]!.state.case.title).toBe('Import of machine-actions.json');
      expect(cases[0]!.counts).toMatchObject({ actions: 3, events: 3, entities: 4, alerts: 0 });
      // The requestor's address (and its domain) are in the events' attributes, not their messages; machineId's 40 hex digits are an id, not a SHA-1.
      const keys = cases[0]!.entityKeys;
      expect(keys).toEqual(expect.arrayContaining(['emailAddress analyst@contoso.com', 'domain contoso.com', 'hash a0c659857ccbe457fdaf5fe21d54efdcbf6f6508']));
      expect(keys).not.toContain('hash f46b9bb259ed4a7fb9981b73510e3cc7aa81ec1f');
      expect([...cases[0]!.state.actions.values()].map((a) => a.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);
    });
  });

  it('keeps a Pending action pending, so it can be reviewed in the case (end to end)', async () => {
    const file = path.join(tempDir(), 'pending.json');
    await writeFile(file, JSON.stringify({ '@odata.context': 'https://api.securitycenter.microsoft.com/api/$metadata#MachineActions/$entity', ...action() }));
    const { report, cases } = await importIntoNewVault(tempDir(), { file });
    expect(report.format).toBe('defender-machine-actions');
    const [only] = [...cases[0]!.state.actions.values()];
    expect(only).toMatchObject({
      type: 'Isolate',
      status: 'pending',
      target: 'ws-042.contoso.com',
      comment: 'Contain while we look',
      createdAt: '2024-03-01T11:00:00.123456Z',
    });
  });

  it('maps every status in any casing; an unknown status is pending, with a warning', async () => {
    const statuses = ['Pending', 'InProgress', 'SUCCEEDED', 'failed', 'TimeOut', 'Cancelled', 'canceled', 'Exploded'];
    const ctx = await runOnText(defenderMachineActions, JSON.stringify({ value: statuses.map((status, i) => action({ id: `a${i}`, status })) }));
    expect(ctx.actions.map((a) => a.record.status)).toEqual(['pending', 'inProgress', 'succeeded', 'failed', 'failed', 'cancelled', 'cancelled', 'pending']);
    expect(ctx.warnings).toEqual(['unknown action status "Exploded"; read as "pending"']);
  });

  it('targets the machine id when the action has no DNS name', async () => {
    const ctx = await runOnText(defenderMachineActions, JSON.stringify(action({ computerDnsName: null })));
    expect(ctx.actions[0]!.record.target).toBe('1e5bc9d7e413ddd7902c2932e418702b84d0cc07');
    expect(ctx.allEvents[0]!.host).toBe('');
  });

  it('reports an action without an id or type by record and goes on', async () => {
    const ctx = await runOnText(defenderMachineActions, JSON.stringify({ value: [action({ id: '' }), action({ type: null }), action()] }));
    expect(ctx.invalids).toEqual([
      { position: { record: 1 }, field: 'id', reason: 'the machine action has no id' },
      { position: { record: 2 }, field: 'type', reason: 'the machine action has no type' },
    ]);
    expect(ctx.actions).toHaveLength(1);
  });

  it('names a broken time by record and field', async () => {
    const ctx = await runOnText(defenderMachineActions, JSON.stringify({ value: [action({ creationDateTimeUtc: '04/12/2018 12:43' })] }));
    expect(ctx.invalids).toEqual([
      { position: { record: 1 }, field: 'creationDateTimeUtc', reason: '"04/12/2018 12:43" is not a time this importer understands' },
    ]);
    expect(ctx.actions[0]!.record.createdAt).toBeNull();
  });

  it('refuses a truncated file and a file of something else', async () => {
    await expect(runOnText(defenderMachineActions, '{"value": [{"id": "x", "type": "Isolate"', 'cut.json')).rejects.toThrow(
      'cut.json: not valid JSON at line 1, column 41 (byte 40): the document ends early (is the file truncated?)',
    );
    await expect(runOnText(defenderMachineActions, '{"value": [{"name": "not an action"}]}', 'other.json')).rejects.toThrow(
      'other.json: no Defender for Endpoint machine action in the file',
    );
  });
});
