export { EntitiesTab } from './EntitiesTab';
