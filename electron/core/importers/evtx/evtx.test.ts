import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runImporter, us } from '../../../../tests/unit/support/import-harness';
import { BinXml, resealChunk, val, writeEvtx, type RecordSpec, type Value } from '../../../../tests/unit/support/evtx-writer';
import { NO_PYTHON_EVTX, PYTHON_EVTX, pythonEvtx } from '../../../../tests/unit/support/python-evtx';
import { chooseImporter } from '../registry';
import { evtxImporter } from './evtx';
import { MAX_DEPTH, MAX_NODES } from './binxml';

/** 2024-03-01T12:34:56.1234567Z as a FILETIME. */
const TICKS = BigInt(Date.UTC(2024, 2, 1, 12, 34, 56)) * 10_000n + 1_234_567n + 116444736000000000n;
const CHUNK0 = 4096;
const CHUNK = 0x10000;

type W = (x: BinXml) => void;
const sub =
  (i: number, optional = false): W =>
  (x) =>
    void x.sub(i, optional);

/** <Event><System>…</System>{extra}</Event>: the System header fills substitutions 0-9. */
function eventTemplate(extra: W): W {
  return (x) => {
    x.fragment();
    x.element('Event', [['xmlns', (x) => void x.text('http://schemas.microsoft.com/win/2004/08/events/event')]], (x) => {
      x.element('System', [], (x) => {
        x.element('Provider', [
          ['Name', sub(0)],
          ['Guid', sub(1, true)],
        ]);
        x.element('EventID', [], sub(2));
        x.element('Level', [], sub(3));
        x.element('TimeCreated', [['SystemTime', sub(4)]]);
        x.element('EventRecordID', [], sub(5));
        x.element('Correlation', [['ActivityID', sub(6, true)]]);
        x.element('Channel', [], sub(7));
        x.element('Computer', [], sub(8));
        x.element('Security', [['UserID', sub(9, true)]]);
      });
      extra(x);
    });
    x.eof();
  };
}

/** <EventData><Data Name="…">%n</Data>…</EventData> with substitutions from 10 on. */
const eventData =
  (names: string[]): W =>
  (x) =>
    void x.element('EventData', [], (x) => names.forEach((n, i) => x.element('Data', [['Name', (x) => void x.text(n)]], sub(10 + i))));

function system(provider: string, eventId: number, id: bigint, channel: string, userSid: Value = val.null()): Value[] {
  return [
    val.str(provider),
    val.guid('{54849625-5478-4994-A5BA-3E3B0328C30D}'),
    val.u16(eventId),
    val.u8(0),
    val.filetime(TICKS),
    val.u64(id),
    val.null(),
    val.str(channel),
    val.str('WKS-01.corp.example'),
    userSid,
  ];
}

/** A record of one template instance: a definition written inline, or `{ ref }` to one written before. */
const record = (id: bigint, template: W | { ref: () => number }, values: Value[], keep?: (at: number) => void): RecordSpec => ({
  id,
  body: (x) => {
    x.fragment();
    const at = x.template(typeof template === 'function' ? template : template.ref(), values);
    keep?.(at);
    x.eof();
  },
});

const ALL_TYPES: [string, Value, string][] = [
  ['TargetUserName', val.str('alice'), 'alice'],
  ['TargetDomainName', val.str('CORP'), 'CORP'],
  ['LogonType', val.u32(3), '3'],
  ['IpAddress', val.str('10.1.2.3'), '10.1.2.3'],
  ['IpPort', val.str('49152'), '49152'],
  ['TargetUserSid', val.sid('S-1-5-21-1004336348-1177238915-682003330-1001'), 'S-1-5-21-1004336348-1177238915-682003330-1001'],
  ['TargetLogonId', val.hex64(0x1d2f3an), '0x1d2f3a'],
  ['LogonGuid', val.guid('{A1B2C3D4-0001-0002-0304-05060708090A}'), '{a1b2c3d4-0001-0002-0304-05060708090a}'],
  ['Delta', val.i8(-5), '-5'],
  ['Small', val.i16(-300), '-300'],
  ['Port16', val.u16(65535), '65535'],
  ['Signed', val.i32(-70000), '-70000'],
  ['Flags', val.hex32(0x8020), '0x8020'],
  ['Blob', val.bin(Buffer.from([0xde, 0xad, 0x00, 0x01])), 'DEAD0001'],
  ['Elevated', val.bool(true), 'true'],
  ['When', val.systemtime([2024, 3, 5, 1, 12, 0, 59, 7]), '2024-03-01T12:00:59.007Z'],
  ['Stamp', val.filetime(TICKS), '2024-03-01T12:34:56.1234567Z'],
  ['Big', val.u64(18446744073709551615n), '18446744073709551615'],
  ['Negative', val.i64(-9007199254740993n), '-9007199254740993'],
  ['Ratio', val.f64(0.25), '0.25'],
  ['Single', val.f32(1.5), '1.5'],
  ['Items', val.strArray(['one', '', 'three']), 'one\n\nthree'],
  ['Ports', val.u16Array([80, 443]), '80\n443'],
  ['Legacy', val.ansi('café'), 'café'],
  ['Sids', val.raw(0x93, Buffer.concat([val.sid('S-1-5-18').build(0), val.sid('S-1-5-32-544').build(0)])), 'S-1-5-18\nS-1-5-32-544'],
  ['Names', val.raw(0x82, Buffer.from('a\0bc\0', 'latin1')), 'a\nbc'],
  ['Nothing', val.null(), ''],
];

const ID = 9007199254740993n; // 2^53 + 1: a JS number would say ...992

function logonFile(types = ALL_TYPES): Buffer {
  let template = 0;
  const names = types.map(([n]) => n);
  const values = (id: bigint) => [...system('Microsoft-Windows-Security-Auditing', 4624, id, 'Security'), ...types.map(([, v]) => v)];
  return writeEvtx([
    [
      record(ID, eventTemplate(eventData(names)), values(ID), (at) => (template = at)),
      // The second record refers to the definition the first wrote inline.
      record(ID + 1n, { ref: () => template }, values(ID + 1n)),
    ],
  ]);
}

describe('EVTX: records', () => {
  it('renders every value type as Windows does, with the exact 64-bit record id and the time to the µs', async () => {
    const r = await runImporter(evtxImporter, logonFile(), { name: 'Security.evtx' });
    expect(r.error).toBeNull();
    expect(r.invalid).toEqual([]);
    expect(r.events).toHaveLength(2);
    const [e] = r.events;
    expect(e!.time).toBe(us('2024-03-01T12:34:56.123Z') + 456);
    expect(e!.timestampDesc).toBe('Event Created');
    expect(e!.source).toBe('Security');
    expect(e!.host).toBe('WKS-01.corp.example');
    expect(e!.user).toBe('CORP\\alice');
    expect(e!.message).toBe('Logon: CORP\\alice logon type 3 (Network) from 10.1.2.3:49152');
    expect(e!.attributes).toMatchObject({
      Provider: 'Microsoft-Windows-Security-Auditing',
      ProviderGuid: '{54849625-5478-4994-a5ba-3e3b0328c30d}',
      EventID: '4624',
      Level: '0',
      TimeCreated: '2024-03-01T12:34:56.1234567Z',
      EventRecordID: '9007199254740993',
      Channel: 'Security',
      Computer: 'WKS-01.corp.example',
      RecordOffset: String(CHUNK0 + 512),
    });
    // Optional substitutions without a value drop their attribute; a null value in a Data element leaves it empty.
    expect(e!.attributes.ActivityID).toBeUndefined();
    for (const [name, , shown] of ALL_TYPES) expect([name, e!.attributes[name] ?? '']).toEqual([name, shown]);
    expect(r.events[1]!.attributes.EventRecordID).toBe('9007199254740994');
    expect(r.entities.map((x) => `${x.type}:${x.display}`)).toEqual(expect.arrayContaining(['ip:10.1.2.3', 'device:WKS-01.corp.example', 'user:CORP\\alice']));
  });

  it.skipIf(!PYTHON_EVTX)(PYTHON_EVTX ? 'the test writer writes files python-evtx reads the same way' : NO_PYTHON_EVTX, () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'casebook-evtx-'));
    try {
      // python-evtx reads no arrays but string arrays, and ANSI strings only when they are ASCII.
      writeFileSync(path.join(dir, 'x.evtx'), logonFile(ALL_TYPES.filter(([, v]) => v.type === 0x81 || (v.type < 0x80 && v.type !== 0x02))));
      const [first] = pythonEvtx(path.join(dir, 'x.evtx'));
      expect(first).toMatchObject({
        record: String(ID),
        eventId: '4624',
        channel: 'Security',
        computer: 'WKS-01.corp.example',
        provider: 'Microsoft-Windows-Security-Auditing',
      });
      expect(first!.time).toMatch(/^2024-03-01 12:34:56\.12345\d$/);
      expect(Object.fromEntries(first!.data!)).toMatchObject({
        TargetUserName: 'alice',
        TargetUserSid: 'S-1-5-21-1004336348-1177238915-682003330-1001',
        LogonType: '3',
        Big: '18446744073709551615',
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads UserData from a nested BinXml value, and names the one who cleared the log', async () => {
    const cleared = val.binxml((x) => {
      x.fragment();
      x.element('LogFileCleared', [], (x) => {
        x.element('SubjectUserSid', [], (x) => void x.text('S-1-5-21-1-2-3-500'));
        x.element('SubjectUserName', [], (x) => void x.text('admin'));
        x.element('SubjectDomainName', [], (x) => void x.text('CORP'));
      });
      x.eof();
    });
    const file = writeEvtx([
      [
        record(
          7n,
          eventTemplate((x) => void x.element('UserData', [], sub(10))),
          [...system('Microsoft-Windows-Eventlog', 1102, 7n, 'Security', val.sid('S-1-5-18')), cleared],
        ),
      ],
    ]);
    const r = await runImporter(evtxImporter, file);
    expect(r.invalid).toEqual([]);
    expect(r.events[0]).toMatchObject({ message: 'The Security log was cleared by CORP\\admin', user: 'CORP\\admin' });
    expect(r.events[0]!.attributes).toMatchObject({ UserDataType: 'LogFileCleared', SubjectUserName: 'admin', UserID: 'S-1-5-18' });
  });

  it('falls back to the Security UserID when no account field names anyone', async () => {
    const file = writeEvtx([
      [record(1n, eventTemplate(eventData(['Param'])), [...system('Some-Provider', 42, 1n, 'Application', val.sid('S-1-5-21-9-9-9-1001')), val.str('x=1')])],
    ]);
    const r = await runImporter(evtxImporter, file);
    expect(r.events[0]).toMatchObject({ user: 'S-1-5-21-9-9-9-1001', message: 'Some-Provider 42: Param: x=1', source: 'Application' });
  });

  it('is detected by its ElfFile magic, not refused as binary', () => {
    const head = logonFile();
    const chosen = chooseImporter({ name: 'Security.evtx', size: head.length, head, text: head.toString('utf8') });
    expect(chosen.importer.format).toBe('evtx');
    expect(evtxImporter.sniff({ name: 'x.evtx', size: 8, head: Buffer.from('ElfChnk\0'), text: '' })).toBe(0);
  });
});

describe('EVTX: damage', () => {
  const good = (id: bigint) => record(id, eventTemplate(eventData(['A'])), [...system('P', 1, id, 'Application'), val.str(`a${id}`)]);

  it('reports a chunk without magic by its offset, with the ids of the records left in it, and reads the chunks around it; empty slots are skipped', async () => {
    const file = writeEvtx([[good(1n)], [good(2n), good(7n)], [good(3n)], []]);
    // The chunk header zeroed, as a wiped first sector leaves it: its records are still there but their templates are not.
    file.fill(0, CHUNK0 + CHUNK, CHUNK0 + CHUNK + 512);
    file.fill(0, CHUNK0 + 3 * CHUNK);
    const r = await runImporter(evtxImporter, file);
    expect(r.events.map((e) => e.attributes.EventRecordID)).toEqual(['1', '3']);
    expect(r.invalid).toEqual([
      `input: byte ${CHUNK0 + CHUNK}: chunk 1: no "ElfChnk" magic (a damaged or overwritten chunk; its records are lost; 2 well-formed record(s) remain in it (record ids 2–7), unreadable without the chunk header's string and template tables)`,
    ]);
  });

  it('warns about garbage after the last chunk of a dirty file whose header counts fewer chunks', async () => {
    const file = writeEvtx([[good(1n)], [good(2n)]], { dirty: true });
    file.writeUInt16LE(1, 42);
    file.writeUInt32LE(0, 124);
    const r = await runImporter(evtxImporter, Buffer.concat([file, Buffer.alloc(CHUNK, 7)]));
    expect(r.events).toHaveLength(2);
    expect(r.invalid).toEqual([]);
    expect(r.warnings.join('\n')).toMatch(/CRC32 does not match[\s\S]*dirty flag[\s\S]*1 chunk slot\(s\) after the last chunk \(from byte 135168\)/);
  });

  it('reads the records before the cut of a cut file and reports the cut', async () => {
    const file = writeEvtx([[good(1n)], [good(2n), good(3n)]]);
    const secondRecord = file.indexOf(Buffer.from('a3', 'utf16le'), CHUNK0 + CHUNK);
    const r = await runImporter(evtxImporter, file.subarray(0, secondRecord));
    expect(r.events.map((e) => e.attributes.EventRecordID)).toEqual(['1', '2']);
    expect(r.invalid[0]).toMatch(new RegExp(`^input: byte ${CHUNK0 + CHUNK}: chunk 1: the file ends \\d+ bytes into it \\(a cut file\\)`));
    expect(r.invalid[1]).toMatch(/record of \d+ bytes runs past the end of the chunk's records|hold no whole record/);
  });

  it('skips a record whose size is not repeated at its end and finds the next one', async () => {
    const file = writeEvtx([[good(1n), good(2n), good(3n)]]);
    const second = CHUNK0 + 512 + file.readUInt32LE(CHUNK0 + 512 + 4);
    file.writeUInt32LE(0, second + file.readUInt32LE(second + 4) - 4);
    resealChunk(file, CHUNK0);
    const r = await runImporter(evtxImporter, file);
    expect(r.invalid).toEqual([
      expect.stringMatching(
        new RegExp(
          `^input: byte ${second}: chunk 0: the record's size \\(\\d+\\) is not repeated at its end \\(0\\); the next readable record is 3 at byte \\d+ \\(no record id skipped\\)$`,
        ),
      ),
    ]);
    expect(r.events.map((e) => e.attributes.EventRecordID)).toEqual(['1', '3']);
  });

  it('names a record whose end is zeros as cut, and the record ids lost up to the next readable record', async () => {
    // As in a log copied from a shadow copy with sectors never written: record 2 is cut mid-value, 3 and 4 are zeros, 5 survives.
    const file = writeEvtx([[good(1n), good(2n), good(3n), good(4n), good(5n)]]);
    const at = (n: number) => {
      let pos = CHUNK0 + 512;
      for (let i = 1; i < n; i++) pos += file.readUInt32LE(pos + 4);
      return pos;
    };
    const [second, fifth] = [at(2), at(5)];
    file.fill(0, second + 40, fifth);
    resealChunk(file, CHUNK0);
    const r = await runImporter(evtxImporter, file);
    expect(r.events.map((e) => e.attributes.EventRecordID)).toEqual(['1', '5']);
    expect(r.invalid).toEqual([
      expect.stringMatching(
        new RegExp(
          `^input: byte ${second}: chunk 0: the record's size \\(\\d+\\) is not repeated at its end \\(0\\): its last \\d+ of \\d+ bytes are zeros \\(cut off or overwritten; its values would be cut, so it is not read\\); the next readable record is 5 at byte ${fifth} \\(records 3–4 lost\\)$`,
        ),
      ),
    ]);
  });

  it('refuses a template that refers to itself, without recursing', async () => {
    const self: RecordSpec = {
      id: 1n,
      body: (x) => {
        x.fragment();
        const definitionAt = x.pos + 10;
        x.template((x) => {
          x.fragment();
          x.template(definitionAt, []);
          x.eof();
        }, []);
        x.eof();
      },
    };
    const r = await runImporter(evtxImporter, writeEvtx([[self, good(2n)]]));
    expect(r.events.map((e) => e.attributes.EventRecordID)).toEqual(['2']);
    expect(r.invalid).toEqual([expect.stringMatching(/byte 4608: chunk 0: record 1: a template definition that refers to itself \(byte 4646\)/)]);
  });

  it(`refuses elements nested deeper than ${MAX_DEPTH}`, async () => {
    const nest =
      (n: number): W =>
      (x) =>
        void (n === 0 ? x.text('deep') : x.element('E', [], nest(n - 1)));
    const deep: RecordSpec = { id: 1n, body: (x) => void x.fragment().element('Event', [], nest(200)).eof() };
    const r = await runImporter(evtxImporter, writeEvtx([[deep, good(2n)]]));
    expect(r.events).toHaveLength(1);
    expect(r.invalid[0]).toMatch(/record 1: elements nested more than 64 deep/);
  });

  it(`refuses a record that expands into more than ${MAX_NODES} nodes (one value spliced thousands of times)`, async () => {
    const many = (x: BinXml) => {
      x.fragment();
      for (let i = 0; i < 2000; i++) x.sub(0);
      x.eof();
    };
    const inner = val.binxml((x) => void (x.fragment(), x.template(many, [val.str('x')]), x.eof()));
    const bomb: RecordSpec = {
      id: 1n,
      body: (x) =>
        void (
          x.fragment(),
          x.template(
            (x) =>
              void x
                .fragment()
                .element('Event', [], (x) => void Array.from({ length: 2000 }, () => x.sub(0)))
                .eof(),
            [inner],
          ),
          x.eof()
        ),
    };
    const r = await runImporter(evtxImporter, writeEvtx([[bomb, good(2n)]]));
    expect(r.events.map((e) => e.attributes.EventRecordID)).toEqual(['2']);
    expect(r.invalid).toEqual([expect.stringMatching(/record 1: the record expands into more than 100000 nodes or 33554432 characters/)]);
  });

  it('refuses names and substitution arrays that point outside the chunk, naming the offset', async () => {
    const farName: RecordSpec = { id: 1n, body: (x) => void x.fragment().element('Event', [], undefined, 70_000).eof() };
    let template = 0;
    const hugeCount: RecordSpec = { id: 3n, body: (x) => void x.fragment().raw([0x0c, 1, 0, 0, 0, 0]).u32(template).u32(0xffffffff).eof() };
    const r = await runImporter(
      evtxImporter,
      writeEvtx([
        [farName, record(2n, eventTemplate(eventData(['A'])), [...system('P', 1, 2n, 'Application'), val.str('x')], (at) => (template = at)), hugeCount],
      ]),
    );
    expect(r.events.map((e) => e.attributes.EventRecordID)).toEqual(['2']);
    expect(r.invalid).toEqual([
      expect.stringMatching(
        /byte 4608: chunk 0: record 1: a name string at chunk offset 70006 \(2 bytes\) runs past the end of the chunk \(65536 bytes\) \(byte 74102\)$/,
      ),
      expect.stringMatching(/record 3: 4294967295 substitution descriptors at chunk offset \d+ \(17179869180 bytes\) runs past the end of the chunk/),
    ]);
  });

  it('refuses a file that is not EVTX with a clear error', async () => {
    const r = await runImporter(evtxImporter, Buffer.from('ElfFilX\0 not a log'));
    expect(r.error?.message).toBe('input: not an EVTX file (no "ElfFile" magic at byte 0)');
  });
});
