export { TimelineTab } from './TimelineTab';
export type { EventMark } from './EventTable';
