import type { ReactNode } from 'react';
import type { EntityType } from '../../../shared/domain/records';
import { KIND_LABEL } from '../entityKinds';

/** An entity's first two cells in a table row: its kind, and its value as a link to its page (with what follows it, such as a badge). */
export function EntityCells({ type, display, onOpen, children }: { type: EntityType; display: string; onOpen: () => void; children?: ReactNode }) {
  return (
    <>
      <td className="col-kind">{KIND_LABEL[type]}</td>
      <td className="col-value">
        <button type="button" className="link-btn cell-ellipsis" title={display} onClick={onOpen}>
          {display}
        </button>
        {children}
      </td>
    </>
  );
}
