import { ImportProblem } from '../problems';
import { Utf8Check, type InvalidUtf8Sink } from '../utf8-check';
import { describeJsonError } from '../json-error';
import { parseExactJson } from '../exact-json-parse';

/**
 * Whole-document JSON (STIX bundles, MISP events), parsed by JSON.parse; on
 * failure the error names its line, column and byte offset (json-error.ts).
 */

export function parseJsonDocument(bytes: Buffer, file: string, invalidUtf8?: InvalidUtf8Sink): unknown {
  const bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  if (invalidUtf8) {
    const check = new Utf8Check(invalidUtf8);
    check.feed(bytes);
    check.end();
  }
  const text = bytes.toString('utf8', bom);
  if (!text.trim()) throw new ImportProblem(`${file}: the file is empty`);
  try {
    return parseExactJson(text);
  } catch (err) {
    throw new ImportProblem(`${file}: not valid JSON ${describeJsonError(text, err as Error, bom)}`);
  }
}
