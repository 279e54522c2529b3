import { describe, expect, it } from 'vitest';
import { runImporter } from '../../../../tests/unit/support/import-harness';
import { makeZip } from '../../../../tests/unit/support/zip-writer';
import { chooseImporter, importerFor } from '../registry';

const ZEEK = [
  '#separator \\x09',
  '#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto',
  '#types\ttime\tstring\taddr\tport\taddr\tport\tenum',
  '1541117137.618695\tC1\t172.16.9.233\t49159\t172.16.9.5\t88\ttcp',
].join('\n');
const EVTX_JSON = JSON.stringify({
  Event: {
    System: {
      Provider: { '#attributes': { Name: 'Service Control Manager' } },
      EventID: 7045,
      TimeCreated: { '#attributes': { SystemTime: '2019-03-03T10:00:00Z' } },
      Channel: 'System',
      Computer: 'SRV1',
    },
    EventData: { ServiceName: 'evil', ImagePath: 'C:\\evil.exe' },
  },
});
const zipImporter = importerFor('zip');
const detected = (bytes: Buffer) => chooseImporter({ name: 'x.zip', size: bytes.length, head: bytes, text: bytes.toString('utf8') }).importer.format;

describe('ZIP archives of other formats', () => {
  it('each file detected by content and imported by its importer; names climbing out skipped', async () => {
    const zip = makeZip([
      { name: 'zeek/conn.log', data: ZEEK },
      { name: 'json/system.json', data: EVTX_JSON },
      { name: '../../outside.log', data: ZEEK },
    ]);
    expect(detected(zip)).toBe('zip');
    const r = await runImporter(zipImporter, zip, { name: 'x.zip' });
    expect(r.error).toBeNull();
    expect(r.events.map((e) => [e.source, e.host])).toEqual([
      ['zeek', ''],
      ['System', 'SRV1'],
    ]);
    expect(r.warnings).toEqual(['entry "../../outside.log" was skipped: its name leads outside the archive']);
  });

  it('an encrypted entry is refused whole, saying a password is needed; nothing importable is refused naming what is there', async () => {
    const locked = await runImporter(zipImporter, makeZip([{ name: 'conn.log', data: ZEEK, encrypted: true, method: 0 }]), { name: 'x.zip' });
    expect(locked.error?.message).toMatch(/^x\.zip: entry "conn\.log": it is encrypted; .*extract it with its password/);
    const nothing = await runImporter(zipImporter, makeZip([{ name: 'a.txt', data: 'hi' }]), { name: 'x.zip' });
    expect(nothing.error?.message).toBe('x.zip: no file in the ZIP archive is one Casebook imports (it holds a.txt)');
  });

  it('an archive inside the archive is not opened (one level only)', async () => {
    const inner = makeZip([{ name: 'conn.log', data: ZEEK }]);
    const r = await runImporter(
      zipImporter,
      makeZip([
        { name: 'inner.zip', data: inner, method: 0 },
        { name: 'conn.log', data: ZEEK },
      ]),
      { name: 'x.zip' },
    );
    expect(r.events).toHaveLength(1);
    expect(r.warnings).toEqual(['entry "inner.zip" was skipped: an archive inside the archive (extract it and import it itself)']);
  });
});
