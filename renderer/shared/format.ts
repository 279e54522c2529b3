/** Numbers and sizes for people: grouped digits, binary units. Fixed locale so screens and tests agree. */
const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export function formatCount(n: number): string {
  return integer.format(n);
}

/** "1 event", "5,000 events". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 ** 2) return `${(bytes / 1024).toFixed(1)} KiB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
  return `${(bytes / 1024 ** 3).toFixed(2)} GiB`;
}

/** Bytes in MiB with one decimal, for progress ("12.5 of 40.0 MiB"). */
export function formatMiB(bytes: number): string {
  return (bytes / 1024 ** 2).toFixed(1);
}
