import { useState } from 'react';
import type { CaseNote, NoteTarget } from '../../../shared/domain/story';
import { messageOf } from '../errors';
import { Markdown } from '../markdown/Markdown';
import { useStory, useStoryCommands } from '../story/useStory';
import { formatUtc } from '../time';
import { Alert } from './Alert';
import { Button } from './Button';
import { TextAreaField } from './fields';
import './notes.css';

const sameTarget = (a: NoteTarget, b: NoteTarget) => a.kind === b.kind && (a.kind === 'case' || (b.kind !== 'case' && a.id === b.id));

/** One note: its Markdown, who wrote it and when, its edits; Edit writes a new text (the old one stays in its history). */
export function NoteCard({ caseId, note, context }: { caseId: string; note: CaseNote; context?: string }) {
  const { writeNote } = useStoryCommands(caseId);
  const [draft, setDraft] = useState<string | null>(null);
  const save = () => draft !== null && writeNote.mutate({ noteId: note.id, text: draft }, { onSuccess: () => setDraft(null) });
  const edited = note.history.length > 0;
  return (
    <article className="note-card" aria-label={`Note by ${note.created.actor}`}>
      <header className="note-meta faint">
        <span>
          {context && <span className="note-context">{context} · </span>}
          {note.created.actor}, {formatUtc(note.created.at)}
          {edited && ` · edited by ${note.updated.actor}, ${formatUtc(note.updated.at)}`}
        </span>
        {draft === null && (
          <Button variant="ghost" className="note-edit" onClick={() => setDraft(note.text)} aria-label={`Edit the note by ${note.created.actor}`}>
            Edit
          </Button>
        )}
      </header>
      {draft === null ? (
        <Markdown text={note.text} />
      ) : (
        <div className="note-form">
          <TextAreaField label="Note text (Markdown)" value={draft} rows={5} onChange={(e) => setDraft(e.target.value)} autoFocus />
          {writeNote.error && <Alert tone="error">{messageOf(writeNote.error)}</Alert>}
          <div className="note-actions">
            <Button variant="primary" busy={writeNote.isPending} disabled={!draft.trim() || draft === note.text} onClick={save}>
              Save
            </Button>
            <Button variant="ghost" onClick={() => setDraft(null)}>
              Cancel
            </Button>
          </div>
        </div>
      )}
      {edited && (
        <details className="note-history">
          <summary className="faint">Earlier texts ({note.history.length})</summary>
          <ol>
            {note.history.map((h, i) => (
              <li key={i}>
                <div className="faint">
                  {h.by.actor}, {formatUtc(h.by.at)}
                </div>
                <pre className="note-old">{h.text}</pre>
              </li>
            ))}
          </ol>
        </details>
      )}
    </article>
  );
}

/** A form that writes a new note on `target`. */
export function NoteForm({
  caseId,
  target,
  label = 'New note (Markdown)',
  onDone,
}: {
  caseId: string;
  target: NoteTarget;
  label?: string;
  onDone?: () => void;
}) {
  const { writeNote } = useStoryCommands(caseId);
  const [text, setText] = useState('');
  return (
    <form
      className="note-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (text.trim())
          writeNote.mutate(
            { target, text },
            {
              onSuccess: () => {
                setText('');
                onDone?.();
              },
            },
          );
      }}
    >
      <TextAreaField
        label={label}
        hint="**bold**, *italic*, `code`, lists, [links](https://…) (opened outside the app); HTML is shown as text"
        value={text}
        rows={3}
        onChange={(e) => setText(e.target.value)}
      />
      {writeNote.error && <Alert tone="error">{messageOf(writeNote.error)}</Alert>}
      <div className="note-actions">
        <Button type="submit" variant="primary" busy={writeNote.isPending} disabled={!text.trim()}>
          Add note
        </Button>
      </div>
    </form>
  );
}

/**
 * The notes on one thing (the case, an entity, an alert, an event) and a form for a new one: for any page, without
 * importing a feature. `newest`: the latest written (or edited) first, the form above them (the case's notes, read
 * as a log); else in the order written, the form below.
 */
export function NotesPanel({
  caseId,
  target,
  title = 'Notes',
  headingLevel = 2,
  order = 'oldest',
  empty,
}: {
  caseId: string;
  target: NoteTarget;
  title?: string;
  headingLevel?: 2 | 3;
  order?: 'oldest' | 'newest';
  /** What to say when there is no note yet (nothing by default: the form says enough on a small panel). */
  empty?: string;
}) {
  const story = useStory(caseId);
  const notes = (story.data?.notes ?? []).filter((n) => sameTarget(n.target, target));
  if (order === 'newest') notes.sort((a, b) => (a.updated.at < b.updated.at ? 1 : a.updated.at > b.updated.at ? -1 : 0));
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  const form = <NoteForm caseId={caseId} target={target} />;
  return (
    <section className={`notes-panel notes-${order}`} aria-label={title}>
      <Heading className="section-title">
        {title} <span className="faint">· {notes.length}</span>
      </Heading>
      {story.error && <Alert tone="error">Could not read the notes: {messageOf(story.error)}</Alert>}
      {order === 'newest' && form}
      {empty && story.data && notes.length === 0 && <p className="muted notes-empty">{empty}</p>}
      {notes.map((note) => (
        <NoteCard key={note.id} caseId={caseId} note={note} />
      ))}
      {order === 'oldest' && form}
    </section>
  );
}
