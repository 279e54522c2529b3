import { CASE_LIMITS, tagSchema } from '../../../../shared/domain/case';

const MAX_TAGS = CASE_LIMITS.tags;

/**
 * Source tags that are valid case tags, in order, without duplicates. Threat
 * intel tags are often longer than a case tag may be or contain commas (MISP
 * galaxy tags quote whole sentences); those are returned in `dropped` so the
 * importer can say so and keep them elsewhere (the description, labels).
 */
export function caseTags(tags: Iterable<string>): { kept: string[]; dropped: string[] } {
  const kept: string[] = [];
  const dropped: string[] = [];
  const seen = new Set<string>();
  for (const tag of tags) {
    const parsed = tagSchema.safeParse(tag);
    if (!parsed.success || kept.length >= MAX_TAGS) {
      if (tag.trim()) dropped.push(tag);
      continue;
    }
    const key = parsed.data.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    kept.push(parsed.data);
  }
  return { kept, dropped };
}

/** The warning for tags that could not become case tags. */
export function droppedTagsWarning(where: string, dropped: string[], keptIn: string): string {
  const shown = dropped.slice(0, 3).map((t) => JSON.stringify(t.length > 80 ? `${t.slice(0, 77)}...` : t));
  return (
    `${where}: ${dropped.length} tag(s) not kept as case tags (a case tag is at most ${CASE_LIMITS.tag} characters, without commas or line breaks): ` +
    `${shown.join(', ')}${dropped.length > 3 ? ', ...' : ''}; they are kept in ${keptIn}`
  );
}
