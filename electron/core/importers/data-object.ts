/**
 * Objects whose keys come from the input (column names, JSON keys). A plain
 * {} would take "__proto__" as its prototype when assigned an object, and
 * silently drop it when assigned text; it would also answer "constructor" for
 * a column a file does not have. With no prototype these are keys like any
 * other, kept as the event's attributes.
 */
export function dataObject<T = unknown>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

/** Copies `from`'s own fields into `into` as data: Object.assign would set `into`'s prototype for a "__proto__" key. */
export function copyFields(into: Record<string, unknown>, from: Record<string, unknown>): void {
  for (const key of Object.keys(from)) Object.defineProperty(into, key, { value: from[key], enumerable: true, writable: true, configurable: true });
}
