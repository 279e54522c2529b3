import type { EntityType } from '../../shared/domain/records';

/**
 * How a view asks for an action to be proposed on entities (an entity page,
 * an alert's entities, a selection in the entity list). The workspace
 * (renderer/app) passes it down and shows the actions feature's dialog, so no
 * feature imports another.
 */
export interface ActionTargetChoice {
  id: string;
  type: EntityType;
  display: string;
}

export type ProposeAction = (targets: ActionTargetChoice[]) => void;
