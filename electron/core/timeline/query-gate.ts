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
  /** Waiting for no query or change to be running (idle()). */
  private readonly waiting: (() => void)[] = [];

  /**
   * Resolves once no query or change is running: work that can wait (the
   * entity store's build) lets the timeline's queries go first.
   */
  idle(): Promise<void> {
    if (this.readers === 0 && !this.writing) return Promise.resolve();
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private wakeIdle(): void {
    if (this.readers > 0 || this.writing) return;
    for (const resolve of this.waiting.splice(0)) resolve();
  }

  async read<T>(query: () => Promise<T>): Promise<T> {
    while (this.writing) await this.writing;
    this.readers++;
    try {
      return await query();
    } finally {
      if (--this.readers === 0) this.drained?.();
      this.wakeIdle();
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
      this.wakeIdle();
    }
  }
}
