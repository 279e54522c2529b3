import { randomBytes } from 'node:crypto';
import { closeSync, openSync, writeSync } from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { afterEach, describe, expect, it } from 'vitest';
import { useTempDirs } from '../../../tests/unit/support/temp-dir';
import type { Engine } from '../engine';
import { vaultAt } from './package-test-kit';

const tempDir = useTempDirs();
const engines: Engine[] = [];
afterEach(async () => {
  for (const e of engines.splice(0)) await e.dispose();
});

const MIB = 1024 * 1024;
const FILE_MIB = 96;

// A full collection before each sample, so what is measured is what is still held, not garbage waiting for the collector.
v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

/** The most the JavaScript heap and the Buffers outside it kept alive at once while `work` ran, over what they held before. */
async function peakGrowth(work: () => Promise<unknown>): Promise<number> {
  const used = () => {
    gc();
    const m = process.memoryUsage();
    return m.heapUsed + m.arrayBuffers;
  };
  const base = used();
  let peak = base;
  const timer = setInterval(() => (peak = Math.max(peak, used())), 1000);
  try {
    await work();
  } finally {
    clearInterval(timer);
  }
  return Math.max(peak, used()) - base;
}

describe('an evidence file far larger than a chunk, carried in a package', () => {
  it(`(${FILE_MIB} MiB) is exported, verified and imported with memory far below its size`, async () => {
    const a = await vaultAt(tempDir(), 'alice');
    const b = await vaultAt(tempDir(), 'bob');
    engines.push(a.engine, b.engine);
    const caseId = (await a.call('cases.create', { title: 'Big image' })).cases![0]!.id;
    const image = path.join(a.dir, 'disk.raw');
    const fd = openSync(image, 'w');
    const block = randomBytes(MIB);
    for (let i = 0; i < FILE_MIB; i++)
      writeSync(
        fd,
        block.map((x) => x ^ i),
      );
    closeSync(fd);
    const item = (await a.call('evidence.add', { caseId, taskId: 'e', file: image, fields: { title: 'Disk', kind: 'disk-image' } })).result;
    const file = path.join(a.dir, 'big.cbpkg');
    const recipient = (await b.call('identity.show', {})).identity.ageRecipient;
    const t0 = performance.now();
    const exporting = await peakGrowth(() => a.call('packages.export', { taskId: 'x', caseId, out: file, to: { recipients: [recipient] } }));
    const t1 = performance.now();
    const importing = await peakGrowth(() => b.call('packages.import', { file }));
    const t2 = performance.now();
    const rate = (ms: number) => `${(FILE_MIB / (ms / 1000)).toFixed(0)} MiB/s`;
    console.log(
      `${FILE_MIB} MiB file: export ${rate(t1 - t0)}, peak growth ${(exporting / MIB).toFixed(1)} MiB; verify + import ${rate(t2 - t1)}, peak growth ${(importing / MIB).toFixed(1)} MiB`,
    );
    // Holding the file (or its blob) whole would keep all of it alive; what streams holds a few dozen MiB in flight whatever the size.
    expect(exporting).toBeLessThan((FILE_MIB / 2) * MIB);
    expect(importing).toBeLessThan((FILE_MIB / 2) * MIB);
    expect((await b.call('evidence.verify', { caseId, itemId: item.id })).result.result).toBe('match');
  }, 300_000);
});
