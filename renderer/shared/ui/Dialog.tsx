import { useEffect, useId, useRef, type ReactNode } from 'react';

interface DialogProps {
  title: string;
  onClose: () => void;
  children: ReactNode;
  className?: string;
  /** While true, Escape and the close button do nothing (work in flight must be cancelled explicitly). */
  busy?: boolean;
}

/**
 * A modal on the native <dialog> element: the browser traps focus, makes the
 * rest of the page inert and closes on Escape. Mounted = open.
 */
export function Dialog({ title, onClose, children, className, busy = false }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const onCloseRef = useRef(onClose);
  const busyRef = useRef(busy);
  useEffect(() => {
    onCloseRef.current = onClose;
    busyRef.current = busy;
  });

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (!dialog.open) dialog.showModal();
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
    };
  }, []);

  return (
    <dialog ref={ref} className={['dialog', className ?? ''].filter(Boolean).join(' ')} aria-labelledby={titleId}>
      <header className="dialog-header">
        <h2 id={titleId} className="dialog-title">
          {title}
        </h2>
        <button type="button" className="icon-btn" aria-label="Close" disabled={busy} onClick={() => ref.current?.close()}>
          ×
        </button>
      </header>
      <div className="dialog-body">{children}</div>
    </dialog>
  );
}
