/** Strings to dense ids and back; low-cardinality columns (host, user, source...) are stored as ids. */
export class Dictionary {
  readonly values: string[] = [];
  private readonly ids = new Map<string, number>();
  /** Consecutive events often repeat a value (same source, same host): skip the map for those. */
  private lastValue: string | null = null;
  private lastId = -1;

  constructor(initial: readonly string[] = []) {
    for (const value of initial) this.id(value);
  }

  id(value: string): number {
    if (value === this.lastValue) return this.lastId;
    let id = this.ids.get(value);
    if (id === undefined) {
      id = this.values.length;
      this.values.push(value);
      this.ids.set(value, id);
    }
    this.lastValue = value;
    this.lastId = id;
    return id;
  }

  lookup(value: string): number | undefined {
    return this.ids.get(value);
  }

  get size(): number {
    return this.values.length;
  }
}
