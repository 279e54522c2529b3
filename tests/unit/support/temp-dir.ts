import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach } from 'vitest';

/** A fresh temporary folder per call, removed after the test. */
export function useTempDirs(): () => string {
  const made: string[] = [];
  afterEach(() => {
    for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  return () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'casebook-test-'));
    made.push(dir);
    return dir;
  };
}

/** Cheap scrypt cost for tests that are not about key derivation (2^14). */
export const TEST_KDF = { N: 2 ** 14 };
