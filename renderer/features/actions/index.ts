export { ActionsTab } from './ActionsTab';
export { ProposeActionDialog } from './ProposeActionDialog';
