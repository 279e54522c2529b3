import { useState } from 'react';
import { announce } from '../../shared/ui/Announcer';

/** Copies a value (a hash) to the clipboard, and says so to sighted and screen-reader users alike. */
export function CopyButton({ value, what }: { value: string; what: string }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied(true);
      announce(`${what} copied`);
      setTimeout(() => setCopied(false), 1500);
    } catch {
      announce(`${what} could not be copied`);
    }
  };
  return (
    <button type="button" className="btn btn-ghost ev-copy" onClick={() => void copy()} aria-label={`Copy ${what}`} title={value}>
      {copied ? 'Copied' : 'Copy'}
    </button>
  );
}
