import { createHash } from 'node:crypto';
import { readImportFile } from './import-file';

/** SHA-256 of a file, streamed; stops (rejecting with an AbortError) when `signal` is aborted. */
export async function sha256OfFile(file: string, signal?: AbortSignal): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of readImportFile(file, { highWaterMark: 1 << 20, signal })) hash.update(chunk);
  return hash.digest('hex');
}
