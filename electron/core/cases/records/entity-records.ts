import { z } from 'zod';
import { ENTITY_VERDICTS, type EntityVerdict } from '../../../../shared/domain/entities';
import { REMEDIATION_STATUSES, type RemediationStatus } from '../../../../shared/domain/actions';

/**
 * What an analyst sets on entities (a verdict, tags) is a journal record, so
 * it is audited like every other change; the entity store merges these over
 * what the sources said (entities/entity-marks.ts).
 */
export const ENTITY_SET = 'entity.set';

export const entitySetRecordSchema = z.object({
  ids: z.array(z.string()).min(1),
  /** Absent: unchanged; null: the analyst's verdict cleared. */
  verdict: z.enum(ENTITY_VERDICTS).nullable().optional(),
  addTags: z.array(z.string()),
  removeTags: z.array(z.string()),
  /** Absent: unchanged; null: the analyst's remediation status cleared. */
  remediation: z.enum(REMEDIATION_STATUSES).nullable().optional(),
});

export interface EntitySetData {
  ids: string[];
  verdict?: EntityVerdict | null;
  addTags: string[];
  removeTags: string[];
  remediation?: RemediationStatus | null;
}
