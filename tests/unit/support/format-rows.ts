import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { TimelineEvent } from '../../../shared/domain/timeline';
import { sample } from './samples';

/**
 * One row per import format for the closing note's table (format-table.test.ts): a sample (a real
 * file of the corpus where there is one, else a fixture), its event count, one record as Casebook
 * shows it (time, host, user, message), and the same record's fields as its source writes them.
 * `source` reads those fields from the file itself where it is JSON, and from the event's
 * attributes where the importer keeps the source's fields verbatim (CSV columns, EVTX fields).
 */

export interface FormatRow {
  format: string;
  /** Path shown in the table (relative to the corpus or the repository). */
  shown: string;
  /** The file to import; null: no sample of this format exists (`missing` says what tests it). */
  file: string | null;
  /** Built before the import (a tar of a sample, YAML from a JSON sample). */
  build?: () => Buffer;
  needsSamples: boolean;
  events: number;
  pick?: (events: TimelineEvent[]) => TimelineEvent;
  casebook: { time: string; host: string; user: string; message: string };
  source: (event: TimelineEvent) => Record<string, string>;
  expectedSource: Record<string, string>;
  missing?: string;
}

export const FIXTURES = path.resolve(__dirname, '../../fixtures/ez-tools');
export const json = (file: string): unknown => JSON.parse(readFileSync(file, 'utf8'));
export const attrs =
  (...names: string[]) =>
  (e: TimelineEvent) =>
    Object.fromEntries(names.map((n) => [n, e.attributes[n] ?? '']));
export const corpus = (...parts: string[]) => ({ shown: parts.join('/'), file: sample(...parts), needsSamples: true });

/** Incidents, alerts, portal exports and timelines. */
export const CASE_AND_TIMELINE_ROWS: FormatRow[] = [
  {
    format: 'graph-security',
    ...corpus('defender', 'graph-incident-with-alert.json'),
    events: 8,
    casebook: {
      time: '2021-08-13T08:43:35.553333Z',
      host: '',
      user: '',
      message: 'Multi-stage incident involving Initial access & Command and control on multiple endpoints reported by multiple sources',
    },
    source: () => {
      const i = json(sample('defender', 'graph-incident-with-alert.json')) as Record<string, string>;
      return { createdDateTime: i.createdDateTime!, displayName: i.displayName!, id: i.id! };
    },
    expectedSource: {
      createdDateTime: '2021-08-13T08:43:35.5533333Z',
      displayName: 'Multi-stage incident involving Initial access & Command and control on multiple endpoints reported by multiple sources',
      id: '2972395',
    },
  },
  {
    format: 'defender-machine-actions',
    ...corpus('defender', 'machine-actions.json'),
    events: 3,
    casebook: {
      time: '2018-12-04T12:43:57.201191Z',
      host: 'desktop-39g9tgl',
      user: '',
      message: 'CollectInvestigationPackage on desktop-39g9tgl: succeeded (test)',
    },
    source: () => {
      const a = (json(sample('defender', 'machine-actions.json')) as { value: Record<string, string>[] }).value[0]!;
      return { creationDateTimeUtc: a.creationDateTimeUtc!, computerDnsName: a.computerDnsName!, type: a.type!, status: a.status! };
    },
    expectedSource: {
      creationDateTimeUtc: '2018-12-04T12:43:57.2011911Z',
      computerDnsName: 'desktop-39g9tgl',
      type: 'CollectInvestigationPackage',
      status: 'Succeeded',
    },
  },
  {
    format: 'sentinel',
    ...corpus('sentinel', 'rest-incident.json'),
    events: 1,
    casebook: { time: '2019-01-01T13:15:30.000000Z', host: '', user: '', message: 'Myincident' },
    source: () => {
      const p = (json(sample('sentinel', 'rest-incident.json')) as { properties: Record<string, string> }).properties;
      return { 'properties.createdTimeUtc': p.createdTimeUtc!, 'properties.title': p.title! };
    },
    expectedSource: { 'properties.createdTimeUtc': '2019-01-01T13:15:30Z', 'properties.title': 'Myincident' },
  },
  {
    format: 'microsoft-csv',
    ...corpus('more', 'defender-ah', 'dafneb-advanced_hunting_test.csv'),
    events: 26,
    casebook: { time: '2023-10-18T14:37:28.201226Z', host: 'test-hostname', user: 'nt authority\\system', message: 'AntivirusScanCompleted by msmpeng.exe' },
    source: attrs('DeviceName', 'ActionType', 'InitiatingProcessAccountDomain', 'InitiatingProcessAccountName', 'InitiatingProcessFileName'),
    expectedSource: {
      DeviceName: 'test-hostname',
      ActionType: 'AntivirusScanCompleted',
      InitiatingProcessAccountDomain: 'nt authority',
      InitiatingProcessAccountName: 'system',
      InitiatingProcessFileName: 'msmpeng.exe',
    },
  },
  {
    format: 'timesketch-csv',
    ...corpus('timesketch', 'evtx_direct.csv'),
    events: 13,
    casebook: {
      time: '2012-03-14T04:17:38.276340Z',
      host: 'WKS-WIN764BITB.shieldbase.local',
      user: '',
      message:
        "[7036 / 0x1b7c] Source Name: Service Control Manager Message string: The Windows Modules Installer service entered the stopped state. Strings: ['Windows Modules Installer', 'stopped', '540072007500730074006500640049006E007300740061006C006C00650072002F0031000000'] Computer Name: WKS-WIN764BITB.shieldbase.local Record Number: 12050 Event Level: 4",
    },
    source: attrs('computer_name', 'event_identifier', 'record_number'),
    expectedSource: { computer_name: 'WKS-WIN764BITB.shieldbase.local', event_identifier: '7036', record_number: '12050' },
  },
  {
    format: 'timesketch-jsonl',
    ...corpus('timesketch', 'sigma_events.jsonl'),
    events: 5,
    casebook: { time: '2015-07-24T19:01:01.000000Z', host: '', user: '', message: 'A message' },
    source: () => {
      const first = JSON.parse(readFileSync(sample('timesketch', 'sigma_events.jsonl'), 'utf8').split('\n')[0]!) as Record<string, string>;
      return { datetime: first.datetime!, message: first.message!, timestamp_desc: first.timestamp_desc! };
    },
    expectedSource: { datetime: '2015-07-24T19:01:01+00:00', message: 'A message', timestamp_desc: 'Write time' },
  },
  {
    format: 'plaso-jsonl',
    ...corpus('timesketch', 'plaso-json_line-centos-sshd.jsonl'),
    events: 2002,
    casebook: {
      time: '2022-10-07T11:39:03.000000Z',
      host: 'centos9-stream',
      user: '',
      message: '[sshd] [2111389]: Failed password for root from 192.168.40.6 port 50352 ssh2',
    },
    source: attrs('body', 'reporter', 'filename'),
    expectedSource: { body: '[2111389]: Failed password for root from 192.168.40.6 port 50352 ssh2', reporter: 'sshd', filename: '/var/log/secure' },
  },
  {
    format: 'plaso-storage',
    ...corpus('plaso', 'evtx_20250918.plaso'),
    events: 3205,
    casebook: { time: '2025-09-24T12:51:06.357517Z', host: '', user: '', message: 'OS:/data/System.evtx Type: file' },
    source: attrs('data_type', 'display_name', 'access_time'),
    expectedSource: {
      data_type: 'fs:stat',
      display_name: 'OS:/data/System.evtx',
      access_time: '{"__class_name__":"PosixTimeInNanoseconds","__type__":"DateTimeValues","timestamp":1758718266357516500}',
    },
  },
];
