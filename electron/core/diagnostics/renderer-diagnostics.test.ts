import { describe, expect, it } from 'vitest';
import { diagnosticsTo, type DiagnosticEntry } from './diagnostics';
import { rendererDiagnosticsHandlers } from './renderer-diagnostics';

describe('diagnostics.record (the renderer writing to the diagnostic log)', () => {
  it('writes the code under renderer., the ids, the error class and code and its frames, and nothing else', async () => {
    const entries: DiagnosticEntry[] = [];
    const handlers = rendererDiagnosticsHandlers(diagnosticsTo({ append: (entry) => entries.push(entry) }));
    await handlers['diagnostics.record']({
      code: 'import.cancel',
      ids: { taskId: 'task-1' },
      error: { name: 'CasebookError', code: 'locked', stack: ['at cancel (app://casebook/assets/index.js:1:200)'] },
    });
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      code: 'renderer.import.cancel',
      ids: { taskId: 'task-1', errorClass: 'CasebookError' },
      message: 'RendererError locked',
      stack: ['at cancel (app://casebook/assets/index.js:1:200)'],
    });
  });
});
