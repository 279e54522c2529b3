/**
 * Content checks shared by the Microsoft sniffers. The sample may end in the
 * middle of a record, so they look for tell-tale keys with regular
 * expressions rather than parsing.
 */

/** The first non-blank character opens a JSON object or array. */
export function looksLikeJson(text: string): boolean {
  const m = /\S/.exec(text);
  return m !== null && (m[0] === '{' || m[0] === '[');
}

/** Every key is present as a JSON key ("Key":) somewhere in the text; case-sensitive, like the APIs. */
export function hasKeys(text: string, ...keys: string[]): boolean {
  return keys.every((k) => text.includes(`"${k}":`) || new RegExp(`"${k}"\\s*:`).test(text));
}
