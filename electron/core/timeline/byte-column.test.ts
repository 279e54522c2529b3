import { describe, expect, it } from 'vitest';
import { ByteColumn } from './byte-column';

const SAMPLES = ['', 'plain ASCII', 'Zoë', '日本語', '😀 pair', '\ud800 lone', 'end \udfff', 'x'.repeat(5000)];

describe('ByteColumn', () => {
  it('stores each string as its UTF-8 bytes, one after the other, growing as needed', () => {
    const column = new ByteColumn(SAMPLES.length * 2, 8);
    for (const s of SAMPLES) column.push(s);
    for (const s of SAMPLES) column.pushMarked(1, s);
    const { offsets, bytes } = column.raw(SAMPLES.length * 2);
    const stored = [...offsets.subarray(1)].map((end, i) => bytes.subarray(offsets[i], end));
    const expected = [...SAMPLES.map((s) => Buffer.from(s, 'utf8')), ...SAMPLES.map((s) => Buffer.concat([Buffer.from([1]), Buffer.from(s, 'utf8')]))];
    expect(stored.map((b) => b.toString('hex'))).toEqual(expected.map((b) => b.toString('hex')));
  });
});
