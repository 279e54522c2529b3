import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../../tests/unit/support/temp-dir';
import { formatTestEngine } from '../../../tests/unit/support/format-engine';
import { HAS_SAMPLES, NO_SAMPLES_REASON, sample } from '../../../tests/unit/support/samples';

/**
 * Zeek, Suricata, CloudTrail and osquery files through the whole pipeline,
 * as the app and the CLI run them: detected by content, imported into a new
 * encrypted case (all or nothing, or skipping bad records when asked), and
 * the timeline queried back.
 */

const tempDir = useTempDirs();

const engine = () => formatTestEngine(tempDir(), 'network and cloud formats test');

const ZEEK_CONN = [
  '#separator \\x09',
  '#set_separator\t,',
  '#empty_field\t(empty)',
  '#unset_field\t-',
  '#path\tconn',
  '#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto',
  '#types\ttime\tstring\taddr\tport\taddr\tport\tenum',
  '1541117137.618695\tC1\t172.16.9.233\t49159\t172.16.9.5\t88\ttcp',
  '1541117137.7\tC2\t172.16.9.233\t49160',
  '1541117138.000001\tC3\t172.16.9.233\t49161\t172.16.9.5\t445\ttcp',
].join('\n');

describe('network and cloud formats end to end', () => {
  it('a gzipped Zeek log with a bad line: refused whole naming the line, or imported without it when asked', async () => {
    const { call, write, attempt } = await engine();
    const file = write('conn.log.gz', gzipSync(ZEEK_CONN));
    const preview = await call('import.preview', { file });
    expect(preview.format).toBe('zeek');
    const refused = await attempt('import.start', { taskId: 't1', file });
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.error.message).toContain('conn.log.gz: line 9: has 4 fields, the #fields header names 7');
    expect((await call('cases.list', {})).cases).toEqual([]);

    const { report } = await call('import.start', { taskId: 't2', file, skipInvalid: true });
    expect(report).toMatchObject({ format: 'zeek', counts: { events: 2 }, skippedTotal: 1, zonelessTimes: 0 });
    const page = await call('timeline.page', { caseId: report.caseIds[0]!, filter: { text: '445' }, limit: 10 });
    expect(page.events.map((e) => [e.time, e.source, e.message])).toEqual([[1541117138000001, 'zeek conn', 'tcp 172.16.9.233:49161 → 172.16.9.5:445']]);
  });

  describe.skipIf(!HAS_SAMPLES)(HAS_SAMPLES ? 'on the samples' : NO_SAMPLES_REASON, () => {
    it.each([
      ['zeek', 'zeek/wrccdc-notice.log', 207],
      ['zeek', 'zeek/otrf-apt29-NASHUA_files.log', 379],
      ['suricata-eve', 'suricata/zeus-eve.json', 869],
      ['cloudtrail', 'cloudtrail/awslib-SerializerTestFileCompact.json.gz', 6],
      ['osquery', 'osquery/elastic-osqueryd-results-tail.log', 24],
    ])('%s: %s is detected and imported whole (%i events)', async (format, file, events) => {
      const { call } = await engine();
      const { report } = await call('import.start', { taskId: 't', file: sample('more', ...file.split('/')) });
      expect(report).toMatchObject({ format, counts: { events }, skippedTotal: 0, zonelessTimes: 0 });
      const page = await call('timeline.page', { caseId: report.caseIds[0]!, filter: {}, limit: 1 });
      expect(page.events).toHaveLength(1);
    });
  });
});
