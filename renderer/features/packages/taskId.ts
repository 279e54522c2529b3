/** A task id chosen by the page, so progress and cancel can name the task before its call returns (getRandomValues: randomUUID needs a secure context). */
export function newTaskId(prefix: string): string {
  return `${prefix}-${Array.from(crypto.getRandomValues(new Uint8Array(12)), (b) => b.toString(16).padStart(2, '0')).join('')}`;
}
