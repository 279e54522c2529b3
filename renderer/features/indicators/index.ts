export { IndicatorsTab } from './IndicatorsTab';
export { MatchesTab } from './MatchesTab';
export { useMatchedEventIds } from './useMatches';
