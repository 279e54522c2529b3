import { describe, expect, it } from 'vitest';
import { QueryGate } from './query-gate';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('QueryGate', () => {
  it('lets queries run together, and a change wait for them and hold back the next ones', async () => {
    const gate = new QueryGate();
    const log: string[] = [];
    let finishFirst!: () => void;
    const first = gate.read(async () => {
      log.push('first starts');
      await new Promise<void>((resolve) => (finishFirst = resolve));
      log.push('first ends');
    });
    const second = gate.read(async () => void log.push('second runs'));
    await tick();
    const change = gate.write(async () => void log.push('change'));
    const third = gate.read(async () => void log.push('third runs'));
    await tick();
    expect(log).toEqual(['first starts', 'second runs']);
    finishFirst();
    await Promise.all([first, second, change, third]);
    expect(log).toEqual(['first starts', 'second runs', 'first ends', 'change', 'third runs']);
  });

  it('runs two changes one after the other, and opens again after a change that failed', async () => {
    const gate = new QueryGate();
    const log: string[] = [];
    const a = gate.write(async () => {
      await tick();
      log.push('a');
    });
    const b = gate.write(async () => void log.push('b'));
    await Promise.all([a, b]);
    await expect(gate.write(async () => Promise.reject(new Error('damaged run')))).rejects.toThrow('damaged run');
    expect(await gate.read(async () => 'answered')).toBe('answered');
    expect(log).toEqual(['a', 'b']);
  });

  it('tells work that can wait (idle) when no query or change is running any more', async () => {
    const gate = new QueryGate();
    const log: string[] = [];
    await gate.idle();
    let finish!: () => void;
    const query = gate.read(() => new Promise<void>((resolve) => (finish = resolve)));
    const waited = gate.idle().then(() => void log.push('idle'));
    await tick();
    expect(log).toEqual([]);
    finish();
    await query;
    await waited;
    expect(log).toEqual(['idle']);
  });
});
