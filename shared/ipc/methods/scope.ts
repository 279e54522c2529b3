import { z } from 'zod';
import { laneQuerySchema, savedViewSchema, type AssetLanes, type SavedView } from '../../domain/scope';
import { caseId, method, returns } from '../method';

/** Seeing the scope: asset timelines and saved timeline views (electron/core/scope/). */
export const scopeMethods = {
  /** One lane per device or user: its events per bin and the alerts naming it, on the timeline's axis. */
  'timeline.lanes': method(laneQuerySchema, returns<AssetLanes>()),
  /** The case's saved timeline views, by name. */
  'savedViews.list': method(z.object({ caseId }).strict(), returns<SavedView[]>()),
  /** Saves a view under its name (replacing one of the same name); answers the case's views. */
  'savedViews.save': method(z.object({ caseId, view: savedViewSchema }).strict(), returns<SavedView[]>()),
  'savedViews.delete': method(z.object({ caseId, name: z.string().min(1).max(100) }).strict(), returns<SavedView[]>()),
} as const;
