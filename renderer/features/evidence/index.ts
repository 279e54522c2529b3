export { EvidenceTab } from './EvidenceTab';
export { LinkedEvidence } from './LinkedEvidence';
