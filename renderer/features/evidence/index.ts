export { EvidenceTab } from './EvidenceTab';
