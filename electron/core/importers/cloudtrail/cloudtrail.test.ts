import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { runImporter, us } from '../../../../tests/unit/support/import-harness';
import { HAS_SAMPLES, NO_SAMPLES_REASON, sample } from '../../../../tests/unit/support/samples';
import { readSample } from '../registry';
import { cloudtrail } from './cloudtrail';

const CT = (file: string) => sample('more', 'cloudtrail', file);
const sniffBytes = (b: Buffer) => cloudtrail.sniff({ name: 'x', size: b.length, head: b, text: b.toString('utf8') });

const consoleLogin = {
  eventVersion: '1.08',
  userIdentity: { type: 'IAMUser', principalId: 'AIDAEXAMPLE', arn: 'arn:aws:iam::123456789012:user/alice', accountId: '123456789012', userName: 'alice' },
  eventTime: '2023-05-01T10:11:12Z',
  eventSource: 'signin.amazonaws.com',
  eventName: 'ConsoleLogin',
  awsRegion: 'us-east-1',
  sourceIPAddress: '198.51.100.23',
  userAgent: 'Mozilla/5.0',
  errorMessage: 'Failed authentication',
  responseElements: { ConsoleLogin: 'Failure' },
  eventID: 'e1',
  eventType: 'AwsConsoleSignIn',
  recipientAccountId: '123456789012',
};
const assumed = {
  userIdentity: {
    type: 'AssumedRole',
    arn: 'arn:aws:sts::123456789012:assumed-role/Admin/bob',
    sessionContext: { sessionIssuer: { type: 'Role', userName: 'Admin' } },
  },
  eventTime: '2023-05-01T10:12:00.123456Z',
  eventSource: 's3.amazonaws.com',
  eventName: 'GetObject',
  awsRegion: 'eu-west-1',
  sourceIPAddress: '203.0.113.9',
  errorCode: 'AccessDenied',
  requestParameters: { bucketName: 'payroll', key: 'q1.xlsx' },
  eventType: 'AwsApiCall',
};

describe('AWS CloudTrail', () => {
  it('maps each record: eventTime, who, what, where, the error; every field a dotted attribute; compact, pretty and gzipped alike', async () => {
    const doc = { Records: [consoleLogin, assumed] };
    for (const [name, bytes] of [
      ['compact.json', Buffer.from(JSON.stringify(doc))],
      ['pretty.json', Buffer.from(JSON.stringify(doc, null, 4))],
      ['delivered.json.gz', gzipSync(JSON.stringify(doc))],
    ] as const) {
      expect(sniffBytes(bytes), name).toBe(0.95);
      const r = await runImporter(cloudtrail, bytes, { name, chunk: 100 });
      expect(r.error).toBeNull();
      expect(r.events[0]).toMatchObject({
        time: us('2023-05-01T10:11:12Z'),
        timestampDesc: 'AwsConsoleSignIn',
        message: 'signin.amazonaws.com ConsoleLogin by alice from 198.51.100.23 in us-east-1',
        source: 'cloudtrail signin.amazonaws.com',
        user: 'alice',
        tags: [],
      });
      expect(r.events[0]!.attributes).toMatchObject({
        'userIdentity.arn': 'arn:aws:iam::123456789012:user/alice',
        'responseElements.ConsoleLogin': 'Failure',
        recipientAccountId: '123456789012',
      });
      expect(r.events[1]).toMatchObject({
        time: us('2023-05-01T10:12:00.123Z') + 456,
        message: 's3.amazonaws.com GetObject by Admin from 203.0.113.9 in eu-west-1 failed: AccessDenied',
        user: 'arn:aws:sts::123456789012:assumed-role/Admin/bob',
        tags: ['error'],
      });
      expect(r.events[1]!.attributes).toMatchObject({ 'requestParameters.bucketName': 'payroll', errorCode: 'AccessDenied' });
      expect(r.entities.map((e) => `${e.type}:${e.key}`)).toEqual(expect.arrayContaining(['ip:198.51.100.23', 'user:alice']));
    }
  });

  it('reads lookup-events answers, names bad records by number, refuses broken JSON, a non-CloudTrail document and a gzip bomb', async () => {
    const lookup = { Events: [{ EventId: 'e1', CloudTrailEvent: JSON.stringify(consoleLogin) }] };
    expect((await runImporter(cloudtrail, Buffer.from(JSON.stringify(lookup)), { name: 'lookup.json' })).events.map((e) => e.message)).toEqual([
      'signin.amazonaws.com ConsoleLogin by alice from 198.51.100.23 in us-east-1',
    ]);

    const bad = { Records: [consoleLogin, 'oops', { ...assumed, eventTime: 'Tuesday' }, { ...assumed, eventTime: undefined }] };
    const r = await runImporter(cloudtrail, Buffer.from(JSON.stringify(bad)), { name: 'bad.json' });
    expect(r.events).toHaveLength(1);
    expect(r.invalid).toEqual([
      'bad.json: record 2: not a JSON object (a CloudTrail record is one)',
      'bad.json: record 3, field "eventTime": "Tuesday" is not a time this importer understands',
      'bad.json: record 4, field "eventTime": the time is missing',
    ]);

    const cut = await runImporter(cloudtrail, Buffer.from(JSON.stringify({ Records: [consoleLogin] }).slice(0, 80)), { name: 'cut.json' });
    expect(cut.error?.message).toMatch(/^cut\.json: not valid JSON: /);
    const other = await runImporter(cloudtrail, Buffer.from('{"value": []}'), { name: 'other.json' });
    expect(other.error?.message).toBe('other.json: not a CloudTrail log file: no "Records" list');

    const bomb = gzipSync(Buffer.concat([Buffer.from('{"Records":['), Buffer.alloc(80 * 1024 ** 2, ' ')]));
    const refused = await runImporter(cloudtrail, bomb, { name: 'bomb.json.gz' });
    expect(refused.error?.message).toBe(
      `bomb.json.gz: the gzip data inflates past ${64 * 1024 ** 2} bytes from ${bomb.length} compressed: refused as a likely gzip bomb`,
    );
  });

  it('claims CloudTrail documents only', () => {
    expect(sniffBytes(Buffer.from('{"Records": [{"eventVersion": "1.08"}]}'))).toBe(0.95);
    expect(sniffBytes(Buffer.from('{"Records": [{"s3": {}}]}'))).toBe(0);
    expect(sniffBytes(Buffer.from('{"value": [{"eventName": "x"}]}'))).toBe(0);
  });

  describe.skipIf(!HAS_SAMPLES)(HAS_SAMPLES ? 'on the CloudTrail samples' : NO_SAMPLES_REASON, () => {
    it.each(['awslib-SerializerTestFile.json', 'awslib-SerializerTestFileCompact.json.gz'])('%s: 6 records, the first field by field', async (file) => {
      expect(cloudtrail.sniff(await readSample(CT(file), file))).toBe(0.95);
      const r = await runImporter(cloudtrail, CT(file));
      expect(r.error).toBeNull();
      expect(r.invalidTotal).toBe(0);
      expect(r.events).toHaveLength(6);
      // "userIdentity": {"type": "userIdentityType1", ..., "userName": "userIdentityUserName1"}, "eventTime": "2013-11-01T00:00:00Z",
      // "eventSource": "eventSource1", "eventName": "eventName1", "awsRegion": "awsRegion1", "sourceIPAddress": "sourceIPAddress1", "errorCode": "errorCode1", "errorMessage": "errorMessage1"
      expect(r.events[0]).toMatchObject({
        time: us('2013-11-01T00:00:00Z'),
        timestampDesc: 'AwsApiCall',
        message: 'eventSource1 eventName1 by userIdentityUserName1 from sourceIPAddress1 in awsRegion1 failed: errorCode1 (errorMessage1)',
        source: 'cloudtrail eventSource1',
        host: '',
        user: 'userIdentityUserName1',
      });
      expect(r.events[0]!.attributes).toMatchObject({
        eventVersion: '1.1',
        'userIdentity.accessKeyId': 'userIdentityAccessKeyId1',
        'requestParameters.clusterIdentifier': 'my-redshift-cluster',
        'responseElements.loggingEnabled': 'false',
        recipientAccountId: 'recipientAccountId1',
      });
      expect(r.events[1]!.attributes['requestParameters.parameters']).toBe(
        '[{"isModifiable":false,"parameterValue":"2","parameterName":"extra_float_digits"}]',
      );
    });
  });
});
