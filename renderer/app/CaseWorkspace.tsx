import { lazy, Suspense, useEffect, useState } from 'react';
import { AlertsTab } from '../features/alerts';
import { AuditTab } from '../features/audit';
import { IndicatorsTab, MatchesTab } from '../features/indicators';
import { EntitiesTab } from '../features/entities';
import { GraphTab } from '../features/graph';
import { ActionsTab, ProposeActionDialog } from '../features/actions';
import type { ActionTargetChoice } from '../shared/proposeAction';
import { EvidenceTab } from '../features/evidence';
import { OverviewTab } from '../features/overview';
import { ReportsTab } from '../features/reports';
import { StoryTab, useEventMarks } from '../features/story';
import { useUi, type WorkspaceTab } from '../shared/store';
import { Alert } from '../shared/ui/Alert';
import { Button } from '../shared/ui/Button';
import { panelId, tabId, Tabs, type TabSpec } from '../shared/ui/Tabs';
import { useCaseOpening } from './useCaseOpening';
import { useWorkspaceNavigation } from './useWorkspaceNavigation';
import { usePageExtras } from './usePageExtras';
import { WorkspaceHeader } from './WorkspaceHeader';

const TABS: readonly TabSpec<WorkspaceTab>[] = [
  { id: 'overview', label: 'Overview' },
  { id: 'alerts', label: 'Alerts' },
  { id: 'entities', label: 'Entities' },
  { id: 'timeline', label: 'Timeline' },
  { id: 'graph', label: 'Graph' },
  { id: 'story', label: 'Story' },
  { id: 'indicators', label: 'Indicators' },
  { id: 'matches', label: 'Matches' },
  { id: 'actions', label: 'Actions' },
  { id: 'evidence', label: 'Evidence' },
  { id: 'audit', label: 'Audit' },
  { id: 'reports', label: 'Report & export' },
];
const PREFIX = 'workspace';

// The timeline brings the charting library: loaded the first time the tab is shown, not at start.
const TimelineTab = lazy(() => import('../features/timeline').then((m) => ({ default: m.TimelineTab })));

/**
 * One open case: its header and tabs, the chosen tab's panel, and the
 * propose-action dialog any page may open. Opening asks the engine for the
 * case, its journal and the chain check; leaving tells the engine to close it.
 */
export function CaseWorkspace({ caseId }: { caseId: string }) {
  const tab = useUi((state) => state.workspaceTab);
  const setTab = useUi((state) => state.setWorkspaceTab);
  const { opened, error } = useCaseOpening(caseId);
  // The propose-action dialog, opened from an entity page, an alert or a selection of entities (they get it as a callback).
  const [proposing, setProposing] = useState<ActionTargetChoice[] | null>(null);
  const [proposed, setProposed] = useState<string | null>(null);
  useEffect(() => setProposed(null), [tab, caseId]);

  return (
    <section className="screen workspace" aria-labelledby="workspace-title" aria-busy={!opened && !error}>
      <WorkspaceHeader caseId={caseId} opened={opened}>
        <Tabs tabs={TABS} selected={tab} onSelect={setTab} idPrefix={PREFIX} label="Case sections" />
      </WorkspaceHeader>
      {error && <Alert tone="error">Could not open the case: {error}</Alert>}
      <div
        className={tab === 'timeline' || tab === 'graph' ? 'workspace-body is-fill' : 'workspace-body'}
        role="tabpanel"
        id={panelId(PREFIX, tab)}
        aria-labelledby={tabId(PREFIX, tab)}
      >
        {proposed && (
          <div className="workspace-notice">
            <Alert tone="success">
              {proposed} <Button onClick={() => [setProposed(null), setTab('actions')]}>Open the queue</Button>
            </Alert>
          </div>
        )}
        <TabPanel caseId={caseId} tab={tab} onProposeAction={setProposing} />
      </div>
      {proposing && (
        <ProposeActionDialog
          caseId={caseId}
          targets={proposing}
          onClose={() => setProposing(null)}
          onProposed={(count) => {
            setProposing(null);
            setProposed(
              `Proposed ${count === 1 ? 'an action' : `${count} actions`}: ${count === 1 ? 'it waits' : 'they wait'} in the Actions queue for a decision.`,
            );
          }}
        />
      )}
    </section>
  );
}

/**
 * The chosen tab's panel. Features do not import each other, so what one shows of another (the story's part of an
 * event or entity page, notes, pages opened from another tab) is given here as callbacks and render props.
 */
function TabPanel({ caseId, tab, onProposeAction }: { caseId: string; tab: WorkspaceTab; onProposeAction: (targets: ActionTargetChoice[]) => void }) {
  const setTab = useUi((state) => state.setWorkspaceTab);
  const setTimeline = useUi((state) => state.setTimeline);
  const { alertId, entityId, openAlert, openEntity, showInTimeline, openMatchedEvent, matchedEventIds } = useWorkspaceNavigation(caseId);
  const eventMarks = useEventMarks(caseId);
  /** A story's event, shown in the timeline: zoomed to its microsecond. */
  const openStoryEvent = (time: number) => {
    setTimeline(caseId, { entity: '', text: '', hosts: [], users: [], sources: [], tags: [], marks: [], from: time, to: time + 1 });
    setTab('timeline');
  };
  const { evidenceItem, setEvidenceItem, entityExtra, alertExtra, eventStory } = usePageExtras(caseId, { openEntity, openAlert });

  switch (tab) {
    case 'overview':
      return <OverviewTab caseId={caseId} onOpen={setTab} onOpenEntity={openEntity} />;
    case 'alerts':
      return (
        <AlertsTab
          caseId={caseId}
          alertId={alertId}
          onOpenAlert={openAlert}
          onOpenEntity={openEntity}
          onProposeAction={onProposeAction}
          renderAlertExtra={alertExtra}
        />
      );
    case 'entities':
      return (
        <EntitiesTab
          caseId={caseId}
          entityId={entityId}
          onOpenEntity={openEntity}
          onOpenAlert={openAlert}
          onShowInTimeline={showInTimeline}
          onProposeAction={onProposeAction}
          renderEntityExtra={entityExtra}
        />
      );
    case 'timeline':
      return (
        <Suspense fallback={<p className="muted">Loading the timeline…</p>}>
          <TimelineTab caseId={caseId} markedEventIds={matchedEventIds} eventMarks={eventMarks} renderStory={eventStory} />
        </Suspense>
      );
    case 'graph':
      return <GraphTab caseId={caseId} onOpenAlert={openAlert} onOpenEntity={openEntity} />;
    case 'story':
      return <StoryTab caseId={caseId} onOpenEvent={openStoryEvent} onOpenAlert={openAlert} />;
    case 'indicators':
      return <IndicatorsTab caseId={caseId} onShowMatches={() => setTab('matches')} />;
    case 'matches':
      return <MatchesTab caseId={caseId} onOpenEvent={openMatchedEvent} onOpenEntity={openEntity} onOpenAlert={openAlert} />;
    case 'actions':
      return <ActionsTab caseId={caseId} />;
    case 'evidence':
      return (
        <EvidenceTab
          caseId={caseId}
          itemId={evidenceItem}
          onOpenItem={setEvidenceItem}
          nav={{ onOpenEntity: openEntity, onOpenAlert: openAlert, onOpenEvent: openStoryEvent }}
        />
      );
    case 'audit':
      return <AuditTab caseId={caseId} />;
    case 'reports':
      return <ReportsTab caseId={caseId} />;
    default:
      return null;
  }
}
