import type { ButtonHTMLAttributes, MouseEvent } from 'react';

type Variant = 'default' | 'primary' | 'ghost' | 'danger';

interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  variant?: Variant;
  /** Shows a spinner and blocks clicks while a call is in flight. */
  busy?: boolean;
}

/**
 * A button that cannot act now is `aria-disabled`, not `disabled`: a disabled
 * button drops keyboard focus to <body> the moment it disables itself (Save
 * after saving, Verify again while verifying), and the next Tab starts at the
 * top of the page. It stays focusable and says it is unavailable; clicks, and
 * the Enter that would submit its form, are cancelled here.
 */
export function Button({ variant = 'default', busy = false, className, disabled, children, type, onClick, ...rest }: ButtonProps) {
  const inert = Boolean(disabled || busy);
  const classes = ['btn', `btn-${variant}`, busy ? 'is-busy' : '', className ?? ''].filter(Boolean).join(' ');
  const click = (event: MouseEvent<HTMLButtonElement>) => {
    if (inert) {
      // Also cancels the form submission a submit button's click (or Enter in a field) would start.
      event.preventDefault();
      return;
    }
    onClick?.(event);
  };
  return (
    <button
      // Buttons do not submit forms unless they say so: a stray Enter must not save.
      type={type ?? 'button'}
      className={classes}
      aria-disabled={inert || undefined}
      aria-busy={busy || undefined}
      onClick={click}
      {...rest}
    >
      {busy && <span className="spinner" aria-hidden="true" />}
      {children}
    </button>
  );
}
