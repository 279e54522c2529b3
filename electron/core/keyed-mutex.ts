import { settledElsewhere } from './diagnostics/diagnostics';

/**
 * Runs async sections one at a time per key. The engine takes a case's section
 * to open, close or write it, so a command that arrives while the case is
 * being opened (or imported into) waits instead of colliding with its lock.
 */
export class KeyedMutex {
  private readonly tails = new Map<string, Promise<unknown>>();

  async run<T>(key: string, section: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(section, section);
    // The caller gets the section's failure through `result`; the tail only orders the next one.
    const tail = result.catch(settledElsewhere);
    this.tails.set(key, tail);
    try {
      return await result;
    } finally {
      // Forget the key once nothing else queued behind this section.
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }
}
