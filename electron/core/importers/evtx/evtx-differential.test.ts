import { existsSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { TimelineEvent } from '../../../../shared/domain/timeline';
import { runImporter } from '../../../../tests/unit/support/import-harness';
import { NO_PYTHON_EVTX, PYTHON_EVTX, pythonEvtx, type PythonRecord } from '../../../../tests/unit/support/python-evtx';
import { HAS_SAMPLES, NO_SAMPLES_REASON, sample } from '../../../../tests/unit/support/samples';
import { evtxImporter, systemTimeUs } from './evtx';

/**
 * Every record of every sample .evtx, read by Casebook and by python-evtx (an
 * independent reader, tests/support/evtx-dump.py), compared field by field:
 * record id, TimeCreated, Computer, EventID, Channel, Provider and every
 * EventData/UserData field. The two render some value types differently
 * (python-evtx: binary as base64, hex integers zero-padded, booleans as
 * True/False, times with a space and float-rounded µs); `same` accepts
 * exactly those differences and nothing else.
 */

const DIR = sample('more', 'evtx');

/**
 * What Casebook reads in each sample (python-evtx's counts and SOURCES.md's in the comments). A file not
 * listed here (the corpus grew) is still compared record by record; only its counts go unchecked.
 */
const EXPECTED: Record<string, { events: number; invalid: number }> = {
  'deepblue-Powershell-Invoke-Obfuscation-many.evtx': { events: 302, invalid: 0 }, // python-evtx 302, SOURCES 302
  'eas-LM_Remote_Service02_7045.evtx': { events: 3, invalid: 0 }, // 3, 3
  'eas-temp_scheduled_task_4698_4699.evtx': { events: 2, invalid: 0 }, // 2, 2
  // python-evtx 270: it renders the 3 records whose ends are zeros, and stops its chunk at the first of them,
  // missing the 31 good records after it that Casebook finds (ids 47675-47705); invalid: those 3 and 2 chunks without magic.
  'omer-sample_with_a_bad_chunk_magic.evtx': { events: 298, invalid: 5 },
  'omer-security.evtx': { events: 2261, invalid: 0 }, // 2261, 2261
  'omer-sysmon.evtx': { events: 358, invalid: 0 }, // 358, 358 (the garbage slots after the last chunk are a warning)
  'yamato-T1562.010_DowngradeAttack_PowerShell.evtx': { events: 26, invalid: 0 }, // 26, 26
};
const FILES =
  HAS_SAMPLES && existsSync(DIR)
    ? readdirSync(DIR)
        .filter((f) => f.endsWith('.evtx'))
        .sort()
    : [];

/** Characters python-evtx's XML escaping drops (views.py RESTRICTED_CHARS); XML parsing turns CR LF into LF. */
// eslint-disable-next-line no-control-regex -- these control characters are what is being matched
const RESTRICTED = /[\x01-\x08\x0B\x0C\x0E-\x1F\x7F-\x84\x86-\x9F]/g;
const normalize = (s: string) => s.replace(/\r\n?/g, '\n').replace(RESTRICTED, '');

const NUMBER = /^(?:0x[0-9a-f]+|-?\d+)$/i;
const PY_TIME = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d+)?$/;
const GUID_OR_BOOL = /^(?:\{[0-9a-f-]{36}\}|true|false)$/i;

export function same(python: string, casebook: string): boolean {
  const p = normalize(python);
  const c = normalize(casebook);
  if (p === c) return true;
  if (NUMBER.test(p) && NUMBER.test(c)) return BigInt(p) === BigInt(c);
  if (PY_TIME.test(p)) {
    const [a, b] = [systemTimeUs(p), systemTimeUs(c)];
    // python-evtx converts FILETIMEs through a double of seconds since 1601 (about 1.3e10 s, whose
    // last bit is worth 1.9 µs): its µs can be a few off. Two such steps are allowed, no more.
    return a !== null && b !== null && Math.abs(a - b) <= 4;
  }
  if (GUID_OR_BOOL.test(p)) return p.toLowerCase() === c.toLowerCase();
  if (/^[0-9A-F]+$/.test(c) && Buffer.from(p, 'base64').toString('hex').toUpperCase() === c) return true;
  return false;
}

/** python-evtx's EventData/UserData pairs under Casebook's names: array items split out, unnamed Data numbered. */
function pythonFields(data: [string, string][]): [string, string][] {
  const out: [string, string][] = [];
  const unnamed: string[] = [];
  const used = new Set<string>();
  const add = (name: string, value: string) => {
    let key = name;
    for (let i = 2; used.has(key); i++) key = `${name}_${i}`;
    used.add(key);
    out.push([key, value]);
  };
  for (const [name, value] of data) {
    // python-evtx writes a string array as <string>item</string> lines.
    const items = /^(?:<string>[\s\S]*?<\/string>\n)+$/.test(value) ? [...value.matchAll(/<string>([\s\S]*?)<\/string>\n/g)].map((m) => m[1]!) : null;
    if (name === 'Data') unnamed.push(...(items ?? [value]));
    else add(name, items ? items.join('\n') : value);
  }
  if (unnamed.length === 1) add('Data', unnamed[0]!);
  else unnamed.forEach((v, i) => add(`Data_${i + 1}`, v));
  return out;
}

/** Casebook's event fields: the attributes after the System ones, in the order the importer wrote them. */
function casebookFields(event: TimelineEvent): [string, string][] {
  const keys = Object.keys(event.attributes);
  return keys.slice(keys.indexOf('RecordOffset') + 1).map((k) => [k.replace(/^EventData\./, ''), event.attributes[k]!]);
}

function compare(py: PythonRecord, ev: TimelineEvent): string[] {
  const a = ev.attributes;
  const diffs: string[] = [];
  const check = (field: string, p: string | null | undefined, c: string | undefined) => {
    if (!same(p ?? '', c ?? '')) diffs.push(`${field}: python-evtx ${JSON.stringify(p)} / Casebook ${JSON.stringify(c)}`);
  };
  check('record id', py.record, a.RecordHeaderID ?? a.EventRecordID);
  check('TimeCreated', py.time, a.TimeCreated);
  check('Computer', py.computer, a.Computer);
  check('EventID', py.eventId, a.EventID);
  check('Channel', py.channel, a.Channel);
  check('Provider', py.provider, a.Provider);
  const unnamed = ([k]: [string, string]) => /^Data(?:_\d+)?$/.test(k);
  const pf = pythonFields(py.data ?? []);
  const cf = casebookFields(ev);
  const [pn, cn] = [pf.filter((f) => !unnamed(f)), cf.filter((f) => !unnamed(f))];
  if (pn.map(([k]) => k).join('|') !== cn.map(([k]) => k).join('|'))
    diffs.push(`field names: python-evtx ${pn.map(([k]) => k).join(',')} / Casebook ${cn.map(([k]) => k).join(',')}`);
  else pn.forEach(([k, v], i) => check(`field ${k}`, v, cn[i]![1]));
  // Unnamed <Data> items: python-evtx finds a string array's items with re.search, which moves
  // empty items that come first to after the others; their number and the other items' order hold.
  const [pu, cu] = [pf.filter(unnamed).map(([, v]) => v), cf.filter(unnamed).map(([, v]) => v)];
  if (pu.length !== cu.length) diffs.push(`unnamed Data items: python-evtx ${pu.length} / Casebook ${cu.length}`);
  const [pe, ce] = [pu.filter(Boolean), cu.filter(Boolean)];
  if (pe.length !== ce.length || pe.some((v, i) => !same(v, ce[i]!)))
    diffs.push(`unnamed Data: python-evtx ${JSON.stringify(pe)} / Casebook ${JSON.stringify(ce)}`);
  return diffs;
}

describe.skipIf(!HAS_SAMPLES || FILES.length === 0)(HAS_SAMPLES ? 'EVTX samples' : NO_SAMPLES_REASON, () => {
  describe.skipIf(!PYTHON_EVTX)(PYTHON_EVTX ? 'against python-evtx' : NO_PYTHON_EVTX, () => {
    it.each(FILES)(
      '%s: every record and field as python-evtx reads it',
      async (file) => {
        const python = pythonEvtx(sample('more', 'evtx', file)).filter((r) => r.record !== undefined);
        const r = await runImporter(evtxImporter, sample('more', 'evtx', file));
        expect(r.error).toBeNull();
        const byOffset = new Map(r.events.map((e) => [Number(e.attributes.RecordOffset), e]));
        const invalid = r.invalid.map((line) => Number(/byte (\d+)/.exec(line)?.[1]));
        const diffs: string[] = [];
        for (const py of python) {
          const ev = byOffset.get(py.offset!);
          // python-evtx renders a record whose end is zeros (cut off while it was written) from whatever bytes are there; Casebook reports it.
          if (!ev && !invalid.includes(py.offset!)) diffs.push(`record ${py.record} at byte ${py.offset}: neither imported nor reported by Casebook`);
          else if (ev) diffs.push(...compare(py, ev).map((d) => `record ${py.record} at byte ${py.offset}: ${d}`));
        }
        // python-evtx gives up on a chunk at its first broken record; Casebook goes on from the next record header.
        const chunkOf = (offset: number) => Math.floor((offset - 4096) / 65536);
        const pythonOffsets = new Set(python.map((p) => p.offset));
        for (const e of r.events) {
          const at = Number(e.attributes.RecordOffset);
          if (!pythonOffsets.has(at) && !invalid.some((bad) => chunkOf(bad) === chunkOf(at) && bad < at))
            diffs.push(`record at byte ${at}: imported by Casebook only`);
        }
        expect(diffs.slice(0, 20)).toEqual([]);
        if (EXPECTED[file]) expect({ events: r.events.length, invalid: r.invalidTotal }).toEqual(EXPECTED[file]);
        // python-evtx reads about 200 records a second (10 s for the 2,261 of omer-security.evtx), more on a busy machine.
      },
      300_000,
    );
  });
});
