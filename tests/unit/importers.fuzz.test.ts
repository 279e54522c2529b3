import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { IMPORTERS } from '../../electron/core/importers/registry';
import type { Importer, Sample } from '../../electron/core/importers/types';
import { Collector, PreviewLimitReached } from '../../electron/core/import/collector';
import { readOnlyStages } from '../../electron/core/import/collector-stages';
import { CasebookError } from '../../shared/ipc/errors';
import { HAS_SAMPLES, SAMPLES } from './support/samples';
import { testRandom, type Random } from './support/seeded-random';
import { NO_PYTHON_SQLITE, PYTHON_SQLITE } from './support/plaso-storage-fixture';
import { BUILT_IN } from './support/fuzz-seeds';

/**
 * Every importer gets at least 1,000 mutated inputs: bit flips, truncations,
 * deleted and duplicated spans, injected quotes, braces, separators, NULs and
 * huge numbers. Each input must end in a result or a clear CasebookError (an
 * ImportProblem), never another exception, never a hang.
 */
const PER_IMPORTER = 1000;
/** Text seeds are cut to a few KiB at a line end: mutations, not volume, are the point. */
const MAX_SEED_BYTES = 6 * 1024;

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
    // Plaso storage files are databases of megabytes: fuzzed from the small built-in one instead.
    if (/\.(md|yaml|plaso)$/i.test(file)) continue;
    const bytes = readFileSync(file);
    const best = IMPORTERS.map((i) => ({ i, c: safeSniff(i, sampleOf(path.basename(file), bytes)) })).sort((a, b) => b.c - a.c)[0];
    if (!best || best.c < 0.2) continue;
    // Zips are fuzzed whole (their structure is the point), event logs as their header and first chunk; text files are cut to a small seed.
    const cut = bytes.lastIndexOf(10, MAX_SEED_BYTES);
    const seed =
      bytes[0] === 0x50 && bytes[1] === 0x4b
        ? bytes
        : best.i.format === 'evtx'
          ? bytes.subarray(0, 4096 + 65536)
          : bytes.subarray(0, bytes.length <= MAX_SEED_BYTES ? bytes.length : cut > 0 ? cut + 1 : MAX_SEED_BYTES);
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

const INJECT = [
  '"',
  "'",
  ',',
  ';',
  '\n',
  '\r\n',
  '{',
  '}',
  '[',
  ']',
  ':',
  '\0',
  '\\',
  '99999999999999999999',
  '-1',
  'null',
  '\u00ff',
  '\ud800',
  '""',
  '\t',
  '|',
  'PK\u0003\u0004',
];

const ODD_VALUES: unknown[] = [null, 0, -1, 1e308, '', 'x'.repeat(5000), [], {}, true, '2024-13-45T99:99:99Z', '\u0000', { $ref: '1' }, ['a', 1, null], 'NaN'];

/** Replaces, drops or retypes one value somewhere inside a JSON document, keeping it valid JSON. */
function mutateJson(doc: unknown, random: Random): unknown {
  if (doc === null || typeof doc !== 'object') return ODD_VALUES[random.int(0, ODD_VALUES.length - 1)];
  const copy: Record<string, unknown> | unknown[] = Array.isArray(doc) ? [...doc] : { ...(doc as Record<string, unknown>) };
  const keys = Object.keys(copy);
  if (keys.length === 0) return ODD_VALUES[random.int(0, ODD_VALUES.length - 1)];
  const key = keys[random.int(0, keys.length - 1)]!;
  const target = copy as Record<string, unknown>;
  const roll = random.next();
  if (roll < 0.15 && !Array.isArray(copy)) delete target[key];
  else if (roll < 0.4) target[key] = ODD_VALUES[random.int(0, ODD_VALUES.length - 1)];
  else target[key] = mutateJson(target[key], random);
  return copy;
}

/** JSON documents and JSON lines are also mutated as data, so the importers' field handling is reached, not only the parser. */
function mutateStructure(seed: Buffer, random: Random): Buffer | null {
  const text = seed.toString('utf8');
  try {
    return Buffer.from(JSON.stringify(mutateJson(JSON.parse(text), random)));
  } catch {
    const lines = text.split('\n');
    const at = random.int(0, Math.max(0, lines.length - 1));
    try {
      lines[at] = JSON.stringify(mutateJson(JSON.parse(lines[at]!), random));
      return Buffer.from(lines.join('\n'));
    } catch {
      return null;
    }
  }
}

function mutate(seed: Buffer, random: Random): Buffer {
  if (random.next() < 0.5) {
    const structured = mutateStructure(seed, random);
    if (structured) return structured;
  }
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
  const file = {
    name,
    size: bytes.length,
    timezone: 'UTC',
    mapping: importer.format.startsWith('generic') ? { time: 'time', timeFormat: 'iso' as const, message: ['msg'] } : null,
  };
  const reader = {
    open: async function* () {
      for (let i = 0; i < bytes.length; i += chunk) yield bytes.subarray(i, i + chunk);
    },
    readAll: async () => bytes,
    readAt: async (offset: number, length: number) => bytes.subarray(offset, offset + length),
  };
  // Fuzzing writes no runs: a run that fills up is refused (a CasebookError).
  const collector = new Collector(file, readOnlyStages(file, reader), { signal: controller.signal, onProgress: () => undefined, limit: 100_000 });
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
    const noSeed = importer.format === 'plaso-storage' && !PYTHON_SQLITE;
    it.skipIf(noSeed)(
      `${importer.format}: ${PER_IMPORTER} mutated inputs end in a result or a clear error${noSeed ? ` (${NO_PYTHON_SQLITE})` : ''}`,
      async () => {
        const random = testRandom(`fuzz ${importer.format}`);
        const seeds = [...(corpus.get(importer.format) ?? []), ...(BUILT_IN[importer.format] ?? []).map((s) => (typeof s === 'string' ? Buffer.from(s) : s))];
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
      },
      120_000,
    );
  }
});
