import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { runImporter, us } from '../../../../tests/unit/support/import-harness';
import { HAS_SAMPLES, NO_SAMPLES_REASON, sample } from '../../../../tests/unit/support/samples';
import { readSample } from '../registry';
import { suricataEve } from './eve';

const sniffText = (text: string) => suricataEve.sniff({ name: 'x', size: text.length, head: Buffer.from(text), text });
const line = (o: object) => JSON.stringify(o);
const base = { src_ip: '10.0.0.5', src_port: 49160, dest_ip: '203.0.113.7', dest_port: 80, proto: 'TCP' };

describe('Suricata EVE JSON', () => {
  it('maps each event type to a message; -0500 offsets honoured; flow_id of 19 digits kept exact; every field a dotted attribute', async () => {
    const text = [
      '{"timestamp":"2024-12-17T19:17:54.565494-0500","flow_id":1234567890123456789,"event_type":"alert","src_ip":"10.0.0.5","src_port":49160,"dest_ip":"203.0.113.7","dest_port":80,"proto":"TCP","alert":{"action":"blocked","gid":1,"signature_id":2014612,"rev":3,"signature":"ET MALWARE Zeus POST","category":"A Network Trojan was detected","severity":1}}',
      line({
        timestamp: '2024-12-17T19:17:55.000001+01:00',
        event_type: 'http',
        ...base,
        http: { hostname: 'evil.example', url: '/gate.php', http_method: 'POST', status: 200, http_user_agent: 'Mozilla/4.0' },
      }),
      line({
        timestamp: '2024-12-17T19:17:56Z',
        event_type: 'tls',
        ...base,
        dest_port: 443,
        tls: { sni: 'c2.example', version: 'TLS 1.2', subject: 'CN=c2.example' },
      }),
      line({
        timestamp: '2024-12-17T19:17:57Z',
        event_type: 'fileinfo',
        ...base,
        fileinfo: { filename: '/bot.exe', magic: 'PE32 executable', size: 1024, md5: '5d41402abc4b2a76b9719d911017c592' },
      }),
      line({
        timestamp: '2024-12-17T19:17:58Z',
        event_type: 'dns',
        ...base,
        proto: 'UDP',
        dest_port: 53,
        dns: {
          version: 3,
          type: 'response',
          rcode: 'NOERROR',
          queries: [{ rrname: 'c2.example', rrtype: 'A' }],
          answers: [{ rrname: 'c2.example', rrtype: 'A', rdata: '203.0.113.7' }],
        },
      }),
      line({ timestamp: '2024-12-17T19:17:59Z', event_type: 'anomaly', ...base, anomaly: { type: 'stream', event: 'stream.pkt_invalid_timestamp' } }),
    ].join('\n');
    const r = await runImporter(suricataEve, Buffer.from(text), { name: 'eve.json', chunk: 50 });
    expect(r.error).toBeNull();
    expect(r.invalid).toEqual([]);
    expect(r.events[0]).toEqual({
      time: us('2024-12-18T00:17:54.565Z') + 494,
      timestampDesc: 'Alert Raised',
      message: 'alert: ET MALWARE Zeus POST [1:2014612:3] severity 1 (A Network Trojan was detected); TCP 10.0.0.5:49160 → 203.0.113.7:80 (blocked)',
      source: 'suricata alert',
      host: '',
      user: '',
      tags: [],
      attributes: {
        timestamp: '2024-12-17T19:17:54.565494-0500',
        flow_id: '1234567890123456789',
        event_type: 'alert',
        src_ip: '10.0.0.5',
        src_port: '49160',
        dest_ip: '203.0.113.7',
        dest_port: '80',
        proto: 'TCP',
        'alert.action': 'blocked',
        'alert.gid': '1',
        'alert.signature_id': '2014612',
        'alert.rev': '3',
        'alert.signature': 'ET MALWARE Zeus POST',
        'alert.category': 'A Network Trojan was detected',
        'alert.severity': '1',
      },
    });
    expect(r.events.slice(1).map((e) => [e.time, e.message])).toEqual([
      [us('2024-12-17T18:17:55Z') + 1, 'POST http://evil.example/gate.php → 200 "Mozilla/4.0"; TCP 10.0.0.5:49160 → 203.0.113.7:80'],
      [us('2024-12-17T19:17:56Z'), 'tls c2.example TLS 1.2 subject CN=c2.example; TCP 10.0.0.5:49160 → 203.0.113.7:443'],
      [us('2024-12-17T19:17:57Z'), 'file /bot.exe (PE32 executable, 1024 bytes) md5 5d41402abc4b2a76b9719d911017c592; TCP 10.0.0.5:49160 → 203.0.113.7:80'],
      [us('2024-12-17T19:17:58Z'), 'dns response c2.example A → 203.0.113.7 (NOERROR); UDP 10.0.0.5:49160 → 203.0.113.7:53'],
      [us('2024-12-17T19:17:59Z'), 'anomaly TCP 10.0.0.5:49160 → 203.0.113.7:80 — type: stream; event: stream.pkt_invalid_timestamp'],
    ]);
    expect(r.entities.map((e) => `${e.type}:${e.key}`)).toEqual(
      expect.arrayContaining([
        'ip:10.0.0.5',
        'ip:203.0.113.7',
        'url:http://evil.example/gate.php',
        'domain:evil.example',
        'hash:5d41402abc4b2a76b9719d911017c592',
      ]),
    );
  });

  it('names the line of bad records and carries on; refuses a gzip bomb', async () => {
    const good = line({ timestamp: '2024-12-17T19:17:54.1-0500', event_type: 'flow', ...base });
    const text = [
      good,
      '{"timestamp": "2024-12-17T19:17:54-0500", "event_type": "flow",',
      line({ timestamp: 'later', event_type: 'flow' }),
      line({ timestamp: '2024-12-17T19:17:54Z' }),
      good,
    ].join('\n');
    const r = await runImporter(suricataEve, Buffer.from(text), { name: 'eve.json' });
    expect(r.events).toHaveLength(2);
    expect(r.invalid).toEqual([
      expect.stringMatching(/^eve\.json: line 2: not valid JSON: /),
      'eve.json: line 3, field "timestamp": "later" is not a time this importer understands',
      'eve.json: line 4, field "event_type": the record has no event_type: not a Suricata EVE event',
    ]);

    const gz = gzipSync(Buffer.from(`${good}\n`));
    expect((await runImporter(suricataEve, gz, { name: 'eve.json.gz' })).events).toHaveLength(1);
    const bomb = gzipSync(Buffer.concat([Buffer.from(`${good}\n`), Buffer.alloc(80 * 1024 ** 2, ' ')]));
    const refused = await runImporter(suricataEve, bomb, { name: 'eve.json.gz' });
    expect(refused.error?.message).toBe(
      `eve.json.gz: the gzip data inflates past ${64 * 1024 ** 2} bytes from ${bomb.length} compressed: refused as a likely gzip bomb`,
    );
  });

  it('claims EVE lines only', () => {
    expect(sniffText(`${line({ timestamp: '2024-12-17T19:17:54.565494-0500', flow_id: 1, event_type: 'flow', src_ip: '1.2.3.4' })}\n`)).toBe(0.95);
    expect(sniffText(`${line({ timestamp: '2024-12-17T21:11:05-0500', event_type: 'stats', stats: {} })}\n`)).toBe(0.95);
    expect(sniffText(`${line({ timestamp: '2024-12-17T21:11:05Z', message: 'x' })}\n`)).toBe(0);
    expect(sniffText(`${line({ ts: 1.5, uid: 'C1', 'id.orig_h': '1.2.3.4' })}\n`)).toBe(0);
  });

  describe.skipIf(!HAS_SAMPLES)(HAS_SAMPLES ? 'on the Suricata sample' : NO_SAMPLES_REASON, () => {
    it('zeus-eve.json: 869 events (656 alerts, 205 flows, 6 dhcp, 1 dns, 1 stats), the first alert field by field', async () => {
      const file = sample('more', 'suricata', 'zeus-eve.json');
      expect(suricataEve.sniff(await readSample(file, 'zeus-eve.json'))).toBe(0.95);
      const r = await runImporter(suricataEve, file);
      expect(r.error).toBeNull();
      expect(r.invalidTotal).toBe(0);
      expect(r.zoneless).toBe(0);
      expect(r.events).toHaveLength(869);
      const sources: Record<string, number> = {};
      for (const e of r.events) sources[e.source] = (sources[e.source] ?? 0) + 1;
      expect(sources).toEqual({ 'suricata alert': 656, 'suricata flow': 205, 'suricata dhcp': 6, 'suricata dns': 1, 'suricata stats': 1 });
      // {"timestamp":"2024-12-17T19:17:54.565494-0500","flow_id":739928877279099,"pcap_cnt":1,"event_type":"alert","src_ip":"192.168.37.130","src_port":55551,
      //  "dest_ip":"192.168.37.1","dest_port":53,"proto":"UDP",...,"alert":{"action":"allowed","gid":1,"signature_id":100004,"rev":1,"signature":"UDP Packet Detected","category":"","severity":3},...}
      expect(r.events[0]).toMatchObject({
        time: us('2024-12-18T00:17:54.565Z') + 494,
        message: 'alert: UDP Packet Detected [1:100004:1] severity 3; UDP 192.168.37.130:55551 → 192.168.37.1:53 (allowed)',
        host: '',
        user: '',
      });
      expect(r.events[0]!.attributes).toMatchObject({
        flow_id: '739928877279099',
        'alert.signature_id': '100004',
        'flow.bytes_toserver': '77',
        app_proto: 'dns',
        direction: 'to_server',
      });
      const flow = r.events.find((e) => e.source === 'suricata flow' && e.attributes.flow_id === '2093545622999327')!;
      expect(flow.message).toBe('flow UDP 192.168.37.130:55026 → 239.255.255.250:1900 failed: 6/0 packets, 1050/0 bytes, new (timeout)');
      const dhcp = r.events.find((e) => e.source === 'suricata dhcp' && e.attributes['dhcp.dhcp_type'] === 'ack')!;
      expect(dhcp).toMatchObject({
        time: us('2024-12-18T00:28:18.318Z') + 588,
        message: 'dhcp ack 00:0c:29:95:16:38 assigned 192.168.37.130; UDP 192.168.37.254:67 → 192.168.37.130:68',
      });
    });
  });
});
