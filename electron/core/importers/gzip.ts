import { Readable, pipeline } from 'node:stream';
import { constants, createGunzip, gunzipSync } from 'node:zlib';
import { peek } from './peek';
import { ImportProblem } from './problems';

/**
 * Gzip-compressed logs (Zeek's rotated `.log.gz`, CloudTrail's `.json.gz`),
 * recognised by their magic bytes rather than their name and decompressed as
 * a stream under a running budget: a file that inflates past what any real
 * log does (a "gzip bomb") is refused as soon as it crosses the line, before
 * it fills memory or the case.
 */

export interface GunzipLimits {
  /** Output allowed whatever the ratio: small logs of repeated lines compress very well. */
  floorBytes: number;
  /** Beyond the floor, output may be at most this many times the compressed size... */
  maxRatio: number;
  /** ...and never more than this. */
  maxBytes: number;
}

export const GUNZIP_LIMITS: GunzipLimits = { floorBytes: 64 * 1024 ** 2, maxRatio: 100, maxBytes: 4 * 1024 ** 3 };

export function isGzip(head: Buffer): boolean {
  return head.length >= 3 && head[0] === 0x1f && head[1] === 0x8b && head[2] === 8;
}

/** The bytes a file of `compressed` bytes may inflate to. */
export function gunzipBudget(compressed: number, limits: GunzipLimits = GUNZIP_LIMITS): number {
  return Math.min(limits.maxBytes, Math.max(limits.floorBytes, limits.maxRatio * compressed));
}

/**
 * The start of a gzip file's content, for sniffing: only the first few KiB of
 * compressed bytes are inflated, and at most 1 MiB comes out (a bomb's first
 * bytes yield nothing rather than a huge buffer).
 */
export function gunzipHead(head: Buffer): string {
  // Every gzip-aware importer sniffs the same sample: it is inflated once.
  const known = inflatedHeads.get(head);
  if (known !== undefined) return known;
  let text = '';
  for (const n of [8192, 2048, 512]) {
    try {
      const out = gunzipSync(head.subarray(0, n), { finishFlush: constants.Z_SYNC_FLUSH, maxOutputLength: 1024 ** 2 });
      text = out.toString('utf8').replace(/^\uFEFF/, '');
      break;
    } catch {
      // Too much output from these many bytes, or not gzip at all: try fewer.
    }
  }
  inflatedHeads.set(head, text);
  return text;
}

const inflatedHeads = new WeakMap<Buffer, string>();

export interface GunzipOptions {
  file: string;
  /** Size of the compressed file: the budget's denominator. */
  compressedSize: number;
  /** Compressed bytes consumed, for progress. */
  onBytes?: (n: number) => void;
  limits?: GunzipLimits;
}

/**
 * Inflates a gzip stream (every member of a concatenated file, as `gzip -d`
 * does), counting its output against gunzipBudget. Damaged or truncated data
 * is refused with zlib's reason.
 */
export async function* gunzipStream(compressed: AsyncIterable<Buffer>, options: GunzipOptions): AsyncGenerator<Buffer> {
  const budget = gunzipBudget(options.compressedSize, options.limits);
  const counted = (async function* () {
    for await (const chunk of compressed) {
      options.onBytes?.(chunk.length);
      yield chunk;
    }
  })();
  const gunzip = createGunzip({ chunkSize: 1024 * 1024 });
  // An error in either stream destroys both; iterating the gunzip then throws it.
  pipeline(Readable.from(counted), gunzip, () => undefined);
  let out = 0;
  try {
    for await (const chunk of gunzip as AsyncIterable<Buffer>) {
      out += chunk.length;
      if (out > budget) {
        throw new ImportProblem(
          `${options.file}: the gzip data inflates past ${budget} bytes from ${options.compressedSize} compressed: refused as a likely gzip bomb`,
        );
      }
      yield chunk;
    }
  } catch (err) {
    if (err instanceof ImportProblem) throw err;
    throw new ImportProblem(`${options.file}: the gzip data is damaged or truncated (${(err as Error).message})`);
  } finally {
    gunzip.destroy();
  }
}

/** A file's content: inflated when it is gzip (by its first bytes), as is otherwise. */
export async function* maybeGunzip(chunks: AsyncIterable<Buffer>, options: GunzipOptions): AsyncGenerator<Buffer> {
  const { head, all } = await peek(chunks);
  if (isGzip(head)) {
    yield* gunzipStream(all, options);
    return;
  }
  for await (const chunk of all) {
    options.onBytes?.(chunk.length);
    yield chunk;
  }
}
