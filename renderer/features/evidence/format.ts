import { EVIDENCE_KIND_LABELS, type EvidenceRow } from '../../../shared/domain/evidence';
import { formatBytes } from '../../shared/format';

export const kindLabel = (kind: EvidenceRow['kind']) => (kind === 'import' ? 'Imported file' : EVIDENCE_KIND_LABELS[kind]);
export const sizeLabel = (size: number | null) => (size === null ? '—' : formatBytes(size));
/** The first 12 hexadecimal digits, enough to tell items apart on screen; the whole hash is copied. */
export const shortHash = (hash: string | null) => (hash ? `${hash.slice(0, 12)}…` : '—');
