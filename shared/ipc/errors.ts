/**
 * Errors that cross the IPC boundary. The engine throws CasebookError; the
 * shell turns any error into an envelope; the renderer's client turns the
 * envelope back into a CasebookError. Codes are stable; messages are for people.
 */
export type ErrorCode =
  | 'invalid-input'
  | 'forbidden'
  | 'vault-missing'
  | 'vault-exists'
  | 'vault-locked'
  | 'wrong-passphrase'
  | 'case-not-found'
  | 'not-found'
  | 'case-locked'
  | 'conflict'
  | 'corrupt'
  | 'cancelled'
  | 'internal';

export interface ErrorInfo {
  code: ErrorCode;
  message: string;
}

export class CasebookError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'CasebookError';
  }

  toInfo(): ErrorInfo {
    return { code: this.code, message: this.message };
  }
}

export type Envelope<T> = { ok: true; value: T } | { ok: false; error: ErrorInfo };

export function errorInfo(err: unknown): ErrorInfo {
  if (err instanceof CasebookError) return err.toInfo();
  // Unexpected errors keep their message (it names the file or field) but get the generic code.
  const message = err instanceof Error ? err.message : String(err);
  return { code: 'internal', message };
}

export function unwrap<T>(envelope: Envelope<T>): T {
  if (envelope.ok) return envelope.value;
  throw new CasebookError(envelope.error.code, envelope.error.message);
}
