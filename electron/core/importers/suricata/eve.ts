import type { ImportContext, Importer, Sample } from '../types';
import { ImportProblem } from '../problems';
import { assertText } from '../text-lines';
import { eachExactJsonLine } from '../exact-json';
import { gunzipHead, isGzip, maybeGunzip } from '../gzip';
import { attributesOf, flatten } from '../json-fields';
import { peek } from '../peek';
import { eveMessage } from './eve-messages';

/**
 * Suricata's EVE JSON log (`eve.json`, gzipped when rotated): one JSON
 * object per line, each an event of its `event_type` (alert, flow, dns,
 * dhcp, http, tls, fileinfo, stats, anomaly...) at its `timestamp`, which
 * Suricata writes with a colon-less offset (`-0500`). Nested objects become
 * dotted attributes (`alert.signature`); `flow_id` and other 64-bit numbers
 * are kept as their exact digits. The host is left empty: Suricata sees a
 * network, and its `host` field names the sensor (kept as an attribute).
 */

function looksLikeEve(line: string): boolean {
  let row: unknown;
  try {
    row = JSON.parse(line);
  } catch {
    return false;
  }
  if (typeof row !== 'object' || row === null || Array.isArray(row)) return false;
  const r = row as Record<string, unknown>;
  if (typeof r.timestamp !== 'string' || typeof r.event_type !== 'string') return false;
  return 'src_ip' in r || 'flow_id' in r || r.event_type === 'stats' || r.event_type in r;
}

export const suricataEve: Importer = {
  format: 'suricata-eve',
  label: 'Suricata EVE JSON',
  sniff(sample: Sample): number {
    const text = (isGzip(sample.head) ? gunzipHead(sample.head) : sample.text).replace(/^\uFEFF/, '').trimStart();
    return looksLikeEve(text.split('\n', 1)[0]!.trim()) ? 0.95 : 0;
  },
  async run(ctx: ImportContext): Promise<void> {
    const content = maybeGunzip(ctx.open(), { file: ctx.file, compressedSize: ctx.size, onBytes: (n) => ctx.bytes(n) });
    const { head, all, close } = await peek(content);
    // A file refused on its head alone is closed here, not by the garbage collector.
    try {
      if (head.length === 0) throw new ImportProblem(`${ctx.file}: the file is empty`);
      assertText(head, ctx.file);
      const columns = new Set<string>();
      let seen = 0;
      await eachExactJsonLine(all, ctx, (object, line) => {
        const row = flatten(object);
        if (seen++ < 100) {
          for (const key in row) columns.add(key);
          ctx.columns([...columns]);
        }
        const type = typeof row.event_type === 'string' ? row.event_type : '';
        if (!type) {
          ctx.invalid({ position: { line }, field: 'event_type', reason: 'the record has no event_type: not a Suricata EVE event' });
          return;
        }
        const time = ctx.time(row.timestamp, { line }, 'timestamp');
        if (time === null) return;
        ctx.event({
          time,
          timestampDesc: type === 'alert' ? 'Alert Raised' : 'Event Logged',
          message: eveMessage(type, row),
          source: `suricata ${type}`,
          host: '',
          user: '',
          tags: [],
          attributes: attributesOf(row),
        });
      });
    } finally {
      await close();
    }
  },
};
