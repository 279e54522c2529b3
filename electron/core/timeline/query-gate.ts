/**
 * Queries of one timeline store run side by side; a change to the store
 * (new runs merged in) waits for the running ones to finish and holds new
 * ones back until it is done. A query awaits between reading positions and
 * reading their text, so it must never see the store's arrays swapped under it.
 */
export class QueryGate {
  private readers = 0;
  private writing: Promise<void> | null = null;
  private drained: (() => void) | null = null;

  async read<T>(query: () => Promise<T>): Promise<T> {
    while (this.writing) await this.writing;
    this.readers++;
    try {
      return await query();
    } finally {
      if (--this.readers === 0) this.drained?.();
    }
  }

  async write(change: () => Promise<void>): Promise<void> {
    while (this.writing) await this.writing;
    let done!: () => void;
    this.writing = new Promise((resolve) => (done = resolve));
    try {
      if (this.readers > 0) await new Promise<void>((resolve) => (this.drained = resolve));
      this.drained = null;
      await change();
    } finally {
      this.writing = null;
      done();
    }
  }
}
