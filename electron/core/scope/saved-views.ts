import type { SavedView } from '../../../shared/domain/scope';
import type { ParsedInput } from '../../../shared/ipc/contract';
import { CasebookError } from '../../../shared/ipc/errors';
import type { Vault } from '../vault/vault';

/** A case may keep this many views; the settings are read whole at every unlock. */
export const MAX_SAVED_VIEWS = 100;

/**
 * Saved timeline views, in the vault's sealed settings (not the case's
 * journal: a view is a way of looking, not a finding, so it is not audited).
 */
export class SavedViews {
  constructor(private readonly vault: () => Vault) {}

  list(caseId: string): SavedView[] {
    return this.vault().settings.savedViews[caseId] ?? [];
  }

  async save(caseId: string, view: ParsedInput<'savedViews.save'>['view']): Promise<SavedView[]> {
    const others = this.list(caseId).filter((v) => v.name !== view.name);
    if (others.length >= MAX_SAVED_VIEWS) {
      throw new CasebookError('invalid-input', `savedViews.save: case ${caseId} already has ${MAX_SAVED_VIEWS} saved views; delete one first`);
    }
    const saved: SavedView = { ...view, savedAt: new Date().toISOString() };
    const views = [...others, saved].sort((a, b) => a.name.localeCompare(b.name));
    return this.write(caseId, views);
  }

  async delete(caseId: string, name: string): Promise<SavedView[]> {
    const views = this.list(caseId);
    if (!views.some((v) => v.name === name)) throw new CasebookError('not-found', `savedViews.delete: case ${caseId} has no saved view "${name}"`);
    return this.write(
      caseId,
      views.filter((v) => v.name !== name),
    );
  }

  private async write(caseId: string, views: SavedView[]): Promise<SavedView[]> {
    const vault = this.vault();
    const { [caseId]: _old, ...rest } = vault.settings.savedViews;
    const settings = await vault.saveSettings({ savedViews: views.length ? { ...rest, [caseId]: views } : rest });
    return settings.savedViews[caseId] ?? [];
  }
}
