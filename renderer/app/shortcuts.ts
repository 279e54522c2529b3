import { useEffect } from 'react';
import { useUi, type WorkspaceTab } from '../shared/store';
import { tabId } from '../shared/ui/Tabs';

/**
 * Single-key shortcuts for the main moves. They act only when focus is not
 * in a text field (where the keys type), no modifier is held, and no dialog
 * is open; they can be turned off in the shortcut sheet (WCAG 2.1.4), which
 * `?` opens. Targets are found by their data-shortcut-target, so features
 * need not know about this file.
 */

export interface Shortcut {
  keys: string;
  what: string;
}

export const SHORTCUTS: readonly Shortcut[] = [
  { keys: '/', what: 'Search box (case titles, the timeline’s messages, or the entities)' },
  { keys: 'g', what: 'Timeline: the event grid' },
  { keys: 'f', what: 'Timeline: the facets' },
  { keys: 'j / k', what: 'Timeline: next / previous event' },
  { keys: 'o', what: 'Timeline: open the selected event’s details' },
  { keys: '1 / 2 / 3 / 4 / 5', what: 'Case: Overview / Timeline / Audit / Alerts / Entities tab' },
  { keys: '?', what: 'This list of shortcuts' },
  { keys: 'Ctrl+S', what: 'Overview: save' },
  { keys: 'Ctrl+L', what: 'Lock the vault' },
];

const STORAGE_KEY = 'casebook.singleKeyShortcuts';

export function singleKeysOn(): boolean {
  return localStorage.getItem(STORAGE_KEY) !== 'off';
}
export function setSingleKeys(on: boolean): void {
  localStorage.setItem(STORAGE_KEY, on ? 'on' : 'off');
}

const TABS: Record<string, WorkspaceTab> = { '1': 'overview', '2': 'timeline', '3': 'audit', '4': 'alerts', '5': 'entities' };

function target(name: string): HTMLElement | null {
  return document.querySelector<HTMLElement>(`[data-shortcut-target="${name}"]`);
}

/** The grid's own keys do the work: a shortcut for the next event is Down on the grid. */
function pressOnGrid(key: string): void {
  const grid = target('grid');
  if (!grid) return;
  grid.focus();
  grid.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
}

function typing(element: Element | null): boolean {
  if (!(element instanceof HTMLElement)) return false;
  if (element.isContentEditable || element instanceof HTMLTextAreaElement || element instanceof HTMLSelectElement) return true;
  return element instanceof HTMLInputElement && !['button', 'checkbox', 'radio', 'submit', 'reset'].includes(element.type);
}

export function useShortcuts(): void {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
      if (typing(event.target as Element) || document.querySelector('dialog[open]') || !singleKeysOn()) return;
      const state = useUi.getState();
      const actions: Record<string, () => void> = {
        '?': () => state.openDialog('shortcuts'),
        '/': () => target('search')?.focus(),
        g: () => target('grid')?.focus(),
        f: () => target('facets')?.querySelector<HTMLElement>('[tabindex="0"]')?.focus(),
        j: () => pressOnGrid('ArrowDown'),
        k: () => pressOnGrid('ArrowUp'),
        o: () => pressOnGrid('Enter'),
      };
      const tab = TABS[event.key];
      if (tab && state.openCaseId) {
        actions[event.key] = () => {
          state.setWorkspaceTab(tab);
          // The tab is there already (the tab list is always rendered); focus follows the selection.
          document.getElementById(tabId('workspace', tab))?.focus();
        };
      }
      const action = actions[event.key];
      if (!action) return;
      event.preventDefault();
      action();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);
}
