/**
 * A `.catch` handler for a file or folder that may rightly not exist: ENOENT resolves to
 * `fallback`, any other failure (EACCES, EIO) is passed on, not taken for "not there".
 */
export function ifMissing<T>(fallback: T): (error: unknown) => T {
  return (error) => {
    if ((error as NodeJS.ErrnoException | null)?.code === 'ENOENT') return fallback;
    throw error;
  };
}
