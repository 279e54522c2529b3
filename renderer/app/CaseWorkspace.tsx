import { useLiveQuery } from 'dexie-react-hooks';
import { lazy, Suspense, useEffect, useRef, useState } from 'react';
import { label } from '../../shared/domain/case';
import { AlertsTab } from '../features/alerts';
import { AuditTab } from '../features/audit';
import { IndicatorsTab, MatchesTab } from '../features/indicators';
import { EntitiesTab } from '../features/entities';
import { GraphTab } from '../features/graph';
import { ActionsTab, ProposeActionDialog } from '../features/actions';
import type { ActionTargetChoice } from '../shared/proposeAction';
import { EvidenceTab, LinkedEvidence } from '../features/evidence';
import { OverviewTab } from '../features/overview';
import { ReportsTab } from '../features/reports';
import { EventStory, HostSessions, StoryTab, useEventMarks } from '../features/story';
import { NotesPanel } from '../shared/ui/NotesPanel';
import { api } from '../shared/api';
import { db } from '../shared/db';
import { messageOf } from '../shared/errors';
import { openCase } from '../shared/readModel';
import { useUi, type WorkspaceTab } from '../shared/store';
import { Alert } from '../shared/ui/Alert';
import { Button } from '../shared/ui/Button';
import { SeverityBadge, StatusBadge } from '../shared/ui/badges';
import { panelId, tabId, Tabs, type TabSpec } from '../shared/ui/Tabs';
import { useWorkspaceNavigation } from './useWorkspaceNavigation';

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
 * One open case. Opening asks the engine for the case, its journal and the
 * chain check; leaving tells the engine to close it (releasing its lock).
 */
export function CaseWorkspace({ caseId }: { caseId: string }) {
  const record = useLiveQuery(() => db.cases.get(caseId), [caseId]);
  const tab = useUi((state) => state.workspaceTab);
  const setTab = useUi((state) => state.setWorkspaceTab);
  const closeCase = useUi((state) => state.closeCase);
  const openDialog = useUi((state) => state.openDialog);
  const [error, setError] = useState<string | null>(null);
  /** The engine holds the case open (its writer lock): commands on it can go. */
  const [opened, setOpened] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  const { alertId, entityId, openAlert, openEntity, showInTimeline, openMatchedEvent, matchedEventIds } = useWorkspaceNavigation(caseId);
  const setTimeline = useUi((state) => state.setTimeline);
  // The propose-action dialog, opened from an entity page, an alert or a selection of entities (they get it as a callback).
  const [proposing, setProposing] = useState<ActionTargetChoice[] | null>(null);
  const [proposed, setProposed] = useState<string | null>(null);
  useEffect(() => setProposed(null), [tab, caseId]);

  const eventMarks = useEventMarks(caseId);
  /** A story's event, shown in the timeline: zoomed to its microsecond. */
  const openStoryEvent = (time: number) => {
    setTimeline(caseId, { entity: '', text: '', hosts: [], users: [], sources: [], tags: [], from: time, to: time + 1 });
    setTab('timeline');
  };
  // The evidence item shown in the Evidence tab; entity, alert and event pages open their linked evidence there.
  const [evidenceItem, setEvidenceItem] = useState<string | null>(null);
  const openEvidence = (id: string) => [setEvidenceItem(id), setTab('evidence')];
  // The story's and the evidence's sections on other features' pages: given here, since features do not import each other.
  const entityExtra = (entity: { id: string; type: string; display: string }) => (
    <>
      <LinkedEvidence caseId={caseId} target={{ kind: 'entity', id: entity.id }} onOpenItem={openEvidence} />
      {entity.type === 'device' && <HostSessions caseId={caseId} host={entity.display} />}
      <NotesPanel caseId={caseId} target={{ kind: 'entity', id: entity.id }} headingLevel={3} />
    </>
  );

  // Opening a case moves keyboard focus to its title, as a page change would; Tab then reaches the tabs.
  useEffect(() => heading.current?.focus(), [caseId]);

  useEffect(() => {
    let left = false;
    setError(null);
    setOpened(false);
    openCase(caseId).then(
      () => !left && setOpened(true),
      (err) => {
        if (!left) setError(messageOf(err));
      },
    );
    return () => {
      left = true;
      // After a lock the engine has closed everything already; nothing to report.
      api.cases.close({ id: caseId }).catch(() => undefined);
    };
  }, [caseId]);

  return (
    <section className="screen workspace" aria-labelledby="workspace-title" aria-busy={!opened && !error}>
      <div className="workspace-header">
        <button type="button" className="back-link" onClick={closeCase}>
          ← Cases
        </button>
        <div className="workspace-heading">
          <h1 id="workspace-title" ref={heading} tabIndex={-1} className="screen-title workspace-title" title={record?.title}>
            {record?.title ?? 'Loading…'}
          </h1>
          {record && (
            <span className="workspace-badges">
              <SeverityBadge severity={record.severity} />
              <StatusBadge status={record.status} />
              <span className={`tlp tlp-${record.tlp.replace('+', '-')}`}>{label(record.tlp)}</span>
            </span>
          )}
          <span className="spacer" />
          <Button onClick={() => openDialog('import')} disabled={!opened} title="Import timelines, alerts or indicators into this case">
            Import…
          </Button>
          <Button onClick={() => openDialog('export-package')} disabled={!opened} title="Export this case as an encrypted package">
            Export…
          </Button>
        </div>
        <Tabs tabs={TABS} selected={tab} onSelect={setTab} idPrefix={PREFIX} label="Case sections" />
      </div>
      {error && <Alert tone="error">Could not open the case: {error}</Alert>}
      <div
        className={tab === 'timeline' || tab === 'graph' ? 'workspace-body is-fill' : 'workspace-body'}
        role="tabpanel"
        id={panelId(PREFIX, tab)}
        aria-labelledby={tabId(PREFIX, tab)}
      >
        {tab === 'overview' && <OverviewTab caseId={caseId} onOpen={setTab} onOpenEntity={openEntity} />}
        {proposed && (
          <div className="workspace-notice">
            <Alert tone="success">
              {proposed} <Button onClick={() => [setProposed(null), setTab('actions')]}>Open the queue</Button>
            </Alert>
          </div>
        )}
        {tab === 'alerts' && (
          <AlertsTab
            caseId={caseId}
            alertId={alertId}
            onOpenAlert={openAlert}
            onOpenEntity={openEntity}
            onProposeAction={setProposing}
            renderAlertExtra={(id) => (
              <>
                <LinkedEvidence caseId={caseId} target={{ kind: 'alert', id }} onOpenItem={openEvidence} />
                <NotesPanel caseId={caseId} target={{ kind: 'alert', id }} headingLevel={3} />
              </>
            )}
          />
        )}
        {tab === 'entities' && (
          <EntitiesTab
            caseId={caseId}
            entityId={entityId}
            onOpenEntity={openEntity}
            onOpenAlert={openAlert}
            onShowInTimeline={showInTimeline}
            onProposeAction={setProposing}
            renderEntityExtra={entityExtra}
          />
        )}
        {tab === 'timeline' && (
          <Suspense fallback={<p className="muted">Loading the timeline…</p>}>
            <TimelineTab
              caseId={caseId}
              markedEventIds={matchedEventIds}
              eventMarks={eventMarks}
              renderStory={(event) => (
                <>
                  <EventStory caseId={caseId} event={event} />
                  <LinkedEvidence
                    caseId={caseId}
                    target={{ kind: 'event', id: String(event.id) }}
                    onOpenItem={openEvidence}
                    headingClassName="details-section"
                  />
                </>
              )}
            />
          </Suspense>
        )}
        {tab === 'graph' && <GraphTab caseId={caseId} onOpenAlert={openAlert} onOpenEntity={openEntity} />}
        {tab === 'indicators' && <IndicatorsTab caseId={caseId} onShowMatches={() => setTab('matches')} />}
        {tab === 'matches' && <MatchesTab caseId={caseId} onOpenEvent={openMatchedEvent} />}
        {tab === 'actions' && <ActionsTab caseId={caseId} />}
        {tab === 'evidence' && (
          <EvidenceTab
            caseId={caseId}
            itemId={evidenceItem}
            onOpenItem={setEvidenceItem}
            nav={{ onOpenEntity: openEntity, onOpenAlert: openAlert, onOpenEvent: openStoryEvent }}
          />
        )}
        {tab === 'story' && <StoryTab caseId={caseId} onOpenEvent={openStoryEvent} onOpenAlert={openAlert} />}
        {tab === 'audit' && <AuditTab caseId={caseId} />}
        {tab === 'reports' && <ReportsTab caseId={caseId} />}
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
