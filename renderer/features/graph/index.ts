export { GraphTab } from './GraphTab';
