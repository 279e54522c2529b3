import { CASE_LIMITS, type CaseCreate, type CaseRecord } from '../../../../shared/domain/case';
import { fitDetermination, type Warn } from './enums';

/**
 * An incident's fields as a valid case: the case model refuses titles over 300
 * characters, tags with commas, and determinations that do not fit the
 * classification. Real exports break each of those rules now and then; the
 * import shortens or cleans the value and says so instead of failing.
 */

/** The triage fields of a case, as an incident in a Microsoft export gives them. */
export type IncidentFields = Pick<CaseRecord, 'title' | 'description' | 'severity' | 'status' | 'classification' | 'determination' | 'owner' | 'tags'>;

const { title: MAX_TITLE, description: MAX_DESCRIPTION, owner: MAX_OWNER, tag: MAX_TAG, tags: MAX_TAGS } = CASE_LIMITS;

function clip(value: string, max: number, what: string, warn: Warn): string {
  if (value.length <= max) return value;
  warn(`the ${what} was longer than ${max} characters and was shortened`);
  return value.slice(0, max - 1) + '…';
}

export function caseFields(f: IncidentFields, warn: Warn): CaseCreate {
  const tags: string[] = [];
  const seen = new Set<string>();
  for (const raw of f.tags) {
    const tag = clip(raw.replace(/[,\n\r\t]+/g, ' ').trim(), MAX_TAG, `tag "${raw.slice(0, 20)}…"`, warn);
    if (!tag || seen.has(tag.toLowerCase())) continue;
    seen.add(tag.toLowerCase());
    tags.push(tag);
  }
  if (tags.length > MAX_TAGS) warn(`the incident has ${tags.length} tags; the first ${MAX_TAGS} were kept`);
  return {
    title: clip(f.title.trim(), MAX_TITLE, 'title', warn),
    description: clip(f.description, MAX_DESCRIPTION, 'description', warn),
    severity: f.severity,
    status: f.status,
    ...fitDetermination(f.classification, f.determination, warn),
    owner: clip(f.owner.trim(), MAX_OWNER, 'owner', warn),
    tags: tags.slice(0, MAX_TAGS),
  };
}
