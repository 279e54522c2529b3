import { describe, expect, it } from 'vitest';
import { Dictionary } from './dictionary';
import { DICT_COLUMNS, type DictColumn, type RunColumns } from './run-format';
import { appendRuns, mergeRuns } from './run-merge';

const dictionaries = () => Object.fromEntries(DICT_COLUMNS.map((c) => [c, new Dictionary()])) as Record<DictColumn, Dictionary>;

/** A time-sorted run of these times, each event's host named after its run and place ("r2:0"), the other columns alike. */
function run(name: string, times: number[]): RunColumns {
  const dicts = Object.fromEntries(DICT_COLUMNS.map((c) => [c, times.map((_, i) => `${c}-${name}:${i}`)])) as Record<DictColumn, string[]>;
  const ids = Object.fromEntries(DICT_COLUMNS.map((c) => [c, Uint32Array.from(times, (_, i) => i)])) as Record<DictColumn, Uint32Array>;
  return { header: { count: times.length, minTime: times[0] ?? 0, maxTime: times.at(-1) ?? 0, dicts, sections: {} }, time: Float64Array.from(times), ids };
}

/** The merged index as what it says: per position, the time and each column's value; per run, where its events went. */
function read(merged: ReturnType<typeof mergeRuns>, dicts: Record<DictColumn, Dictionary>) {
  const values = (c: DictColumn) => Array.from(merged.gids[c], (id) => dicts[c].values[id]);
  return {
    time: Array.from(merged.time),
    where: Array.from(merged.where),
    columns: Object.fromEntries(DICT_COLUMNS.map((c) => [c, values(c)])),
    globalOf: merged.globalOf.map((at) => Array.from(at)),
  };
}

describe('appendRuns (a later import merged into the index a case holds)', () => {
  it('gives the index a merge of all the runs gives: the same order, ties kept in run order, every column moved with its event', () => {
    const held = [run('a', [1, 3, 3, 7, 9]), run('b', [2, 3, 8])];
    const later = [run('c', [0, 3, 3, 10]), run('d', [3, 9, 11, 12])];
    const allDicts = dictionaries();
    const whole = read(mergeRuns([...held, ...later], allDicts), allDicts);
    const dicts = dictionaries();
    const appended = read(appendRuns(mergeRuns(held, dicts), later, dicts), dicts);
    expect(appended).toEqual(whole);
    expect(appended.time).toEqual([0, 1, 2, 3, 3, 3, 3, 3, 3, 7, 8, 9, 9, 10, 11, 12]);
  });

  it('leaves the held index as it was (queries running on it meanwhile still read it whole)', () => {
    const dicts = dictionaries();
    const base = mergeRuns([run('a', [1, 5])], dicts);
    const before = read(base, dicts);
    appendRuns(base, [run('b', [0, 2, 9])], dicts);
    expect(read(base, dicts)).toEqual(before);
  });

  it('adds to an empty case, and adds nothing', () => {
    const dicts = dictionaries();
    const empty = mergeRuns([], dicts);
    expect(read(appendRuns(empty, [run('a', [4, 6])], dicts), dicts).time).toEqual([4, 6]);
    const one = mergeRuns([run('b', [1])], dicts);
    expect(read(appendRuns(one, [], dicts), dicts)).toEqual(read(one, dicts));
  });
});
