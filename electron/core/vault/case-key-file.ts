import { seal } from './aead';

/** Each case's data key lives in cases/<id>/key.json, sealed with the vault key; the case id is bound in. */
export const CASE_KEY_FILE = 'key.json';
export const caseKeyAad = (caseId: string) => Buffer.from(`casebook/case-key/v1\0${caseId}`);

/** key.json's contents for a case key wrapped by a vault key. */
export function caseKeyJson(vaultKey: Buffer, caseId: string, key: Buffer): string {
  return JSON.stringify({ caseId, wrappedKey: seal(vaultKey, key, caseKeyAad(caseId)).toString('base64') }) + '\n';
}
