/**
 * What can be done about a case the engine refused, told from its message.
 * The vault manifest's verdicts start with a word in capitals (ROLLED BACK,
 * REPLACED, DELETED: vault/vault-manifest.ts); those the analyst may accept by
 * hand once they have examined the case. A missing or damaged manifest refuses
 * every case; it is begun again for the whole vault. Damage inside a journal
 * (a failed authentication) has no state to accept.
 */
export type Remedy = 'accept-case' | 'rebuild-manifest' | null;

const MANIFEST_VERDICT = /\b(ROLLED BACK|REPLACED|DELETED):/;
const MANIFEST_UNUSABLE = /the vault manifest \([^)]+\) (is missing|failed authentication)/;

export function remedyFor(message: string): Remedy {
  if (MANIFEST_UNUSABLE.test(message)) return 'rebuild-manifest';
  if (MANIFEST_VERDICT.test(message)) return 'accept-case';
  return null;
}

/** The verdict's word, for the button and the dialog ("rolled back"). */
export function verdictOf(message: string): string | null {
  return MANIFEST_VERDICT.exec(message)?.[1]?.toLowerCase() ?? null;
}

/** The engine's message without the `case <id>: ` it starts with, where the case is already named beside it. */
export function withoutCaseId(caseId: string, message: string): string {
  const prefix = `case ${caseId}: `;
  return message.startsWith(prefix) ? message.slice(prefix.length) : message;
}
