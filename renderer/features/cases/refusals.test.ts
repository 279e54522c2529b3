import { describe, expect, it } from 'vitest';
import { remedyFor, verdictOf, withoutCaseId } from './refusals';

const ID = '7c5be50c-87e5-4496-9009-a0c6a9e421ec';

describe('what can be done about a refused case', () => {
  it('shows the message without the case id it starts with (the list names the case already)', () => {
    expect(withoutCaseId(ID, `case ${ID}: ROLLED BACK: the vault manifest recorded 2 records`)).toBe('ROLLED BACK: the vault manifest recorded 2 records');
    expect(withoutCaseId(ID, `DELETED: case ${ID} is in the vault manifest`)).toBe(`DELETED: case ${ID} is in the vault manifest`);
  });

  it('offers to accept a case the vault manifest calls rolled back, replaced or deleted', () => {
    const rolled = `case ${ID}: ROLLED BACK: the vault manifest recorded 5 records for this case (2026-12-03T12:00:00.000Z) but its journal holds 2: an older copy …`;
    expect(remedyFor(rolled)).toBe('accept-case');
    expect(verdictOf(rolled)).toBe('rolled back');
    expect(remedyFor('REPLACED: record 4 is not the one the vault manifest recorded')).toBe('accept-case');
    expect(verdictOf(`DELETED: case ${ID} is in the vault manifest (3 records, 2026-12-03T12:00:00.000Z) but its folder is gone`)).toBe('deleted');
  });

  it('offers to begin the manifest again when it is missing or fails authentication', () => {
    expect(remedyFor('the vault manifest (manifest.cbm) is missing, although this vault keeps one: it was deleted, …')).toBe('rebuild-manifest');
    expect(remedyFor('case x: … the vault manifest (manifest.cbm) failed authentication (damaged, replaced, or from another vault)')).toBe('rebuild-manifest');
  });

  it('offers nothing for a damaged journal: there is no consistent state to accept', () => {
    expect(
      remedyFor(`case ${ID}: journal j is damaged at byte 900 (record 2): record failed authentication (edited, reordered, from another case, or damaged)`),
    ).toBeNull();
    expect(remedyFor(`case ${ID}: journal record 4 cannot be read: "case.updated" record: data.changes[0].to: Invalid option`)).toBeNull();
    expect(verdictOf('record failed authentication')).toBeNull();
  });
});
