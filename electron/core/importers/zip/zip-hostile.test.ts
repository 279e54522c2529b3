import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { runImporter } from '../../../../tests/unit/support/import-harness';
import { makeZip } from '../../../../tests/unit/support/zip-writer';
import { securityDatasets } from '../security-datasets/security-datasets';
import { bufferSource } from './byte-source';
import { readZipDirectory } from './zip-directory';
import { readZipEntry } from './zip-entry';
import { MAX_RATIO, SMALL_ENTRY } from './zip-limits';

/** Archives built to expand: a small entry of a huge ratio, entries sharing one body, many entries adding up. */

const row = (i: number) =>
  JSON.stringify({ EventID: 4624, Channel: 'Security', Hostname: 'WKS1', TimeCreated: '2020-10-18T19:50:09.000Z', Message: `logon ${i}` });

async function readAll(zip: Buffer, file = 't.zip'): Promise<number> {
  const source = bufferSource(zip);
  let total = 0;
  for (const entry of await readZipDirectory(source, file)) for await (const piece of readZipEntry(entry, file)) total += piece.length;
  return total;
}

describe('hostile ZIP archives', () => {
  it('refuses a 3 MiB entry made of a few KiB (a ratio far past any log), though it is far under 4 GiB', async () => {
    const zip = makeZip([{ name: 'small.jsonl', data: `${row(1)}\n${' '.repeat(3 * 1024 * 1024)}\n` }]);
    expect(zip.length).toBeLessThan(8 * 1024);
    await expect(readAll(zip)).rejects.toThrow(
      new RegExp(`^t\\.zip: entry "small\\.jsonl": it declares \\d+ bytes from \\d+ compressed, more than ${MAX_RATIO} times: refused as a likely zip bomb$`),
    );
  });

  it('reads a small entry of any ratio, and a large one of an honest ratio', async () => {
    const small = ' '.repeat(SMALL_ENTRY);
    const honest = Array.from({ length: 20_000 }, (_, i) => row(i)).join('\n');
    expect(
      await readAll(
        makeZip([
          { name: 'a.jsonl', data: small },
          { name: 'b.jsonl', data: honest },
        ]),
      ),
    ).toBe(small.length + honest.length);
  });

  it('refuses entries whose directory records point into the same bytes, naming both', async () => {
    const body = Array.from({ length: 500 }, (_, i) => row(i)).join('\n');
    // "b" is written after "a", but the directory says its header is "a"'s.
    const same = makeZip([
      { name: 'a.jsonl', data: body },
      { name: 'b.jsonl', data: body, declaredOffset: 0 },
    ]);
    await expect(readZipDirectory(bufferSource(same), 't.zip')).rejects.toThrow(
      /^t\.zip: entry "a\.jsonl" \(header at byte 0, \d+ compressed bytes\) overlaps entry "b\.jsonl" \(header at byte 0\): entries sharing their bytes are refused/,
    );
    const r = await runImporter(securityDatasets, same, { name: 'o.zip' });
    expect(r.error?.message).toMatch(/^o\.zip: entry "a\.jsonl" .* overlaps entry "b\.jsonl"/);
    expect(r.events).toHaveLength(0);
  });

  it('refuses an entry whose data runs into the next header, found once its local header is read', async () => {
    // The directory puts "b" 10 bytes after the smallest "a" could be (header and data), inside "a"'s data: its 46-byte name comes first.
    const body = Array.from({ length: 50 }, (_, i) => row(i)).join('\n');
    const compressed = deflateRawSync(body).length;
    const zip = makeZip([
      { name: `${'n'.repeat(40)}.jsonl`, data: body },
      { name: 'b.jsonl', data: body, declaredOffset: 30 + compressed + 10 },
    ]);
    await expect(readAll(zip)).rejects.toThrow(
      new RegExp(
        `^t\\.zip: entry "n+\\.jsonl": its data \\(bytes 76–${76 + compressed}\\) runs into what follows it at byte ${40 + compressed} \\(another entry or the directory\\): overlapping entries are refused$`,
      ),
    );
  });

  it('refuses an archive whose entries, each small enough to pass, add up to more than 100 times the archive', async () => {
    const piece = `${row(1)}\n${' '.repeat(SMALL_ENTRY - 200)}\n`;
    const zip = makeZip(Array.from({ length: 40 }, (_, i) => ({ name: `p${i}.jsonl`, data: piece })));
    const r = await runImporter(securityDatasets, zip, { name: 'many.zip' });
    expect(r.error?.message).toMatch(
      new RegExp(
        `^many\\.zip: its 40 entries declare ${40 * piece.length} bytes in all, more than ${MAX_RATIO} times the archive's ${zip.length} bytes: refused as a likely zip bomb`,
      ),
    );
    expect(r.events).toHaveLength(0);
  });
});
