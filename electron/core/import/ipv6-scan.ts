import { isIP } from './entity-keys';

/**
 * IPv6 addresses in text, in their compressed form (with "::", as logs write
 * them), found by hand in one pass: each "::" is widened to the run of hex
 * digits, colons and dots around it, which counts when it stands alone (no
 * letter, digit or '_' touching it, so "std::string" and "[Enum]::Value" are
 * not addresses) and is an IPv6 address. The search goes on after the run, so
 * every character is looked at a bounded number of times.
 */

function isRunChar(c: number): boolean {
  // 0-9 A-F a-f : .
  return (c >= 48 && c <= 58) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102) || c === 46;
}

function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

/** Calls `found(start, end)` for each IPv6 address in `text` (a run of "::" alone, such as "::" or "::1", included: the caller drops placeholders). */
export function scanIpv6(text: string, found: (start: number, end: number) => void): void {
  let from = 0;
  for (let at = text.indexOf('::', from); at !== -1; at = text.indexOf('::', from)) {
    let start = at;
    while (start > from && isRunChar(text.charCodeAt(start - 1))) start--;
    let end = at + 2;
    while (end < text.length && isRunChar(text.charCodeAt(end))) end++;
    from = end;
    // A trailing dot or colon ends a sentence or a "host:port" label, not the address.
    let last = end;
    while (last > at + 2 && (text.charCodeAt(last - 1) === 46 || (text.charCodeAt(last - 1) === 58 && text.charCodeAt(last - 2) !== 58))) last--;
    if (start > 0 && isWordChar(text.charCodeAt(start - 1))) continue;
    if (end < text.length && isWordChar(text.charCodeAt(end))) continue;
    if (isIP(text.slice(start, last)) === 6) found(start, last);
  }
}
