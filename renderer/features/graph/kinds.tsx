export { ALERT_PATH, KIND_COLOUR, KindIcon } from '../../shared/ui/EntityKindIcon';
/** A verdict's mark beside a node: malicious and suspicious stand out; benign is quiet. */
export function verdictTone(verdict: string | null): 'malicious' | 'suspicious' | 'benign' | null {
  const v = verdict?.toLowerCase() ?? '';
  if (v === 'malicious') return 'malicious';
  if (v === 'suspicious') return 'suspicious';
  if (v === 'benign' || v === 'clean' || v === 'notmalicious') return 'benign';
  return null;
}
