import { CasebookError } from '../../../shared/ipc/errors';

const SHAPE = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * Decodes standard, padded base64 and refuses anything else. Node's own
 * decoder skips characters it does not know, stops at stray padding and
 * ignores set bits in the last character, so a file could carry garbage (or
 * two spellings of one value) and still decode. Here the text must be exactly
 * what encoding the bytes gives back. `what` names the field for the error.
 */
export function decodeBase64Strict(text: unknown, what: string): Buffer {
  if (typeof text !== 'string') throw new CasebookError('corrupt', `${what} is missing or not text`);
  if (!SHAPE.test(text)) throw new CasebookError('corrupt', `${what} is not canonical base64`);
  const bytes = Buffer.from(text, 'base64');
  // Catches non-zero padding bits, which the shape alone lets through.
  if (bytes.toString('base64') !== text) throw new CasebookError('corrupt', `${what} is not canonical base64`);
  return bytes;
}
