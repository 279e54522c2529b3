import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { runImporter, us } from '../../../../tests/unit/support/import-harness';
import { HAS_SAMPLES, NO_SAMPLES_REASON, sample } from '../../../../tests/unit/support/samples';
import { readSample } from '../registry';
import { unescapeZeek } from './zeek-tsv';
import { zeek } from './zeek';

const ZEEK = (file: string) => sample('more', 'zeek', file);

/** Each sample imported once for all the tests that read it (the DNS log alone is 53,615 records). */
const imports = new Map<string, ReturnType<typeof runImporter>>();
function imported(file: string): ReturnType<typeof runImporter> {
  let r = imports.get(file);
  if (!r) imports.set(file, (r = runImporter(zeek, ZEEK(file))));
  return r;
}

const sniffText = (text: string) => zeek.sniff({ name: 'x', size: text.length, head: Buffer.from(text), text });

/** A Zeek TSV log with the given fields, types and record lines (fields joined by tabs). */
function tsv(path: string, fields: string[], types: string[], rows: string[][]): string {
  return [
    '#separator \\x09',
    '#set_separator\t,',
    '#empty_field\t(empty)',
    '#unset_field\t-',
    `#path\t${path}`,
    '#open\t2025-11-23-10-29-51',
    `#fields\t${fields.join('\t')}`,
    `#types\t${types.join('\t')}`,
    ...rows.map((r) => r.join('\t')),
    '#close\t2025-11-23-10-29-58',
    '',
  ].join('\n');
}

const HTTP_FIELDS = [
  'ts',
  'uid',
  'id.orig_h',
  'id.orig_p',
  'id.resp_h',
  'id.resp_p',
  'method',
  'host',
  'uri',
  'status_code',
  'username',
  'tags',
  'resp_mime_types',
  'proxied',
];
const HTTP_TYPES = ['time', 'string', 'addr', 'port', 'addr', 'port', 'string', 'string', 'string', 'count', 'string', 'set[enum]', 'vector[string]', 'bool'];

describe('Zeek TSV escaping', () => {
  it('undoes \\xNN (UTF-8 runs too) and \\\\, and leaves other backslashes alone', () => {
    expect(unescapeZeek('a\\x09b')).toBe('a\tb');
    expect(unescapeZeek('O=VMware\\\\, Inc')).toBe('O=VMware\\, Inc');
    expect(unescapeZeek('caf\\xc3\\xa9 \\x2c')).toBe('café ,');
    expect(unescapeZeek('C:\\temp\\x')).toBe('C:\\temp\\x');
  });
});

describe('Zeek logs', () => {
  it('TSV: every field an attribute, (empty) kept and - left out, escaped separators inside values and sets, exact µs', async () => {
    const log = tsv('http', HTTP_FIELDS, HTTP_TYPES, [
      [
        '1541117384.029579',
        'CtZ1cHw17K73dSU2l',
        '172.16.9.233',
        '52028',
        '185.119.175.82',
        '8080',
        'GET',
        'evil.example',
        '/a\\x09b?q=1',
        '403',
        'bob',
        '(empty)',
        'text/html,a\\x2cb',
        'F',
      ],
      ['1541117384.1', 'C2', '10.0.0.1', '1', '10.0.0.2', '80', '-', '-', '-', '-', '-', '-', '-', '-'],
    ]);
    const r = await runImporter(zeek, Buffer.from(log), { name: 'http.log', chunk: 100 });
    expect(r.error).toBeNull();
    expect(r.invalid).toEqual([]);
    expect(r.events).toHaveLength(2);
    expect(r.events[0]).toEqual({
      time: us('2018-11-02T00:09:44Z') + 29_579,
      timestampDesc: 'HTTP Request',
      message: 'GET http://evil.example:8080/a\tb?q=1 → 403; 172.16.9.233:52028 → 185.119.175.82:8080',
      source: 'zeek http',
      host: '',
      user: 'bob',
      tags: [],
      attributes: {
        ts: '1541117384.029579',
        uid: 'CtZ1cHw17K73dSU2l',
        'id.orig_h': '172.16.9.233',
        'id.orig_p': '52028',
        'id.resp_h': '185.119.175.82',
        'id.resp_p': '8080',
        method: 'GET',
        host: 'evil.example',
        uri: '/a\tb?q=1',
        status_code: '403',
        username: 'bob',
        tags: '[]',
        resp_mime_types: '["text/html","a,b"]',
        proxied: 'false',
      },
    });
    // Unset fields are absent, not '-'.
    expect(r.events[1]!.attributes).toEqual({
      ts: '1541117384.1',
      uid: 'C2',
      'id.orig_h': '10.0.0.1',
      'id.orig_p': '1',
      'id.resp_h': '10.0.0.2',
      'id.resp_p': '80',
    });
    expect(r.events[1]!.time).toBe(us('2018-11-02T00:09:44.100Z'));
    expect(r.columns).toEqual(HTTP_FIELDS);
    expect(r.entities.map((e) => `${e.type}:${e.key}`)).toEqual(expect.arrayContaining(['ip:172.16.9.233', 'ip:185.119.175.82', 'user:bob']));
  });

  it('names the line and field of bad records and carries on; a second #fields header starts a new log', async () => {
    const conn = ['ts', 'uid', 'id.orig_h', 'id.orig_p', 'id.resp_h', 'id.resp_p', 'proto', 'local_orig'];
    const types = ['time', 'string', 'addr', 'port', 'addr', 'port', 'enum', 'bool'];
    const good = ['1541117137.618695', 'C1', '10.1.1.1', '5', '10.1.1.2', '53', 'udp', 'T'];
    const first = tsv('conn', conn, types, [good, good.slice(0, 5), ['soon', ...good.slice(1)], [...good.slice(0, 7), 'yes'], ['-', ...good.slice(1)]]);
    const second = tsv('weird', ['ts', 'name'], ['time', 'string'], [['1541117140.000001', 'bad_TCP_checksum']]);
    const r = await runImporter(zeek, Buffer.from(first + second), { name: 'conn.log' });
    expect(r.error).toBeNull();
    expect(r.invalid).toEqual([
      'conn.log: line 10, has 5 fields, the #fields header names 8'.replace(', has', ': has'),
      'conn.log: line 11, field "ts": "soon" is not a time this importer understands',
      'conn.log: line 12, field "local_orig": "yes" is not a Zeek bool (T or F)',
      'conn.log: line 13, field "ts": the time is missing',
    ]);
    expect(r.events.map((e) => [e.source, e.message])).toEqual([
      ['zeek conn', 'udp 10.1.1.1:5 → 10.1.1.2:53'],
      ['zeek weird', 'weird — name: bad_TCP_checksum'],
    ]);
  });

  it('JSON: ISO ts with an offset, epoch ts exact, underscore and nested id fields, long integers kept as text, bad lines by number', async () => {
    const lines = [
      '{"_path":"conn","ts":"2018-03-24T12:15:20.624556-0500","uid":"C1","id.orig_h":"10.0.0.1","id.orig_p":1,"id.resp_h":"10.0.0.2","id.resp_p":443,"proto":"tcp","orig_bytes":12345678901234567890}',
      '{"@stream":"dns","@system":"sensor-1","@proc":"zeek","ts":1588316963.457737,"id_orig_h":"10.0.1.5","id_orig_p":5353,"id_resp_h":"10.0.0.4","id_resp_p":53,"query":"evil.example","qtype_name":"A","answers":["1.2.3.4"],"rcode_name":"NOERROR"}',
      '{"ts":1588316964,"uid":"C3","id":{"orig_h":"10.0.0.9","orig_p":2,"resp_h":"10.0.0.8","resp_p":80},"method":"POST","host":"x.example","uri":"/up","status_code":200}',
      '{"ts": 1588316965, "uid": "C4",',
      '["not", "an", "object"]',
      '{"_path":"conn","ts":"yesterday"}',
    ];
    const r = await runImporter(zeek, Buffer.from(lines.join('\r\n')), { name: 'mixed.log' });
    expect(r.error).toBeNull();
    expect(r.events.map((e) => e.time)).toEqual([us('2018-03-24T17:15:20.624556Z') + 556, 1588316963457737, 1588316964000000]);
    expect(r.events[0]!.attributes.orig_bytes).toBe('12345678901234567890');
    expect(r.events[0]!.message).toBe('tcp 10.0.0.1:1 → 10.0.0.2:443 (12345678901234567890 B sent, 0 B received)');
    expect(r.events[1]).toMatchObject({ source: 'zeek dns', host: '', message: 'evil.example A → 1.2.3.4 (NOERROR); 10.0.1.5:5353 → 10.0.0.4:53' });
    expect(r.events[1]!.attributes).toMatchObject({ '@system': 'sensor-1', id_orig_h: '10.0.1.5', ts: '1588316963.457737', answers: '["1.2.3.4"]' });
    expect(r.events[2]).toMatchObject({ source: 'zeek http', message: 'POST http://x.example/up → 200; 10.0.0.9:2 → 10.0.0.8:80' });
    expect(r.events[2]!.attributes['id.orig_h']).toBe('10.0.0.9');
    expect(r.invalid).toEqual([
      expect.stringMatching(/^mixed\.log: line 4: not valid JSON: /),
      'mixed.log: line 5: not a JSON object',
      'mixed.log: line 6, field "ts": "yesterday" is not a time this importer understands',
    ]);
  });

  it('reads a gzipped log as Zeek rotates it, and refuses a gzip bomb and a truncated file clearly', async () => {
    const log = tsv('conn', ['ts', 'uid'], ['time', 'string'], [['1541117137.618695', 'C1']]);
    const gz = gzipSync(Buffer.from(log));
    expect(zeek.sniff({ name: 'conn.log.gz', size: gz.length, head: gz, text: gz.toString('utf8') })).toBe(0.95);
    const r = await runImporter(zeek, gz, { name: 'conn.log.gz', chunk: 7 });
    expect(r.error).toBeNull();
    expect(r.events.map((e) => e.time)).toEqual([1541117137618695]);

    // A Zeek header, then one 80 MiB line: about 1,000 times its compressed size.
    const bomb = gzipSync(Buffer.concat([Buffer.from(log.split('#close')[0]!), Buffer.alloc(80 * 1024 ** 2, 'x')]));
    expect(bomb.length).toBeLessThan(1024 ** 2);
    expect(zeek.sniff({ name: 'bomb.log.gz', size: bomb.length, head: bomb, text: '' })).toBe(0.95);
    const refused = await runImporter(zeek, bomb, { name: 'bomb.log.gz' });
    expect(refused.error?.message).toBe(
      `bomb.log.gz: the gzip data inflates past ${64 * 1024 ** 2} bytes from ${bomb.length} compressed: refused as a likely gzip bomb`,
    );

    const cut = await runImporter(zeek, gz.subarray(0, gz.length - 12), { name: 'cut.log.gz' });
    expect(cut.error?.message).toMatch(/^cut\.log\.gz: the gzip data is damaged or truncated \(/);
  });

  it('claims Zeek headers and Zeek-shaped JSON only', () => {
    expect(sniffText('#separator \\x09\n#set_separator\t,\n')).toBe(0.95);
    expect(sniffText('{"_path":"ssl","ts":"2018-03-24T17:15:20Z"}\n')).toBe(0.95);
    expect(sniffText('{"ts":1.5,"uid":"CDtsGz4sH4Wl9FwAs","id.orig_h":"10.0.0.1"}\n')).toBe(0.9);
    expect(sniffText('{"ts":1.5,"fuid":"FZ7E9x2gD5KHc8KoDg"}\n')).toBe(0.9);
    expect(sniffText('{"timestamp":"2024-12-17T19:17:54.565494-0500","flow_id":1,"event_type":"flow"}\n')).toBe(0);
    expect(sniffText('{"ts":1.5,"message":"hello"}\n')).toBe(0);
    expect(sniffText('# a comment\nts,uid\n')).toBe(0);
  });

  describe.skipIf(!HAS_SAMPLES)(HAS_SAMPLES ? 'on the Zeek samples' : NO_SAMPLES_REASON, () => {
    it.each([
      ['trickbot-conn.log', 13_001, 'zeek conn'],
      ['trickbot-http.log', 1_149, 'zeek http'],
      ['trickbot-files.log', 1_385, 'zeek files'],
      ['wrccdc-notice.log', 207, 'zeek notice'],
      ['wrccdc-dns.log.gz', 53_615, 'zeek dns'],
      ['wrccdc-x509.json', 348, 'zeek x509'],
      ['otrf-apt29-UTICA-A_http.log', 1, 'zeek http'],
      ['otrf-apt29-NASHUA_files.log', 379, 'zeek files'],
    ])('%s: %i events from %s', async (file, count, source) => {
      expect(zeek.sniff(await readSample(ZEEK(file), file))).toBeGreaterThanOrEqual(0.9);
      const r = await imported(file);
      expect(r.error).toBeNull();
      expect(r.invalidTotal).toBe(0);
      expect(r.zoneless).toBe(0);
      expect(r.events).toHaveLength(count);
      expect(new Set(r.events.map((e) => e.source))).toEqual(new Set([source]));
    });

    it('trickbot conn and http: the first record field by field', async () => {
      // 1541117137.618695 CYtJYz4gNk3t5ZEt2 172.16.9.233 49159 172.16.9.5 88 tcp krb_tcp 0.013561 244 292 RSTR T T 0 ShADdFar 4 416 4 464 - 6
      const conn = await imported('trickbot-conn.log');
      expect(conn.events[0]).toMatchObject({
        time: 1541117137618695,
        timestampDesc: 'Connection Start',
        message: 'tcp 172.16.9.233:49159 → 172.16.9.5:88 krb_tcp (244 B sent, 292 B received, RSTR)',
        host: '',
        user: '',
      });
      expect(conn.events[0]!.attributes).toMatchObject({
        uid: 'CYtJYz4gNk3t5ZEt2',
        duration: '0.013561',
        history: 'ShADdFar',
        local_orig: 'true',
        ip_proto: '6',
      });
      expect(conn.events[0]!.attributes.tunnel_parents).toBeUndefined();

      // line 10: ... GET bespokeutilitysolutions.co.uk /sun.sets - 1.1 - - 0 336 403 Forbidden ... (empty) ... FaazQq1XZ5sg6uW35c - text/html
      const http = await imported('trickbot-http.log');
      const forbidden = http.events.find((e) => e.attributes.uid === 'CtZ1cHw17K73dSU2l')!;
      expect(forbidden).toMatchObject({
        time: 1541117384029579,
        message: 'GET http://bespokeutilitysolutions.co.uk/sun.sets → 403 Forbidden; 172.16.9.233:52028 → 185.119.175.82:80',
      });
      expect(forbidden.attributes).toMatchObject({
        status_msg: 'Forbidden',
        tags: '[]',
        resp_fuids: '["FaazQq1XZ5sg6uW35c"]',
        resp_mime_types: '["text/html"]',
      });
      expect(forbidden.attributes.referrer).toBeUndefined();
      expect(http.entities.map((e) => `${e.type}:${e.key}`)).toEqual(expect.arrayContaining(['domain:bespokeutilitysolutions.co.uk', 'ip:185.119.175.82']));
    });

    it('notice: escaped commas in sub stay one string; dns.log.gz: answers as a list; x509 JSON: ISO ts; NASHUA files: hashes as entities', async () => {
      const notice = await imported('wrccdc-notice.log');
      expect(notice.events[0]).toMatchObject({ time: 1521911720629574, timestampDesc: 'Notice Raised' });
      expect(notice.events[0]!.attributes.sub).toBe(
        'unstructuredName=1315656901\\,564d7761726520496e632e,CN=localhost.localdomain,emailAddress=ssl-certificates@vmware.com,OU=VMware ESX Server Default Certificate,O=VMware\\, Inc,L=Palo Alto,ST=California,C=US',
      );
      expect(notice.events[0]!.message).toMatch(
        /^SSL::Invalid_Server_Cert: SSL certificate validation failed with \(unable to get local issuer certificate\) \(unstructuredName=.*; 10\.164\.94\.120 → 10\.47\.3\.200:443$/,
      );

      const dns = await imported('wrccdc-dns.log.gz');
      expect(dns.events[0]).toMatchObject({
        time: 1521911720865716,
        message: 'ise.wrccdc.org A → ise.wrccdc.cpp.edu, 134.71.3.16 (NOERROR); 10.47.1.100:41772 → 10.0.0.100:53',
      });
      expect(dns.events[0]!.attributes).toMatchObject({
        answers: '["ise.wrccdc.cpp.edu","134.71.3.16"]',
        TTLs: '["2230.000000","41830.000000"]',
        rejected: 'false',
      });

      const x509 = await imported('wrccdc-x509.json');
      expect(x509.events[0]).toMatchObject({ time: us('2018-03-24T17:15:20.624Z') + 556, timestampDesc: 'Certificate Seen' });
      expect(x509.events[0]!.attributes).toMatchObject({
        'certificate.serial': 'CC57FE54011E',
        'certificate.not_valid_after': '2023-03-11T12:15:02.000000Z',
        'san.dns': '["localhost.localdomain"]',
      });

      const files = await imported('otrf-apt29-NASHUA_files.log');
      expect(files.events[0]).toMatchObject({
        time: 1588206049300416,
        message:
          'file dmevals.local\\Policies\\{31B2F340-016D-11D2-945F-00C04FB984F9}\\gpt.ini (text/ini, 22 bytes) via SMB 10.0.0.4 → 10.0.1.6; md5 cc85d7649546d3c0b1607f761b73fec2 sha1 1a1a10b819f321b91b47d7dd73668406a15992db',
      });
      expect(files.events[0]!.attributes).toMatchObject({ '@system': 'bobs.bigwheel.local', tx_hosts: '["10.0.0.4"]', fuid: 'FZ7E9x2gD5KHc8KoDg' });
      expect(files.entities.map((e) => `${e.type}:${e.key}`)).toEqual(
        expect.arrayContaining(['hash:cc85d7649546d3c0b1607f761b73fec2', 'hash:1a1a10b819f321b91b47d7dd73668406a15992db']),
      );
    });
  });
});
