import { existsSync } from 'node:fs';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '../../..');
export const DIST = path.join(ROOT, 'dist');

/** Path of a compiled file under dist/, failing loudly when the build is missing. */
export function built(relative: string): string {
  const file = path.join(DIST, relative);
  if (!existsSync(file)) throw new Error(`${file} is missing: run "npm run build:engine" first (npm test does it)`);
  return file;
}
