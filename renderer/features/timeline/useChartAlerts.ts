import { useLiveQuery } from 'dexie-react-hooks';
import { useMemo } from 'react';
import { db } from '../../shared/db';
import type { ChartAlert } from './AlertMarkers';

const NONE: ChartAlert[] = [];

/** The case's alerts (the read model's) with a first activity (else a creation time), for the chart's markers. */
export function useChartAlerts(caseId: string): readonly ChartAlert[] {
  const alerts = useLiveQuery(() => db.alerts.where('caseId').equals(caseId).toArray(), [caseId]);
  return useMemo(() => {
    if (!alerts) return NONE;
    return alerts.flatMap((a) => {
      const ms = Date.parse(a.firstActivity ?? a.createdAt ?? '');
      return Number.isNaN(ms) ? [] : [{ id: a.id, title: a.title, severity: a.severity, time: ms * 1000 }];
    });
  }, [alerts]);
}
