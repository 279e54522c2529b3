import { useId, useState } from 'react';
import { ENTITY_VERDICTS, type EntityDetail, type EntityVerdict } from '../../../shared/domain/entities';
import { REMEDIATION_LABELS, REMEDIATION_STATUSES, type RemediationStatus } from '../../../shared/domain/actions';
import { messageOf } from '../../shared/errors';
import { formatUtc } from '../../shared/time';
import { Alert } from '../../shared/ui/Alert';
import { Button } from '../../shared/ui/Button';
import { useSetEntities } from './queries';

type EntityChange = { verdict?: EntityVerdict | null; addTags?: string[]; removeTags?: string[]; remediation?: RemediationStatus | null };

/** The analyst's say on one entity: verdict, remediation status and tags, each saved as it is changed. */
export function EntityTriage({ caseId, detail: d }: { caseId: string; detail: EntityDetail }) {
  const setEntities = useSetEntities(caseId);
  const verdictId = useId();
  const remediationId = useId();
  const e = d.entity;
  const set = (change: EntityChange) => setEntities.mutate({ ids: [e.id], ...change });
  return (
    <section className="entity-card" aria-labelledby="entity-triage">
      <h3 id="entity-triage" className="section-title">
        Verdict, remediation and tags
      </h3>
      <div className="field field-inline">
        <label htmlFor={verdictId}>Verdict</label>
        <select
          id={verdictId}
          className="input select"
          value={d.verdictSetBy ? (e.verdict ?? '') : ''}
          onChange={(ev) => set({ verdict: ev.target.value ? (ev.target.value as EntityVerdict) : null })}
        >
          <option value="">{e.verdict && !d.verdictSetBy ? `From source (${e.verdict})` : 'None set'}</option>
          {ENTITY_VERDICTS.map((v) => (
            <option key={v} value={v}>
              {v[0]!.toUpperCase() + v.slice(1)}
            </option>
          ))}
        </select>
      </div>
      <div className="field field-inline">
        <label htmlFor={remediationId}>Remediation</label>
        <select
          id={remediationId}
          className="input select"
          value={d.remediationSetBy && d.remediationSource === 'set by hand' ? (e.remediationStatus ?? '') : ''}
          onChange={(ev) => set({ remediation: ev.target.value ? (ev.target.value as RemediationStatus) : null })}
        >
          <option value="">{e.remediationStatus && d.remediationSource !== 'set by hand' ? `From ${d.remediationSource ?? 'source'}` : 'None set'}</option>
          {REMEDIATION_STATUSES.map((r) => (
            <option key={r} value={r}>
              {REMEDIATION_LABELS[r]}
            </option>
          ))}
        </select>
      </div>
      <EntityTags tags={e.tags} busy={setEntities.isPending} set={set} />
      {d.tagsSetBy && (
        <p className="faint small">
          Tags last changed by {d.tagsSetBy.actor}, {formatUtc(d.tagsSetBy.at)}
        </p>
      )}
      {setEntities.error ? <Alert tone="error">{messageOf(setEntities.error)}</Alert> : null}
    </section>
  );
}

/** The entity's tags, each removable, and a field to add one. */
function EntityTags({ tags, busy, set }: { tags: readonly string[]; busy: boolean; set: (change: EntityChange) => void }) {
  const tagId = useId();
  const [tag, setTag] = useState('');
  return (
    <>
      <ul className="chips entity-tags" aria-label="Tags">
        {tags.map((t) => (
          <li key={t} className="chip chip-removable">
            {t}
            <button type="button" className="chip-remove" aria-label={`Remove tag ${t}`} onClick={() => set({ removeTags: [t] })}>
              ×
            </button>
          </li>
        ))}
      </ul>
      <form
        className="field field-inline"
        onSubmit={(ev) => {
          ev.preventDefault();
          if (tag.trim()) set({ addTags: [tag.trim()] });
          setTag('');
        }}
      >
        <label htmlFor={tagId}>Add tag</label>
        <input id={tagId} className="input" value={tag} maxLength={64} onChange={(ev) => setTag(ev.target.value)} />
        <Button type="submit" busy={busy} disabled={!tag.trim()}>
          Add
        </Button>
      </form>
    </>
  );
}
