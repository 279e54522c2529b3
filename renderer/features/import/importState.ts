import type { ColumnMapping, ImportFormat, ImportPreview, ImportReport } from '../../../shared/domain/import';
import type { ChosenFile, Input } from '../../../shared/ipc/contract';
import type { DuplicateCheck } from '../../../shared/domain/duplicates';
import { needsMapping } from './formats';

/** The column mapping as the form holds it: empty strings for "not mapped". */
export interface MappingDraft {
  time: string;
  timeFormat: string;
  message: string[];
  timestampDesc: string;
  host: string;
  user: string;
  source: string;
  tags: string;
}

export const EMPTY_MAPPING: MappingDraft = {
  time: '',
  timeFormat: 'iso',
  message: [],
  timestampDesc: '',
  host: '',
  user: '',
  source: '',
  tags: '',
};

export interface FileOptions {
  /** null: the format the engine detects. */
  format: ImportFormat | null;
  timezone: string;
  skipInvalid: boolean;
  mapping: MappingDraft;
}

export type PreviewState =
  | { status: 'loading'; last: ImportPreview | null }
  | { status: 'ready'; value: ImportPreview }
  | { status: 'error'; message: string; last: ImportPreview | null };

export interface Progress {
  done: number;
  total: number | null;
  records: number;
}

export type Outcome =
  | { status: 'queued' }
  | { status: 'running'; taskId: string; progress: Progress | null; cancelling: boolean }
  | { status: 'done'; report: ImportReport }
  | { status: 'failed'; message: string }
  | { status: 'cancelled' }
  /** Not started: an earlier file's import was cancelled. */
  | { status: 'not-started' }
  /** It repeats an earlier import: waiting for the user to say what to do (DuplicatePrompt). */
  | { status: 'duplicate'; check: DuplicateCheck }
  /** It repeated an earlier import and the user skipped it. */
  | { status: 'skipped' };

export interface FileEntry {
  /** What the shell handed out for the file the user picked: import.* take it instead of a path, which the page never sees. */
  token: string;
  name: string;
  options: FileOptions;
  /** The preview request the shown preview belongs to (see previewRequest). */
  previewKey: string;
  preview: PreviewState;
  outcome: Outcome | null;
}

export type Phase = 'choosing' | 'setup' | 'importing' | 'finished';

export interface ImportState {
  phase: Phase;
  files: FileEntry[];
  selected: number;
  chooseError: string | null;
}

export const initialState: ImportState = { phase: 'choosing', files: [], selected: 0, chooseError: null };

export type Action =
  | { type: 'chosen'; files: ChosenFile[] }
  | { type: 'choose-failed'; message: string }
  | { type: 'select'; index: number }
  | { type: 'remove'; token: string }
  | { type: 'options'; token: string; change: Partial<FileOptions> }
  | { type: 'preview-loading'; token: string; key: string }
  | { type: 'preview'; token: string; key: string; state: PreviewState }
  | { type: 'start'; tokens: string[] }
  | { type: 'running'; token: string; taskId: string }
  | { type: 'progress'; taskId: string; progress: Progress }
  | { type: 'cancelling'; taskId: string }
  | { type: 'outcome'; token: string; outcome: Outcome }
  | { type: 'finished' }
  | { type: 'back' };

export function draftOf(mapping: ColumnMapping): MappingDraft {
  return {
    time: mapping.time,
    timeFormat: mapping.timeFormat || 'iso',
    message: [...mapping.message],
    timestampDesc: mapping.timestampDesc ?? '',
    host: mapping.host ?? '',
    user: mapping.user ?? '',
    source: mapping.source ?? '',
    tags: mapping.tags ?? '',
  };
}

/** An engine error as written: import messages start with the file name, whose case matters. */
export function engineMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function lastPreview(state: PreviewState): ImportPreview | null {
  return state.status === 'ready' ? state.value : state.last;
}

function updateFile(state: ImportState, token: string, update: (file: FileEntry) => FileEntry): ImportState {
  return { ...state, files: state.files.map((f) => (f.token === token ? update(f) : f)) };
}

export function reducer(state: ImportState, action: Action): ImportState {
  switch (action.type) {
    case 'chosen': {
      // The shell gives a file picked again the token it had, so it is not listed twice.
      const known = new Set(state.files.map((f) => f.token));
      const added = action.files.filter((f) => !known.has(f.token));
      const files = [
        ...state.files,
        ...added.map(({ token, name }): FileEntry => ({
          token,
          name,
          options: { format: null, timezone: 'UTC', skipInvalid: false, mapping: EMPTY_MAPPING },
          previewKey: '',
          preview: { status: 'loading', last: null },
          outcome: null,
        })),
      ];
      return {
        ...state,
        files,
        phase: files.length ? 'setup' : state.phase,
        selected: added.length ? state.files.length : state.selected,
        chooseError: null,
      };
    }
    case 'choose-failed':
      return { ...state, chooseError: action.message, phase: state.files.length ? 'setup' : 'choosing' };
    case 'select':
      return { ...state, selected: action.index };
    case 'remove': {
      const files = state.files.filter((f) => f.token !== action.token);
      return { ...state, files, selected: Math.min(state.selected, Math.max(files.length - 1, 0)) };
    }
    case 'options':
      return updateFile(state, action.token, (f) => ({ ...f, options: { ...f.options, ...action.change } }));
    case 'preview-loading':
      return updateFile(state, action.token, (f) => ({ ...f, previewKey: action.key, preview: { status: 'loading', last: lastPreview(f.preview) } }));
    case 'preview':
      // A late answer to an older request is dropped: the options changed since.
      return updateFile(state, action.token, (f) => {
        if (f.previewKey !== action.key) return f;
        // A failed preview keeps the last good one's columns and candidates, for the format and mapping fields.
        const preview = action.state.status === 'error' ? { ...action.state, last: lastPreview(f.preview) } : action.state;
        // The engine guesses a mapping for a file nobody described: it fills the form, for the user to confirm or correct.
        const ready = action.state.status === 'ready' ? action.state.value : null;
        const guessed = ready?.mapping ?? null;
        if (guessed && needsMapping(f.options.format ?? ready?.format) && !f.options.mapping.time) {
          return { ...f, preview, options: { ...f.options, mapping: draftOf(guessed) } };
        }
        return { ...f, preview };
      });
    case 'start':
      return {
        ...state,
        phase: 'importing',
        files: state.files.map((f) => (action.tokens.includes(f.token) ? { ...f, outcome: { status: 'queued' } } : f)),
      };
    case 'running':
      return updateFile(state, action.token, (f) => ({ ...f, outcome: { status: 'running', taskId: action.taskId, progress: null, cancelling: false } }));
    case 'progress':
    case 'cancelling':
      return {
        ...state,
        files: state.files.map((f) => {
          if (f.outcome?.status !== 'running' || f.outcome.taskId !== action.taskId) return f;
          return {
            ...f,
            outcome: action.type === 'progress' ? { ...f.outcome, progress: action.progress } : { ...f.outcome, cancelling: true },
          };
        }),
      };
    case 'outcome':
      return updateFile(state, action.token, (f) => ({ ...f, outcome: action.outcome }));
    case 'finished':
      return { ...state, phase: 'finished' };
    case 'back':
      // Imported files stay imported; the others can be tried again with other options.
      return { ...state, phase: 'setup', files: state.files.map((f) => (f.outcome?.status === 'done' ? f : { ...f, outcome: null })) };
  }
}

/** The mapping to send, or undefined when the format needs none or the form is not complete enough yet. */
export function mappingOf(options: FileOptions, detected: ImportFormat | null): ColumnMapping | undefined {
  const format = options.format ?? detected;
  if (!needsMapping(format) || !options.mapping.time) return undefined;
  const m = options.mapping;
  const optional = (value: string) => (value ? value : undefined);
  return {
    time: m.time,
    timeFormat: m.timeFormat || 'iso',
    message: m.message,
    timestampDesc: optional(m.timestampDesc),
    host: optional(m.host),
    user: optional(m.user),
    source: optional(m.source),
    tags: optional(m.tags),
  };
}

/** The preview call for a file's options; its JSON is the key that tells a stale answer from a current one. */
export function previewRequest(file: FileEntry): Input<'import.preview'> {
  const detected = lastPreview(file.preview)?.format ?? null;
  const mapping = mappingOf(file.options, detected);
  return {
    file: file.token,
    timezone: file.options.timezone,
    ...(file.options.format ? { format: file.options.format } : {}),
    ...(mapping ? { mapping } : {}),
  };
}

export function shownPreview(file: FileEntry): ImportPreview | null {
  return lastPreview(file.preview);
}
