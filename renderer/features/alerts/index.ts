export { AlertsTab } from './AlertsTab';
