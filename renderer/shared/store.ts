import { create } from 'zustand';
import type { CaseStatus, Severity } from '../../shared/domain/case';
import type { EventMarkKind, FacetField } from '../../shared/domain/timeline';
import type { LaneField } from '../../shared/domain/scope';
import type { VaultStatus } from '../../shared/domain/vault';

/**
 * UI state only: where the user is and how they look at things. Case data
 * never lives here (it is in the Dexie read model), so locking can forget all
 * of this without losing anything.
 */

export type CaseSortColumn = 'title' | 'severity' | 'status' | 'classification' | 'owner' | 'updatedAt';
export type SortDirection = 'asc' | 'desc';
export type WorkspaceTab =
  'overview' | 'alerts' | 'entities' | 'timeline' | 'graph' | 'story' | 'indicators' | 'matches' | 'actions' | 'evidence' | 'audit' | 'reports';
/** 'import' imports into the open case, or, from the case list, into new cases. */
export type DialogName = 'new-case' | 'settings' | 'import' | 'shortcuts' | 'export-package' | 'import-package' | 'identity' | 'backup' | 'restore';

export interface CaseListView {
  status: CaseStatus | 'all';
  severity: Severity | 'all';
  search: string;
  sort: { column: CaseSortColumn; direction: SortDirection };
}

/** How the open case's timeline is looked at: filters, zoom, order, split. Events themselves stay in the engine. */
export interface TimelineView {
  caseId: string | null;
  /** Case-insensitive substring of the message (already debounced). */
  text: string;
  hosts: string[];
  users: string[];
  sources: string[];
  tags: string[];
  /** Events that name this entity (its value): set by the entity page's "Show in timeline". */
  entity: string;
  /** Events the analyst starred, flagged or tagged in the story (any of those chosen). */
  marks: EventMarkKind[];
  /** Zoom: inclusive start, exclusive end, µs since the epoch; null = the case's whole span. */
  from: number | null;
  to: number | null;
  order: SortDirection;
  splitBy: FacetField | null;
  /** Asset timelines: lanes of devices (host) or users; the chosen lanes are the hosts or users filter. */
  laneField: LaneField;
  lanesOpen: boolean;
}

export const initialTimelineView: TimelineView = {
  caseId: null,
  text: '',
  hosts: [],
  users: [],
  sources: [],
  tags: [],
  entity: '',
  marks: [],
  from: null,
  to: null,
  order: 'asc',
  splitBy: null,
  laneField: 'host',
  lanesOpen: true,
};

interface UiState {
  /** What the engine last said about the vault; null until the first vault.status answer. */
  vault: VaultStatus | null;
  /** Why the app locked itself, shown once on the unlock screen. */
  lockNotice: string | null;
  openCaseId: string | null;
  /** The case just left, so the list can put keyboard focus back on its row. */
  recentCaseId: string | null;
  workspaceTab: WorkspaceTab;
  caseList: CaseListView;
  dialog: DialogName | null;
  timeline: TimelineView;

  setVault(vault: VaultStatus): void;
  openCase(id: string): void;
  closeCase(): void;
  forgetRecentCase(): void;
  setWorkspaceTab(tab: WorkspaceTab): void;
  setCaseList(change: Partial<CaseListView>): void;
  openDialog(dialog: DialogName): void;
  closeDialog(): void;
  /** Changes how a case's timeline is viewed; another case starts from the defaults. */
  setTimeline(caseId: string, change: Partial<Omit<TimelineView, 'caseId'>>): void;
  /** Forgets everything (on lock) and shows the vault screen in the given state. */
  reset(vault: VaultStatus | null, lockNotice: string | null): void;
}

const initialCaseList: CaseListView = {
  status: 'all',
  severity: 'all',
  search: '',
  sort: { column: 'updatedAt', direction: 'desc' },
};

const initial = {
  vault: null,
  lockNotice: null,
  openCaseId: null,
  recentCaseId: null,
  workspaceTab: 'overview' as WorkspaceTab,
  caseList: initialCaseList,
  dialog: null,
  timeline: initialTimelineView,
};

export const useUi = create<UiState>()((set) => ({
  ...initial,
  setVault: (vault) => set(vault.state === 'unlocked' ? { vault, lockNotice: null } : { vault }),
  openCase: (id) => set({ openCaseId: id, workspaceTab: 'overview', dialog: null }),
  closeCase: () => set((state) => ({ openCaseId: null, recentCaseId: state.openCaseId ?? state.recentCaseId })),
  forgetRecentCase: () => set({ recentCaseId: null }),
  setWorkspaceTab: (workspaceTab) => set({ workspaceTab }),
  setCaseList: (change) => set((state) => ({ caseList: { ...state.caseList, ...change } })),
  openDialog: (dialog) => set({ dialog }),
  closeDialog: () => set({ dialog: null }),
  setTimeline: (caseId, change) =>
    set((state) => ({
      timeline: { ...(state.timeline.caseId === caseId ? state.timeline : { ...initialTimelineView, caseId }), ...change },
    })),
  reset: (vault, lockNotice) => set({ ...initial, vault, lockNotice }),
}));
