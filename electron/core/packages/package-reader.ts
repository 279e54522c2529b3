import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import * as tar from 'tar-stream';
import { ageDecryptor, AgeError, type AgeKeys } from './age/age';
import { unsafeName } from './package-format';
import { settledElsewhere } from '../diagnostics/diagnostics';

/** A package that cannot be read as one: what failed and where (the part it was in). */
export class PackageRefused extends Error {
  constructor(
    /** The check that failed: 'decrypt' or 'structure'. */
    readonly check: 'decrypt' | 'structure',
    message: string,
    readonly ageKind: AgeError['kind'] | null = null,
  ) {
    super(message);
    this.name = 'PackageRefused';
  }
}

export interface EntryHeader {
  name: string;
  size: number;
}

/** Called with each file of the tar in turn; must read its body to the end. */
export type EntryVisitor = (entry: EntryHeader, body: AsyncIterable<Buffer>) => Promise<void>;

/** Large reads: most sealed chunks then lie whole in one read and are opened where they lie. */
const READ_BYTES = 1 << 20;

/**
 * Decrypts a package and walks its tar, one file at a time, without holding
 * more than the visitor keeps. Refuses (PackageRefused, naming the entry)
 * anything but plain files with safe relative names: links, folders, devices,
 * `..` or absolute paths, a name seen twice. A damaged or cut-short
 * encryption is refused naming the file being read when it was found.
 * Resolves with the SHA-256 of the package file's bytes, as they were read.
 */
export async function readPackage(file: string, keys: AgeKeys, visit: EntryVisitor): Promise<{ sha256: string }> {
  const extract = tar.extract();
  let current: string | null = null;
  const seen = new Set<string>();
  const outer = createHash('sha256');
  const source = createReadStream(file, { highWaterMark: READ_BYTES }).on('data', (b) => outer.update(b as Buffer));
  const feeding = pipeline(source, ageDecryptor(keys), extract as unknown as NodeJS.WritableStream);
  // Awaited after the entries are read; kept from being unhandled meanwhile.
  feeding.catch(settledElsewhere);
  try {
    for await (const entry of extract) {
      const { name, type, size } = entry.header;
      const refusal =
        type !== 'file'
          ? `"${name}" is a ${type ?? 'special entry'}, not a plain file`
          : (unsafeName(name) ?? (seen.has(name) ? `"${name}" appears twice` : null));
      if (refusal) throw new PackageRefused('structure', `the package holds an entry Casebook refuses: ${refusal}`);
      seen.add(name);
      current = name;
      await visit({ name, size: size ?? 0 }, entry as AsyncIterable<Buffer>);
      current = null;
    }
    await feeding;
    return { sha256: outer.digest('hex') };
  } catch (err) {
    extract.destroy();
    // A failed decryption ends the tar early: the decryptor's error is the one to report.
    const feedErr = await feeding.then(
      () => null,
      (e: unknown) => e,
    );
    throw explain(feedErr instanceof AgeError ? feedErr : err, current);
  }
}

function explain(err: unknown, current: string | null): Error {
  if (err instanceof PackageRefused) return err;
  if (err instanceof AgeError) {
    const where = err.kind === 'payload' || err.kind === 'truncated' ? ` (while reading ${current ?? 'the tar structure'})` : '';
    return new PackageRefused('decrypt', `${err.message}${where}`, err.kind);
  }
  const message = (err as Error).message ?? String(err);
  // tar-stream's own complaints (a bad header checksum, an archive that ends mid-file) are structure failures.
  if (/tar|header|unexpected end|premature/i.test(message)) return new PackageRefused('structure', `the tar inside the package is damaged: ${message}`);
  return err as Error;
}
