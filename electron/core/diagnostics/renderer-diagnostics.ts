import type { Handlers } from '../../../shared/ipc/dispatch';
import type { Diagnostics } from './diagnostics';

/** An error the renderer reported: rebuilt from its class, code and frames so the log reads it as it reads the engine's own. */
class RendererError extends Error {
  constructor(
    readonly code: string | undefined,
    frames: readonly string[],
  ) {
    super('');
    this.stack = ['RendererError', ...frames.map((frame) => `    at ${frame.replace(/^\s*at\s+/, '')}`)].join('\n');
  }
}

/** The renderer's way into the diagnostic log: errors it gets past on purpose (a best-effort close or cancel). */
export function rendererDiagnosticsHandlers(diagnostics: Diagnostics): Pick<Handlers, 'diagnostics.record'> {
  return {
    'diagnostics.record': async ({ code, ids, error }) => {
      diagnostics.record(`renderer.${code}`, new RendererError(error.code, error.stack), { ...ids, errorClass: error.name });
    },
  };
}
