/** Microsoft sources: Graph security API, Defender for Endpoint machine actions, Sentinel and Log Analytics. */
export { graphSecurity } from './graph-security';
export { defenderMachineActions } from './machine-actions';
export { sentinel } from './sentinel';
export { logAnalyticsRowKind, mapLogAnalyticsRow, type LogAnalyticsKind } from './log-analytics';
