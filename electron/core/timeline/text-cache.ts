import type { RunText } from './run-format';
import { settledElsewhere } from '../diagnostics/diagnostics';

interface Entry {
  text: RunText;
  lower: Buffer;
  bytes: number;
}

/**
 * Decrypted run text kept within a memory budget, least recently used first out,
 * so a 10-million-event case can be searched without holding all its text.
 */
export class TextCache {
  private readonly entries = new Map<number, Entry>();
  private readonly loading = new Map<number, Promise<Entry>>();
  private used = 0;
  /** Whether a run's text has had to leave to make room (the case's text does not fit the budget). */
  overflowed = false;

  constructor(
    private readonly budget: number,
    private readonly load: (run: number) => Promise<{ text: RunText; lower: Buffer }>,
    /** Told of each run's text as it leaves. */
    private readonly onEvict: (run: number, text: { text: RunText; lower: Buffer }) => void = () => undefined,
  ) {}

  async get(run: number): Promise<{ text: RunText; lower: Buffer }> {
    const hit = this.entries.get(run);
    if (hit) {
      this.entries.delete(run);
      this.entries.set(run, hit);
      return hit;
    }
    let pending = this.loading.get(run);
    if (!pending) {
      pending = this.load(run).then(({ text, lower }) => {
        const bytes = text.msgBytes.length * 2 + text.attrBytes.length + text.msgOffsets.byteLength * 2;
        const entry = { text, lower, bytes };
        this.entries.set(run, entry);
        this.used += bytes;
        this.evict(run);
        return entry;
      });
      this.loading.set(run, pending);
      // Whoever awaits `pending` gets its failure.
      void pending.finally(() => this.loading.delete(run)).catch(settledElsewhere);
    }
    return pending;
  }

  private evict(keep: number): void {
    for (const [run, entry] of this.entries) {
      if (this.used <= this.budget) return;
      if (run === keep) continue;
      this.entries.delete(run);
      this.used -= entry.bytes;
      this.overflowed = true;
      this.onEvict(run, entry);
    }
  }

  /** Whether another run's text is likely to fit without evicting one (for background warming). */
  hasRoomFor(): boolean {
    const average = this.entries.size ? this.used / this.entries.size : 0;
    return this.used + average <= this.budget;
  }

  clear(): void {
    this.entries.clear();
    this.used = 0;
  }
}
