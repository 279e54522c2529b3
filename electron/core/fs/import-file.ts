import { constants, promises as fs, type BigIntStats } from 'node:fs';
import path from 'node:path';
import { ImportProblem } from '../importers/problems';

/**
 * Only regular files on a real filesystem are imported. A device (/dev/zero
 * never ends, /dev/tty waits for a key), a FIFO (opening it waits for a
 * writer), a socket or a directory is refused by its type, before anything
 * opens it. Files under /proc and /sys are "regular" to stat, but the kernel
 * makes them up as they are read (size 0, contents that change, secrets such
 * as /proc/self/environ): they are refused by where they really live
 * (realpath) and, on Linux, by the type of filesystem holding them, which also
 * catches procfs or sysfs mounted somewhere else.
 */

/**
 * Flags every reader of an imported file opens it with. O_NONBLOCK: should the
 * file be swapped for a FIFO between the check and the open, the open returns
 * at once instead of waiting for a writer (reads then end or fail, and the
 * identity check before the commit refuses the file). It changes nothing for a
 * regular file. O_NOCTTY: a terminal never becomes the process's own. Both are
 * absent on Windows, which has neither FIFOs nor terminals to open this way.
 */
export const IMPORT_READ_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOCTTY ?? 0);

/** Folders whose entries are devices or kernel pseudo-files, never evidence files. */
const PSEUDO_ROOTS = ['/proc', '/sys', '/dev'];

/** Linux statfs f_type of filesystems whose files the kernel makes up (linux/magic.h). */
const PSEUDO_FILESYSTEMS = new Map<number, string>([
  [0x9fa0, 'proc'],
  [0x62656572, 'sysfs'],
  [0x64626720, 'debugfs'],
  [0x74726163, 'tracefs'],
  [0x73636673, 'securityfs'],
  [0x0027e0eb, 'cgroup'],
  [0x63677270, 'cgroup2'],
  [0x00001cd1, 'devpts'],
  [0x62656570, 'configfs'],
  [0xde5e81e4, 'efivarfs'],
  [0xcafe4a11, 'bpf'],
  [0x6165676c, 'pstore'],
  [0x42494e4d, 'binfmt_misc'],
  [0x65735543, 'fusectl'],
  [0xf97cff8c, 'selinuxfs'],
  [0x43415d53, 'smackfs'],
  [0x6e736673, 'nsfs'],
  [0x19800202, 'mqueue'],
]);

/** What identifies a file's content without reading it: checked again before the commit. */
export interface FileIdentity {
  size: number;
  mtimeNs: bigint;
  ino: bigint;
  dev: bigint;
}

function kindOf(stat: BigIntStats): string {
  if (stat.isDirectory()) return 'a folder';
  if (stat.isFIFO()) return 'a named pipe (FIFO)';
  if (stat.isSocket()) return 'a socket';
  if (stat.isCharacterDevice()) return 'a character device';
  if (stat.isBlockDevice()) return 'a block device';
  return 'not a regular file';
}

function under(root: string, file: string): boolean {
  return file === root || file.startsWith(root + '/');
}

async function pseudoFilesystem(real: string): Promise<string | null> {
  if (process.platform !== 'linux') return null;
  const { type } = await fs.statfs(real);
  return PSEUDO_FILESYSTEMS.get(Number(type)) ?? null;
}

/**
 * Stats the file without opening it and refuses anything but a regular file on
 * a real filesystem, naming what it is. Errors are ImportProblems that start
 * with the path, as the user gave it.
 */
export async function statImportable(file: string): Promise<FileIdentity> {
  const refuse = (why: string) => new ImportProblem(`${file}: ${why}; only regular files can be imported`);
  let stat: BigIntStats;
  let real: string;
  let pseudo: string | null;
  try {
    stat = await fs.stat(file, { bigint: true });
    real = await fs.realpath(file);
    pseudo = stat.isFile() ? await pseudoFilesystem(real) : null;
  } catch (err) {
    throw new ImportProblem(`${file}: cannot read it (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  if (!stat.isFile()) throw refuse(`it is ${kindOf(stat)}`);
  if (pseudo) throw refuse(`it is on the kernel's ${pseudo} filesystem, made up as it is read, not a file on disk`);
  // Where the filesystem type says nothing (not Linux, or /dev's tmpfs), the folder does.
  const root = process.platform === 'win32' ? undefined : PSEUDO_ROOTS.find((r) => under(r, path.posix.normalize(real)));
  if (root) throw refuse(`it is under ${root}, where the system keeps devices and its own pseudo-files, not evidence`);
  return { size: Number(stat.size), mtimeNs: stat.mtimeNs, ino: stat.ino, dev: stat.dev };
}

/**
 * The file's bytes, streamed through a handle opened with IMPORT_READ_FLAGS
 * (`end` inclusive, as for createReadStream). Nothing is opened until the
 * first chunk is asked for; leaving the loop early closes the handle.
 */
export async function* readImportFile(
  file: string,
  options: { start?: number; end?: number; highWaterMark?: number; signal?: AbortSignal } = {},
): AsyncGenerator<Buffer> {
  const handle = await fs.open(file, IMPORT_READ_FLAGS);
  let stream;
  try {
    stream = handle.createReadStream({ highWaterMark: options.highWaterMark ?? 1 << 20, start: options.start, end: options.end, signal: options.signal });
  } catch (err) {
    await handle.close();
    throw err;
  }
  yield* stream as AsyncIterable<Buffer>;
}
