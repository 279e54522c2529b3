import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { IMPORTERS } from '../../electron/core/importers/registry';
import type { Importer, Sample } from '../../electron/core/importers/types';
import { Collector, PreviewLimitReached } from '../../electron/core/import/collector';
import { CasebookError } from '../../shared/ipc/errors';
import { HAS_SAMPLES, SAMPLES } from './support/samples';
import { testRandom, type Random } from './support/seeded-random';

/**
 * Every importer gets at least 1,000 mutated inputs: bit flips, truncations,
 * deleted and duplicated spans, injected quotes, braces, separators, NULs and
 * huge numbers. Each input must end in a result or a clear CasebookError (an
 * ImportProblem), never another exception, never a hang.
 */
const PER_IMPORTER = 1000;
/** Text seeds are cut to a few KiB at a line end: mutations, not volume, are the point. */
const MAX_SEED_BYTES = 6 * 1024;

/** Small seeds of our own, so the fuzzing runs even without the sample corpus. */
const BUILT_IN: Record<string, string[]> = {
  'timesketch-csv': ['message,datetime,timestamp_desc,tag\n"a, b",2024-01-01T00:00:00Z,Written,"[""x""]"\nc,2024-01-01 01:00:00,Read,\n'],
  'timesketch-jsonl': ['{"message":"a","datetime":"2024-01-01T00:00:00+01:00","timestamp_desc":"x","tag":["t"]}\n{"message":"b","timestamp":1700000000000000}\n'],
  'generic-csv': ['time;host;msg\n2024-01-01 10:00:00;h1;hello\n2024-01-02 11:00:00;h2;"quoted;text"\n', 'time,msg\n1700000000,a\n'],
  'generic-jsonl': ['{"time":"2024-01-01T00:00:00Z","msg":"a","host":"h"}\n{"time":"2024-01-02 10:00:00","msg":"b"}\n'],
  'plaso-csv': [
    'date,time,timezone,MACB,source,sourcetype,type,user,host,short,desc,version,filename,inode,notes,format,extra\n' +
      '03/14/2012,04:17:38,UTC,M...,EVT,WinEVTX,Content Modification Time,-,WKS-1,[7036] svc,[7036] Service Control Manager svc stopped,2,OS:/root/System.evtx,0,-,winevtx,record_number: 12050\n',
    'datetime,timestamp_desc,source,source_long,message,parser,display_name,tag\n2012-03-14T04:17:38.276340+00:00,Content Modification Time,EVT,WinEVTX,[7036] stopped,winevtx,OS:/root/System.evtx,-\n',
  ],
};

function sampleOf(name: string, bytes: Buffer): Sample {
  return { name, size: bytes.length, head: bytes.subarray(0, 256 * 1024), text: bytes.subarray(0, 256 * 1024).toString('utf8') };
}

/** Seeds from the corpus: every sample file whose best sniffer is this importer. */
function corpusSeeds(): Map<string, Buffer[]> {
  const byFormat = new Map<string, Buffer[]>();
  if (!HAS_SAMPLES) return byFormat;
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((n) => (statSync(path.join(dir, n)).isDirectory() ? walk(path.join(dir, n)) : [path.join(dir, n)]));
  for (const file of walk(SAMPLES)) {
    if (/\.(md|yaml)$/i.test(file)) continue;
    const bytes = readFileSync(file);
    const best = IMPORTERS.map((i) => ({ i, c: safeSniff(i, sampleOf(path.basename(file), bytes)) })).sort((a, b) => b.c - a.c)[0];
    if (!best || best.c < 0.2) continue;
    // Zips are fuzzed whole (their structure is the point); text files are cut to a small seed.
    const cut = bytes.lastIndexOf(10, MAX_SEED_BYTES);
    const seed = bytes[0] === 0x50 && bytes[1] === 0x4b ? bytes : bytes.subarray(0, bytes.length <= MAX_SEED_BYTES ? bytes.length : cut > 0 ? cut + 1 : MAX_SEED_BYTES);
    byFormat.set(best.i.format, [...(byFormat.get(best.i.format) ?? []), seed]);
  }
  return byFormat;
}

function safeSniff(importer: Importer, sample: Sample): number {
  try {
    return importer.sniff(sample);
  } catch {
    return 0;
  }
}

const INJECT = ['"', "'", ',', ';', '\n', '\r\n', '{', '}', '[', ']', ':', '\0', '\\', '99999999999999999999', '-1', 'null', '\u00ff', '\ud800', '""', '\t', '|', 'PK\u0003\u0004'];

function mutate(seed: Buffer, random: Random): Buffer {
  let bytes = Buffer.from(seed);
  const edits = random.int(1, 4);
  for (let e = 0; e < edits; e++) {
    const at = random.int(0, Math.max(0, bytes.length - 1));
    switch (random.int(0, 6)) {
      case 0: // flip a bit
        if (bytes.length) bytes[at] = bytes[at]! ^ (1 << random.int(0, 7));
        break;
      case 1: // truncate
        bytes = bytes.subarray(0, at);
        break;
      case 2: // delete a span
        bytes = Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + random.int(1, 64))]);
        break;
      case 3: // duplicate a span
        bytes = Buffer.concat([bytes.subarray(0, at), bytes.subarray(at, at + random.int(1, 256)), bytes.subarray(at)]);
        break;
      case 4: // inject a troublesome token
        bytes = Buffer.concat([bytes.subarray(0, at), Buffer.from(INJECT[random.int(0, INJECT.length - 1)]!, 'utf8'), bytes.subarray(at)]);
        break;
      case 5: // random bytes
        bytes = Buffer.concat([bytes.subarray(0, at), Buffer.from(Array.from({ length: random.int(1, 16) }, () => random.int(0, 255))), bytes.subarray(at)]);
        break;
      default: // swap two halves
        bytes = Buffer.concat([bytes.subarray(at), bytes.subarray(0, at)]);
    }
  }
  return bytes;
}

async function runOnce(importer: Importer, name: string, bytes: Buffer, random: Random): Promise<'ok' | 'refused'> {
  const controller = new AbortController();
  const chunk = random.int(1, 4096);
  const collector = new Collector({
    file: name,
    size: bytes.length,
    timezone: 'UTC',
    mapping: importer.format.startsWith('generic') ? { time: 'time', timeFormat: 'iso', message: ['msg'] } : null,
    importId: 'fuzz',
    source: name,
    open: async function* () {
      for (let i = 0; i < bytes.length; i += chunk) yield bytes.subarray(i, i + chunk);
    },
    readAll: async () => bytes,
    runTarget: () => Promise.reject(new CasebookError('internal', 'fuzzing writes no runs')),
    onProgress: () => undefined,
    signal: controller.signal,
    singleGroup: true,
    limit: 100_000,
  });
  try {
    await importer.run(collector);
    await collector.finish();
    return 'ok';
  } catch (err) {
    if (err instanceof CasebookError || err instanceof PreviewLimitReached) return 'refused';
    throw err;
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([promise, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`hang: ${what} took over ${ms} ms`)), ms))]);
}

describe('importers under fuzzing', () => {
  const corpus = corpusSeeds();
  for (const importer of IMPORTERS) {
    it(`${importer.format}: ${PER_IMPORTER} mutated inputs end in a result or a clear error`, async () => {
      const random = testRandom(`fuzz ${importer.format}`);
      const seeds = [...(corpus.get(importer.format) ?? []), ...(BUILT_IN[importer.format] ?? []).map((s) => Buffer.from(s))];
      expect(seeds.length, `no seed input for ${importer.format}: add one to BUILT_IN`).toBeGreaterThan(0);
      const outcomes = { ok: 0, refused: 0 };
      for (let n = 0; n < PER_IMPORTER; n++) {
        const seed = seeds[n % seeds.length]!;
        const input = n < seeds.length ? seed : mutate(seed, random);
        try {
          outcomes[await withTimeout(runOnce(importer, `fuzz-${n}`, input, random), 5_000, `input ${n}`)]++;
        } catch (err) {
          throw new Error(`${importer.format}, seed ${random.seed}, input ${n} (${input.length} bytes): ${(err as Error).stack}`);
        }
      }
      // Both outcomes happen: the mutations reach the importer's checks, and some inputs survive.
      expect(outcomes.ok + outcomes.refused).toBe(PER_IMPORTER);
    }, 120_000);
  }
});
