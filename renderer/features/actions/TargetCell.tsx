import type { ActionTarget } from '../../../shared/domain/actions';
import { KIND_LABEL } from '../../shared/entityKinds';

/** A target by name, with the exact identifier whoever carries the action out needs (device id, SID, UPN, SHA-256). */
export function TargetCell({ target }: { target: ActionTarget }) {
  return (
    <td className="col-target">
      <div className="cell-ellipsis" title={target.display}>
        {target.type && <span className="faint">{KIND_LABEL[target.type]} </span>}
        {target.display}
      </div>
      <div className="small target-id">
        <span className="faint">{target.identifierName} </span>
        <span className="mono">{target.identifier}</span>
      </div>
    </td>
  );
}
