import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ifMissing } from './if-missing';

const dir = mkdtempSync(path.join(os.tmpdir(), 'if-missing-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('ifMissing', () => {
  it('answers the fallback for a folder that does not exist', async () => {
    expect(await fs.readdir(path.join(dir, 'absent')).catch(ifMissing([] as string[]))).toEqual([]);
  });

  it('passes on any other failure: a file read as a folder is not "missing"', async () => {
    writeFileSync(path.join(dir, 'file'), 'x');
    await expect(fs.readdir(path.join(dir, 'file')).catch(ifMissing([] as string[]))).rejects.toMatchObject({ code: 'ENOTDIR' });
  });
});
