import { useId, useRef, useState, type KeyboardEvent } from 'react';
import { tagSchema } from '../../../shared/domain/case';
import { useRefocusAfterRemoval } from '../../shared/hooks/useRefocusAfterRemoval';

interface TagEditorProps {
  tags: readonly string[];
  onChange: (tags: string[]) => void;
}

/** Tags as removable chips plus an input: Enter or comma adds, Backspace on an empty input removes the last. */
export function TagEditor({ tags, onChange }: TagEditorProps) {
  const id = useId();
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const list = useRef<HTMLUListElement>(null);
  // A removed tag's × hands focus to the next tag's ×, else the previous, else the input.
  const refocus = useRefocusAfterRemoval(list, '.chip-remove', () => document.getElementById(id));

  const add = () => {
    if (!text.trim()) return;
    const parsed = tagSchema.safeParse(text);
    if (!parsed.success) {
      setError(parsed.error.issues[0]?.message ?? 'not a valid tag');
      return;
    }
    setError(null);
    setText('');
    if (!tags.includes(parsed.data)) onChange([...tags, parsed.data]);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'Enter' || event.key === ',') {
      // Enter adds the tag; it must not submit the whole form.
      event.preventDefault();
      add();
    } else if (event.key === 'Backspace' && text === '' && tags.length > 0) {
      onChange(tags.slice(0, -1));
    }
  };

  return (
    <div className={`field${error ? ' has-error' : ''}`}>
      <label className="field-label" htmlFor={id}>
        Tags
      </label>
      <div className="tag-editor">
        <ul className="chips" aria-label="Tags" ref={list}>
          {tags.map((tag, index) => (
            <li key={tag} className="chip chip-removable">
              <span>{tag}</span>
              <button
                type="button"
                className="chip-remove"
                aria-label={`Remove tag ${tag}`}
                onClick={() => {
                  refocus(index);
                  onChange(tags.filter((t) => t !== tag));
                }}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
        <input
          id={id}
          className="input tag-input"
          placeholder="Add tag…"
          aria-label="Add tag"
          value={text}
          onChange={(event) => setText(event.target.value)}
          onKeyDown={onKeyDown}
          onBlur={add}
          aria-describedby={error ? `${id}-error` : undefined}
          aria-invalid={error ? true : undefined}
        />
      </div>
      {error && (
        <div className="field-error" id={`${id}-error`} role="alert">
          {error}
        </div>
      )}
    </div>
  );
}
