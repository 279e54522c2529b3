export { StoryTab } from './StoryTab';
export { EventStory } from './EventStory';
export { HostSessions } from './HostSessions';
export { useEventMarks } from './useEventMarks';
