import type { ImportContext, Importer, Sample } from '../types';
import { ImportProblem } from '../problems';
import { assertText } from '../text-lines';
import { parseExactJson } from '../exact-json-parse';
import { gunzipHead, isGzip, maybeGunzip } from '../gzip';
import { attributesOf, flatten, type Fields } from '../json-fields';

/**
 * AWS CloudTrail log files as delivered to S3: one JSON document
 * `{"Records": [...]}`, pretty-printed or compact, usually gzipped
 * (`.json.gz`). Also the answer of `aws cloudtrail lookup-events`
 * (`{"Events": [{"CloudTrailEvent": "<JSON text>"}]}`). Each record is an
 * event at its `eventTime`: who (userIdentity) called what
 * (eventSource/eventName) from where (sourceIPAddress, awsRegion), and the
 * errorCode when the call failed. Every field is a dotted attribute
 * (`userIdentity.arn`, `requestParameters.bucketName`). A document is parsed
 * whole, so it is held to a size limit; bad records are named by number.
 */

/** CloudTrail delivers files of a few MB; a document past this must be split. */
export const MAX_DOCUMENT_BYTES = 256 * 1024 ** 2;

const START = /^\s*\{\s*"(Records|Events)"\s*:\s*\[/;
const CLOUDTRAIL_FIELD = /"(eventVersion|eventSource|eventName|eventTime|CloudTrailEvent)"\s*:/;

function text(v: unknown): string {
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '';
}

/** Who made the call, as CloudTrail names them: a user name, else the role behind a session, else the ARN or principal. */
function actor(row: Fields): string {
  return (
    text(row['userIdentity.userName']) ||
    text(row['userIdentity.sessionContext.sessionIssuer.userName']) ||
    text(row['userIdentity.arn']) ||
    text(row['userIdentity.principalId']) ||
    text(row['userIdentity.invokedBy']) ||
    text(row['userIdentity.type'])
  );
}

function message(row: Fields): string {
  const who = actor(row);
  const from = text(row.sourceIPAddress);
  const region = text(row.awsRegion);
  const error = text(row.errorCode);
  const detail = text(row.errorMessage);
  return (
    `${text(row.eventSource) || '?'} ${text(row.eventName) || '?'}` +
    (who ? ` by ${who}` : '') +
    (from ? ` from ${from}` : '') +
    (region ? ` in ${region}` : '') +
    (error ? ` failed: ${error}${detail ? ` (${detail})` : ''}` : '')
  );
}

async function readDocument(ctx: ImportContext): Promise<string> {
  const parts: Buffer[] = [];
  let total = 0;
  for await (const chunk of maybeGunzip(ctx.open(), { file: ctx.file, compressedSize: ctx.size, onBytes: (n) => ctx.bytes(n) })) {
    total += chunk.length;
    if (total > MAX_DOCUMENT_BYTES)
      throw new ImportProblem(`${ctx.file}: a CloudTrail document over ${MAX_DOCUMENT_BYTES / 2 ** 20} MiB; split it into files of fewer records`);
    parts.push(chunk);
  }
  const all = Buffer.concat(parts);
  if (all.length === 0) throw new ImportProblem(`${ctx.file}: the file is empty`);
  assertText(all, ctx.file);
  return all.toString('utf8').replace(/^\uFEFF/, '');
}

/** The records of the document, each with its number (1-based) in it. */
function recordsOf(ctx: ImportContext, doc: unknown): unknown[] {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc))
    throw new ImportProblem(`${ctx.file}: not a CloudTrail log file: the document is not a JSON object`);
  const d = doc as Record<string, unknown>;
  if (Array.isArray(d.Records)) return d.Records;
  if (Array.isArray(d.Events)) {
    // lookup-events: each record is JSON text inside CloudTrailEvent.
    return d.Events.map((e) => {
      const inner = e && typeof e === 'object' ? (e as Record<string, unknown>).CloudTrailEvent : undefined;
      if (typeof inner !== 'string') return e;
      try {
        return parseExactJson(inner);
      } catch {
        return inner;
      }
    });
  }
  throw new ImportProblem(`${ctx.file}: not a CloudTrail log file: no "Records" list`);
}

export const cloudtrail: Importer = {
  format: 'cloudtrail',
  label: 'AWS CloudTrail log files',
  sniff(sample: Sample): number {
    const head = (isGzip(sample.head) ? gunzipHead(sample.head) : sample.text).replace(/^\uFEFF/, '');
    return START.test(head) && CLOUDTRAIL_FIELD.test(head.slice(0, 64 * 1024)) ? 0.95 : 0;
  },
  async run(ctx: ImportContext): Promise<void> {
    let doc: unknown;
    const source = await readDocument(ctx);
    try {
      doc = parseExactJson(source);
    } catch (err) {
      throw new ImportProblem(`${ctx.file}: not valid JSON: ${(err as Error).message}`);
    }
    const records = recordsOf(ctx, doc);
    const columns = new Set<string>();
    for (let i = 0; i < records.length; i++) {
      const item = records[i];
      const position = { record: i + 1 };
      if (typeof item !== 'object' || item === null || Array.isArray(item)) {
        ctx.invalid({ position, field: null, reason: 'not a JSON object (a CloudTrail record is one)' });
        continue;
      }
      const row = flatten(item as Record<string, unknown>);
      if (i < 100) {
        for (const key in row) columns.add(key);
        ctx.columns([...columns]);
      }
      const time = ctx.time(row.eventTime, position, 'eventTime');
      if (time === null) continue;
      const user = text(row['userIdentity.userName']) || text(row['userIdentity.arn']) || text(row['userIdentity.principalId']);
      ctx.event({
        time,
        timestampDesc: text(row.eventType) || 'Event Time',
        message: message(row),
        source: row.eventSource ? `cloudtrail ${text(row.eventSource)}` : 'cloudtrail',
        host: '',
        user,
        tags: row.errorCode ? ['error'] : [],
        attributes: attributesOf(row),
      });
      if (i % 1000 === 999) await ctx.checkpoint();
    }
  },
};
