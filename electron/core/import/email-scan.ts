/**
 * E-mail addresses in text, as EMAIL_IN_TEXT finds them
 * (/\b[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}\b/g), in time linear in
 * the text. The pattern itself tries every word boundary as a start and runs
 * over the whole stretch of name characters after it looking for an '@': a
 * 120 KB message of "a.a.a.…" took 20 s. Here each '@' is found once, its
 * local part is the stretch of name characters before it (from its first word
 * boundary), and its domain ends at the last dot that is followed by two or
 * more letters and then no word character: the same matches, each character
 * looked at a bounded number of times.
 */

const LOCAL = 1;
const DOMAIN = 2;
const ALPHA = 4;
const WORD = 8;
const CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  const alnum = /[A-Za-z0-9]/.test(ch);
  CLASS[c] =
    (alnum || '._%+-'.includes(ch) ? LOCAL : 0) |
    (alnum || ch === '.' || ch === '-' ? DOMAIN : 0) |
    (/[A-Za-z]/.test(ch) ? ALPHA : 0) |
    (/\w/.test(ch) ? WORD : 0);
}

/** The classes of the character at i (0 outside the text or past ASCII). */
function classAt(text: string, i: number): number {
  if (i < 0 || i >= text.length) return 0;
  const c = text.charCodeAt(i);
  return c < 128 ? CLASS[c]! : 0;
}

const isWordAt = (text: string, i: number) => (classAt(text, i) & WORD) !== 0;

/** Calls `each(start, end)` for every address in `text`, in order, as the global pattern's exec loop would. */
export function scanEmails(text: string, each: (start: number, end: number) => void): void {
  let from = 0;
  for (let at = text.indexOf('@'); at !== -1; at = text.indexOf('@', Math.max(at + 1, from))) {
    // The local part: name characters back to `from`; the match starts at the first word boundary among them.
    let runStart = at;
    while (runStart > from && classAt(text, runStart - 1) & LOCAL) runStart--;
    let start = -1;
    for (let s = runStart; s < at; s++) {
      if (isWordAt(text, s - 1) !== isWordAt(text, s)) {
        start = s;
        break;
      }
    }
    if (start === -1) continue;
    // The domain: the longest stretch of its characters that ends in a dot, two or more letters and a word boundary.
    let domainEnd = at + 1;
    while (classAt(text, domainEnd) & DOMAIN) domainEnd++;
    let end = -1;
    for (let dot = domainEnd - 1; dot >= at + 2 && end === -1; dot--) {
      if (text.charCodeAt(dot) !== 46) continue;
      let e = dot + 1;
      while (classAt(text, e) & ALPHA) e++;
      if (e - dot - 1 >= 2 && !isWordAt(text, e)) end = e;
    }
    if (end === -1) continue;
    each(start, end);
    from = end;
  }
}
