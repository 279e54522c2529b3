import { gzipSync } from 'node:zlib';
import tar from 'tar-stream';
import { describe, expect, it } from 'vitest';
import { runImporter, us } from '../../../../tests/unit/support/import-harness';
import { chooseImporter, importerFor } from '../registry';
import { looksLikeTar } from './tar-entries';

type Entry = { name: string; data?: string | Buffer; type?: 'file' | 'symlink' | 'link' | 'directory' | 'fifo'; linkname?: string };

/** A tar archive made with tar-stream's own writer. */
async function makeTar(entries: Entry[]): Promise<Buffer> {
  const pack = tar.pack();
  for (const e of entries) {
    if (e.type && e.type !== 'file') pack.entry({ name: e.name, type: e.type, linkname: e.linkname });
    else pack.entry({ name: e.name }, e.data ?? '');
  }
  pack.finalize();
  const parts: Buffer[] = [];
  for await (const chunk of pack as AsyncIterable<Buffer>) parts.push(chunk);
  return Buffer.concat(parts);
}

/** Rewrites the size field of the tar header at `at` (and its checksum): an entry that declares what it does not hold. */
function forgeSize(archive: Buffer, at: number, octal: string): Buffer {
  const out = Buffer.from(archive);
  out.write(octal.padStart(11, '0') + '\0', at + 124, 12, 'latin1');
  out.fill(' ', at + 148, at + 156);
  let sum = 0;
  for (let i = at; i < at + 512; i++) sum += out[i]!;
  out.write(sum.toString(8).padStart(6, '0') + '\0 ', at + 148, 8, 'latin1');
  return out;
}

const tarImporter = importerFor('tar');
const ZEEK = [
  '#separator \\x09',
  '#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto',
  '#types\ttime\tstring\taddr\tport\taddr\tport\tenum',
  '1541117137.618695\tC1\t172.16.9.233\t49159\t172.16.9.5\t88\ttcp',
].join('\n');
const CLOUDTRAIL = JSON.stringify({
  Records: [
    {
      eventVersion: '1.08',
      eventTime: '2024-01-02T03:04:05Z',
      eventSource: 'iam.amazonaws.com',
      eventName: 'CreateUser',
      awsRegion: 'us-east-1',
      sourceIPAddress: '198.51.100.7',
      userIdentity: { type: 'IAMUser', userName: 'mallory' },
    },
  ],
});

describe('tar archives', () => {
  it('a .tar.gz: each file detected by its content and imported by its own importer, all in one import', async () => {
    const archive = gzipSync(
      await makeTar([
        { name: 'logs/', type: 'directory' },
        { name: 'logs/conn.log', data: ZEEK },
        { name: 'aws/trail.json', data: CLOUDTRAIL },
      ]),
    );
    const sample = { name: 'evidence.tgz', size: archive.length, head: archive, text: '' };
    expect(chooseImporter(sample).importer.format).toBe('tar');
    const r = await runImporter(tarImporter, archive, { name: 'evidence.tgz' });
    expect(r.error).toBeNull();
    expect(r.warnings).toEqual([]);
    expect(r.events.map((e) => [e.time, e.source])).toEqual([
      [1541117137618695, 'zeek'],
      [us('2024-01-02T03:04:05Z'), expect.stringContaining('iam')],
    ]);
  });

  it('a bad record inside names the entry it is in', async () => {
    const archive = await makeTar([{ name: 'conn.log', data: `${ZEEK}\n1541117138\tC2` }]);
    const r = await runImporter(tarImporter, archive, { name: 'a.tar' });
    expect(r.invalid).toEqual(['a.tar: conn.log, line 5: has 2 fields, the #fields header names 7']);
  });

  it('never follows links nor names that climb out of the archive; says what it skipped', async () => {
    const archive = await makeTar([
      { name: '../../etc/cron.d/evil.log', data: ZEEK },
      { name: '/etc/passwd.log', data: ZEEK },
      { name: 'shadow', type: 'symlink', linkname: '/etc/shadow' },
      { name: 'hard', type: 'link', linkname: 'conn.log' },
      { name: 'conn.log', data: ZEEK },
      { name: 'notes.txt', data: 'the analyst wrote this' },
    ]);
    const r = await runImporter(tarImporter, archive, { name: 'a.tar' });
    expect(r.error).toBeNull();
    expect(r.events).toHaveLength(1);
    expect(r.warnings).toEqual([
      'entry "../../etc/cron.d/evil.log" was skipped: its name leads outside the archive',
      'entry "/etc/passwd.log" was skipped: its name leads outside the archive',
      'entry "shadow" was skipped: a symlink (links and special files are never followed)',
      'entry "hard" was skipped: a link (links and special files are never followed)',
      'entry "notes.txt" was skipped: not a format Casebook recognises (extract it to import it with a column mapping)',
    ]);
  });

  it('refuses an entry declaring a huge size before reading it, and a truncated archive', async () => {
    const forged = forgeSize(await makeTar([{ name: 'conn.log', data: ZEEK }]), 0, '77777777777');
    const huge = await runImporter(tarImporter, forged, { name: 'a.tar' });
    expect(huge.error?.message).toBe(
      `a.tar: entry "conn.log" declares 8589934591 bytes, more than the ${4 * 1024 ** 3} an archive entry may hold: extract it and import the file itself`,
    );
    const whole = await makeTar([{ name: 'conn.log', data: ZEEK.repeat(10) }]);
    const cut = await runImporter(tarImporter, whole.subarray(0, 700), { name: 'a.tar' });
    expect(cut.error?.message).toBe('a.tar: the tar archive ends in the middle of an entry: it is truncated');
  });

  it('refuses a gzipped archive whose entries declare more than any log inflates to (a bomb)', async () => {
    // 70 MiB of zeros compress to ~70 KiB: past the 64 MiB floor and 100 times the archive.
    const bomb = gzipSync(await makeTar([{ name: 'zeros.log', data: Buffer.alloc(70 * 1024 ** 2) }]));
    const r = await runImporter(tarImporter, bomb, { name: 'bomb.tgz' });
    expect(r.error?.message).toMatch(
      /^bomb\.tgz: (its entries declare more than \d+ bytes in all \(at "zeros\.log"\): refused as a likely archive bomb|the gzip data inflates past)/,
    );
    expect(r.events).toEqual([]);
  });

  it('an archive with nothing Casebook imports is refused, naming what it holds', async () => {
    const r = await runImporter(
      tarImporter,
      await makeTar([
        { name: 'a.txt', data: 'hello' },
        { name: 'b.pcap', data: Buffer.from([0xd4, 0xc3, 0xb2, 0xa1, 2, 0, 4, 0]) },
      ]),
      {
        name: 'x.tar',
      },
    );
    expect(r.error?.message).toBe('x.tar: no file in the tar archive is one Casebook imports (it holds a.txt, b.pcap)');
    expect(r.warnings[1]).toBe(
      'entry "b.pcap" was skipped: this is a packet capture (pcap), which Casebook does not read directly: run Zeek (or Suricata) on it and import the logs it writes',
    );
  });

  it('is recognised by its ustar header, gzipped or not, and a gzipped log is not taken for one', async () => {
    const plain = await makeTar([{ name: 'conn.log', data: ZEEK }]);
    expect(looksLikeTar(plain)).toBe(true);
    expect(looksLikeTar(gzipSync(plain))).toBe(true);
    expect(looksLikeTar(gzipSync(ZEEK))).toBe(false);
    expect(looksLikeTar(Buffer.from(ZEEK))).toBe(false);
  });
});
