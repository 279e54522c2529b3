import { useEffect, useState } from 'react';
import type { IndicatorMatch } from '../../shared/domain/indicators';
import { useMatchedEventIds } from '../features/indicators';
import { useUi } from '../shared/store';

/**
 * How one tab of the workspace opens another's page: the alert and entity
 * whose pages are open live here, so one tab can open another's page, and the
 * timeline can be pivoted to an entity or a match's event.
 */
export function useWorkspaceNavigation(caseId: string) {
  const setTab = useUi((state) => state.setWorkspaceTab);
  const setTimeline = useUi((state) => state.setTimeline);
  const [alertId, setAlertId] = useState<string | null>(null);
  const [entityId, setEntityId] = useState<string | null>(null);
  useEffect(() => {
    setAlertId(null);
    setEntityId(null);
  }, [caseId]);
  const openEntity = (id: string | null) => {
    setEntityId(id);
    setTab('entities');
  };
  const openAlert = (id: string | null) => {
    setAlertId(id);
    setTab('alerts');
  };
  const showInTimeline = (entity: string) => {
    setTimeline(caseId, { entity, text: '', hosts: [], users: [], sources: [], tags: [], marks: [], from: null, to: null });
    setTab('timeline');
  };
  const matchedEventIds = useMatchedEventIds(caseId);
  /** A match's event, shown in the timeline: zoomed to its microsecond, every other filter cleared. */
  const openMatchedEvent = (match: IndicatorMatch) => {
    if (match.time === null) return;
    setTimeline(caseId, { entity: '', text: '', hosts: [], users: [], sources: [], tags: [], marks: [], from: match.time, to: match.time + 1 });
    setTab('timeline');
  };

  return { alertId, entityId, openAlert, openEntity, showInTimeline, openMatchedEvent, matchedEventIds };
}
