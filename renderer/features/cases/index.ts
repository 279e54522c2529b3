export { CaseListScreen } from './CaseListScreen';
