import { TLPS, type Tlp } from '../../../../shared/domain/case';

/**
 * Traffic Light Protocol names as threat-intel sources write them: 'tlp:white'
 * (TLP 1.0, which TLP 2.0 renamed CLEAR), 'TLP:AMBER+STRICT', 'tlp:green',
 * 'TLP: RED', 'amber'. Returns null for anything that is not a TLP level
 * (e.g. MISP's 'tlp:ex:chr' or 'tlp:unclear'), so callers can warn.
 */
export function tlpOf(text: string): Tlp | null {
  const level = text
    .trim()
    .toLowerCase()
    .replace(/^tlp\s*[:=]?\s*/, '')
    .replace(/^"(.*)"$/, '$1')
    .replace(/\s+/g, '');
  if (level === 'white') return 'clear';
  return (TLPS as readonly string[]).includes(level) ? (level as Tlp) : null;
}

/** True when a tag or label names a TLP level or tries to ('tlp:...'), whether or not it is a known one. */
export function isTlpTag(text: string): boolean {
  return /^\s*tlp\s*:/i.test(text);
}

/** The most restrictive of several levels (RED over AMBER+STRICT over AMBER over GREEN over CLEAR), null when none. */
export function strictestTlp(levels: Iterable<Tlp | null | undefined>): Tlp | null {
  let best: Tlp | null = null;
  for (const level of levels) {
    if (level && (best === null || TLPS.indexOf(level) > TLPS.indexOf(best))) best = level;
  }
  return best;
}
