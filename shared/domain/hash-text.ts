/**
 * Hashes pasted from a tool's output, for an item held by reference: the
 * lines of sha256sum/sha1sum/md5sum, FTK Imager's verification text, ewfinfo's
 * digest section, or a bare hash. Pure (no I/O), used by the renderer's add
 * dialog and the CLI alike. A line naming a hash that is not hexadecimal of
 * its length is an error naming the line.
 */

export interface ParsedHashes {
  sha256?: string;
  sha1?: string;
  md5?: string;
  /** The tool the text came from, as recognised. */
  source: 'sha256sum' | 'ftk-imager' | 'ewfinfo' | 'bare';
  /** The file name the text gives with its hash (sha256sum lines), if any. */
  name?: string;
}

type Alg = 'sha256' | 'sha1' | 'md5';
const LENGTHS: Record<Alg, number> = { sha256: 64, sha1: 40, md5: 32 };
const algOfLength = (n: number): Alg | null => (n === 64 ? 'sha256' : n === 40 ? 'sha1' : n === 32 ? 'md5' : null);

export class HashTextError extends Error {}

function put(out: ParsedHashes, alg: Alg, value: string, line: number): void {
  const hex = value.replace(/\s+/g, '').toLowerCase();
  if (!new RegExp(`^[0-9a-f]{${LENGTHS[alg]}}$`).test(hex)) {
    throw new HashTextError(`line ${line}: "${value.trim()}" is not a ${alg.toUpperCase()} (${LENGTHS[alg]} hexadecimal digits)`);
  }
  if (out[alg] && out[alg] !== hex) throw new HashTextError(`line ${line}: a second, different ${alg.toUpperCase()} (${hex}; ${out[alg]} before)`);
  out[alg] = hex;
}

/** "MD5 checksum:", "SHA1 checksum:" (FTK Imager), "MD5:", "SHA256 hash:" (ewfinfo), with or without "Computed"/"Report" prefixes. */
const LABELLED = /^\s*(?:\[?(computed|report|stored|calculated)\]?\s+)?(md5|sha-?1|sha-?256)(?:\s+(?:checksum|hash|digest))?\s*:\s*(.*)$/i;
/** sha256sum's "HASH  name" or "HASH *name", and BSD's "SHA256 (name) = HASH". */
const SUM_LINE = /^\\?([0-9a-fA-F]{32,64}) [ *](.+)$/;
const BSD_LINE = /^(MD5|SHA1|SHA256) \((.+)\) = ([0-9a-fA-F]+)$/;

const labelAlg = (label: string): Alg => {
  const l = label.toLowerCase().replace('-', '');
  return l === 'md5' ? 'md5' : l === 'sha1' ? 'sha1' : 'sha256';
};

/** Parses the pasted text; throws HashTextError naming the line when a hash is malformed or none is found. */
export function parseHashText(text: string): ParsedHashes {
  const lines = text.split(/\r?\n/);
  const out: ParsedHashes = { source: 'bare' };
  const ftk = /FTK Imager|Verify|Computed hash|Report Hash|verification/i.test(text);
  const ewf = /ewfinfo|Digest hash information|EWF information/i.test(text);
  lines.forEach((raw, i) => {
    const line = raw.trim();
    const n = i + 1;
    if (!line) return;
    let m = LABELLED.exec(line);
    if (m) {
      // FTK Imager repeats the hash as "Computed hash" and "Report Hash"; "Verify result: Match" lines carry none.
      if (!m[3]!.trim() || /^(match|verified|n\/a)$/i.test(m[3]!.trim())) return;
      put(out, labelAlg(m[2]!), m[3]!, n);
      out.source = ewf ? 'ewfinfo' : ftk ? 'ftk-imager' : out.source === 'bare' ? 'ftk-imager' : out.source;
      return;
    }
    m = SUM_LINE.exec(line);
    if (m) {
      const alg = algOfLength(m[1]!.length);
      if (!alg) throw new HashTextError(`line ${n}: "${m[1]}" is ${m[1]!.length} hexadecimal digits, not a SHA-256 (64), SHA-1 (40) or MD5 (32)`);
      put(out, alg, m[1]!, n);
      out.source = 'sha256sum';
      out.name ??= m[2]!.trim();
      return;
    }
    m = BSD_LINE.exec(line);
    if (m) {
      put(out, labelAlg(m[1]!), m[3]!, n);
      out.source = 'sha256sum';
      out.name ??= m[2]!;
      return;
    }
    if (/^[0-9a-fA-F]+$/.test(line)) {
      const alg = algOfLength(line.length);
      if (!alg) throw new HashTextError(`line ${n}: "${line}" is ${line.length} hexadecimal digits, not a SHA-256 (64), SHA-1 (40) or MD5 (32)`);
      put(out, alg, line, n);
    }
  });
  if (!out.sha256 && !out.sha1 && !out.md5)
    throw new HashTextError('no SHA-256, SHA-1 or MD5 found in the text (paste sha256sum lines, FTK Imager verification text or ewfinfo output)');
  return out;
}
