import type { ReactNode } from 'react';
import { messageOf } from '../../shared/errors';
import type { WorkspaceTab } from '../../shared/store';
import { Alert } from '../../shared/ui/Alert';
import { AlertBreakdown } from './AlertBreakdown';
import { CountTiles } from './CountTiles';
import { ScopeSummary, TacticsSeen, TopEntities } from './ScopeCards';
import { SourcesChart } from './SourcesChart';
import { TOP_ENTITIES, useOverviewData } from './useOverviewData';

export interface OverviewNavigation {
  onOpen: (tab: WorkspaceTab) => void;
  onOpenEntity: (id: string) => void;
}

/** The case at a glance: what it holds, its alerts, sources over time, top entities, techniques and scope. */
export function ScopeDashboard({ caseId, onOpen, onOpenEntity }: { caseId: string } & OverviewNavigation) {
  const data = useOverviewData(caseId);
  return (
    <section className="scope-dashboard" aria-labelledby="scope-dashboard-title">
      <h2 id="scope-dashboard-title" className="sr-only">
        The case at a glance
      </h2>
      {data.error && <Alert tone="error">Part of the overview could not be read: {messageOf(data.error)}</Alert>}
      <CountTiles counts={data.counts} onOpen={onOpen} />
      <div className="dashboard-grid">
        <Card title="Scope">
          <ScopeSummary byType={data.entities?.byType} summary={data.summary} alerts={data.alerts} />
        </Card>
        <Card title="Alerts">
          <AlertBreakdown alerts={data.alerts} onOpen={() => onOpen('alerts')} />
        </Card>
        <Card title={`Top ${TOP_ENTITIES} entities by events`}>
          <TopEntities list={data.entities} onOpenEntity={onOpenEntity} />
        </Card>
        <Card title="Events by source" wide>
          <SourcesChart histogram={data.summary?.count ? data.sources : undefined} onOpen={() => onOpen('timeline')} />
        </Card>
        <Card title="Techniques by tactic">
          <TacticsSeen alerts={data.alerts} />
        </Card>
      </div>
    </section>
  );
}

function Card({ title, wide = false, children }: { title: string; wide?: boolean; children: ReactNode }) {
  return (
    <section className={`dash-card${wide ? ' is-wide' : ''}`} aria-label={title}>
      <h3 className="section-title">{title}</h3>
      {children}
    </section>
  );
}
