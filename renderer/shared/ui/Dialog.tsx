import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { firstField, focusFirst, mainHeading } from './focus';

interface DialogProps {
  title: string;
  onClose: () => void;
  children: ReactNode;
  className?: string;
  /** While true, Escape and the close button do nothing (work in flight must be cancelled explicitly). */
  busy?: boolean;
  /** Where focus goes on close when the control that opened the dialog is gone (default: the screen's heading). */
  returnFocus?: () => Element | null;
}

/**
 * A modal on the native <dialog> element: the browser traps focus, makes the
 * rest of the page inert and closes on Escape. Mounted = open.
 *
 * It opens on its first field, not on the × that comes first in the DOM, and
 * however it closes (×, Escape, Cancel, a result that unmounts it) focus goes
 * back to the control that opened it. The browser's own restore is not
 * enough: when React removes the dialog, focus falls to <body> first.
 */
export function Dialog({ title, onClose, children, className, busy = false, returnFocus }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const body = useRef<HTMLDivElement>(null);
  const titleId = useId();
  // Read while rendering, before any autoFocus inside has moved focus into the dialog.
  const [opener] = useState(() => document.activeElement);
  const onCloseRef = useRef(onClose);
  const busyRef = useRef(busy);
  const returnRef = useRef(returnFocus);
  useEffect(() => {
    onCloseRef.current = onClose;
    busyRef.current = busy;
    returnRef.current = returnFocus;
  });

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (!dialog.open) dialog.showModal();
    const field = body.current && firstField(body.current);
    if (field) field.focus();
    // Escape fires 'cancel' then 'close'; either way the owner decides to unmount us.
    const handleClose = () => onCloseRef.current();
    const handleCancel = (event: Event) => {
      if (busyRef.current) event.preventDefault();
    };
    dialog.addEventListener('close', handleClose);
    dialog.addEventListener('cancel', handleCancel);
    return () => {
      dialog.removeEventListener('close', handleClose);
      dialog.removeEventListener('cancel', handleCancel);
      if (dialog.open) dialog.close();
      // Unless what closed us moved focus on purpose (a new case's heading), put it back.
      if (document.activeElement === document.body || document.activeElement === null || dialog.contains(document.activeElement)) {
        focusFirst(opener, returnRef.current?.(), mainHeading());
      }
    };
  }, [opener]);

  return (
    <dialog ref={ref} className={['dialog', className ?? ''].filter(Boolean).join(' ')} aria-labelledby={titleId}>
      <header className="dialog-header">
        <h2 id={titleId} className="dialog-title">
          {title}
        </h2>
        <button
          type="button"
          className="icon-btn"
          aria-label="Close"
          aria-disabled={busy || undefined}
          onClick={() => !busyRef.current && ref.current?.close()}
        >
          ×
        </button>
      </header>
      <div className="dialog-body" ref={body}>
        {children}
      </div>
    </dialog>
  );
}
