import { EVIDENCE_KIND_LABELS, type EvidenceRow } from '../../../shared/domain/evidence';
import { formatBytes, formatCount } from '../../shared/format';

export const kindLabel = (kind: EvidenceRow['kind']) => (kind === 'import' ? 'Imported file' : EVIDENCE_KIND_LABELS[kind]);
export const sizeLabel = (size: number | null) => (size === null ? '—' : formatBytes(size));
/** The first 12 hexadecimal digits, enough to tell items apart on screen; the whole hash is copied. */
export const shortHash = (hash: string | null) => (hash ? `${hash.slice(0, 12)}…` : '—');
/** Forensic sizes are exact: the rounded size and every byte. */
export const exactSize = (size: number | null) => (size === null ? '—' : size < 1024 ? `${size} bytes` : `${formatBytes(size)} (${formatCount(size)} bytes)`);
