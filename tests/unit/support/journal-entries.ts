import type { JournalEntry } from '../../../electron/core/cases/records/journal-record';
import { CASE_CREATED, CASE_UPDATED } from '../../../electron/core/cases/records/case-records';
import { initialFields } from '../../../electron/core/cases/case-model';

/** A case.updated entry that sets the owner: the smallest real edit, for tests of the journal itself. */
export function ownerEdit(to: string, at = new Date().toISOString()): JournalEntry {
  return { at, actor: 'tester', type: CASE_UPDATED, data: { changes: [{ field: 'owner', from: '', to }] } };
}

/** A case.created entry with the title given and every other field at its default. */
export function caseCreated(title: string, at = new Date().toISOString()): JournalEntry {
  return { at, actor: 'tester', type: CASE_CREATED, data: { fields: initialFields({ title }), origin: null } };
}
