/**
 * The names of evidence parts inside a package's tar:
 *
 *   evidence/<item id>/<path in the item>   one file of an ingested item, as it was ingested
 *   evidence/<item id>.custody.json         the item's record and its chain of custody
 *
 * A path in an item is whatever the ingested folder held (spaces, any script,
 * deep folders), so these names follow their own rule rather than the plain
 * names of the other parts: each segment keeps its characters, except that
 * `%`, `\`, control characters and a segment of `.`/`..` are percent-encoded,
 * so no name climbs out of the folder `tar -x` writes into and no two paths
 * share a name. The manifest keeps the path as it was (`path`).
 */

export const EVIDENCE_DIR = 'evidence';
const ITEM_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,100}$/;
const MAX_NAME_BYTES = 4096;
const MAX_SEGMENT_BYTES = 255;

function encodeSegment(segment: string): string {
  if (segment === '' || segment === '.' || segment === '..') return [...segment].map((c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`).join('') || '%00';
  // eslint-disable-next-line no-control-regex
  return segment.replace(/[%\\\u0000-\u001f\u007f]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

export function evidencePartName(itemId: string, filePath: string): string {
  return `${EVIDENCE_DIR}/${itemId}/${filePath.split('/').map(encodeSegment).join('/')}`;
}

export function custodyPartName(itemId: string): string {
  return `${EVIDENCE_DIR}/${itemId}.custody.json`;
}

/** Whether a tar name is an evidence part (of either kind). */
export function isEvidenceName(name: string): boolean {
  return name.startsWith(`${EVIDENCE_DIR}/`);
}

/** Whether a tar name is one file of an evidence item (not its custody file). */
export function isEvidenceFileName(name: string): boolean {
  return isEvidenceName(name) && name.indexOf('/', EVIDENCE_DIR.length + 1) > 0;
}

/** Why an evidence part's name is refused, or null when it may be read. */
export function unsafeEvidenceName(name: string): string | null {
  if (Buffer.byteLength(name) > MAX_NAME_BYTES) return `"${name.slice(0, 80)}…" is longer than ${MAX_NAME_BYTES} bytes`;
  const segments = name.split('/');
  if (segments.length === 2)
    return /^[A-Za-z0-9][A-Za-z0-9._-]{0,100}\.custody\.json$/.test(segments[1]!) ? null : `"${name}" is not an evidence custody file name`;
  if (!ITEM_ID.test(segments[1] ?? '')) return `"${name}" does not name an evidence item`;
  for (const s of segments.slice(2)) {
    if (s === '' || s === '.' || s === '..') return `"${name}" has an empty, "." or ".." segment`;
    // eslint-disable-next-line no-control-regex
    if (/[\\\u0000-\u001f\u007f]/.test(s)) return `"${name}" holds a backslash or a control character`;
    if (Buffer.byteLength(s) > MAX_SEGMENT_BYTES) return `"${name}" has a segment longer than ${MAX_SEGMENT_BYTES} bytes`;
  }
  return null;
}
