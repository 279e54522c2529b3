export { AuditTab } from './AuditTab';
