import { useState } from 'react';
import { parseTranscript, type ParsedTranscript } from '../../../shared/domain/transcript';
import type { Input } from '../../../shared/ipc/contract';
import { messageOf } from '../../shared/errors';
import { useStoryCommands } from '../../shared/story/useStory';
import { formatUtc, parseUtcInput } from '../../shared/time';
import { Alert } from '../../shared/ui/Alert';
import { Button } from '../../shared/ui/Button';
import { useEvidenceChoices } from '../../shared/evidence/useEvidenceChoices';
import { EvidenceCheckList } from '../../shared/ui/EvidenceChoice';
import { TextAreaField, TextField } from '../../shared/ui/fields';
import { CommandsEditor, newKey, type DraftCommand } from './CommandsEditor';

interface Draft {
  host: string;
  tool: string;
  operator: string;
  start: string;
  end: string;
  evidence: string[];
  summary: string;
  transcript: string;
  fileName: string;
  /** The session's commands: read from the transcript, or typed one at a time; all editable until saved. */
  commands: DraftCommand[];
}
const EMPTY: Draft = { host: '', tool: '', operator: '', start: '', end: '', evidence: [], summary: '', transcript: '', fileName: '', commands: [] };
const shown = (iso: string | null) => (iso ? formatUtc(iso).replace(/ UTC$/, '') : '');

function readTranscript(text: string): { parsed: ParsedTranscript | null; error: string | null } {
  if (!text.trim()) return { parsed: null, error: null };
  try {
    return { parsed: parseTranscript(text), error: null };
  } catch (err) {
    return { parsed: null, error: messageOf(err) };
  }
}

const usToIso = (text: string) => {
  const us = parseUtcInput(text);
  return us === null ? null : new Date(Math.floor(us / 1000)).toISOString();
};

/** What the form sends: the draft's fields and its commands (those without a command line are left out). */
function sessionOf(draft: Draft, startedAt: string, endedAt: string | null, parsed: ParsedTranscript | null): Omit<Input<'story.recordLive'>, 'caseId'> {
  return {
    host: draft.host.trim(),
    tool: draft.tool.trim(),
    ...(draft.operator.trim() ? { operator: draft.operator.trim() } : {}),
    startedAt,
    endedAt,
    commands: draft.commands.filter((c) => c.command.trim()).map(({ command, output, at }) => ({ command: command.trim(), output, ...(at ? { at } : {}) })),
    transcript: parsed ? { name: draft.fileName || 'pasted', format: parsed.format } : null,
    evidenceIds: draft.evidence,
    summary: draft.summary.trim(),
  };
}

/**
 * Records a live-response session: host, tool, who ran it, when, and its
 * commands, pasted or read from a transcript file (PowerShell's
 * Start-Transcript or a "$ command" shell log; parsed here, before it is sent),
 * which also fills in the host, operator and times it names.
 */
export function LiveSessionForm({ caseId, host, onDone }: { caseId: string; host?: string; onDone: () => void }) {
  const { recordLive } = useStoryCommands(caseId);
  const evidenceLog = useEvidenceChoices(caseId);
  const [draft, setDraft] = useState<Draft>({ ...EMPTY, host: host ?? '' });
  const set = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }));
  const { parsed, error: transcriptError } = readTranscript(draft.transcript);

  const takeTranscript = (text: string, fileName: string) => {
    const { parsed: p } = readTranscript(text);
    setDraft((d) => ({
      ...d,
      transcript: text,
      fileName,
      // A new transcript's commands replace the last one's; the commands typed by hand stay, after them.
      commands: [...(p?.commands ?? []).map((c) => ({ ...c, key: newKey(), typed: false })), ...d.commands.filter((c) => c.typed)],
      host: d.host || p?.host || '',
      operator: d.operator || p?.user || '',
      start: d.start || shown(p?.startedAt ?? null),
      end: d.end || shown(p?.endedAt ?? null),
    }));
  };
  const startIso = usToIso(draft.start);
  const endIso = draft.end.trim() ? usToIso(draft.end) : null;
  const timeError = draft.start && !startIso ? 'not a UTC time (2026-03-04 10:30:00)' : null;
  const endError = draft.end.trim() && !endIso ? 'not a UTC time (2026-03-04 10:45:00)' : null;
  const ready = draft.host.trim() && draft.tool.trim() && startIso && !endError && !transcriptError;

  const submit = () => {
    if (ready) recordLive.mutate(sessionOf(draft, startIso, endIso, parsed), { onSuccess: onDone });
  };

  return (
    <form
      className="live-form"
      aria-label="Record a live-response session"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <div className="live-form-grid">
        <TextField label="Host" value={draft.host} onChange={(e) => set({ host: e.target.value })} required />
        <TextField
          label="Tool"
          placeholder="Defender Live Response, PowerShell Remoting, ssh…"
          value={draft.tool}
          onChange={(e) => set({ tool: e.target.value })}
          required
        />
        <TextField label="Operator" hint="Who ran it; you, if left empty" value={draft.operator} onChange={(e) => set({ operator: e.target.value })} />
        <TextField
          label="Started (UTC)"
          placeholder="2026-03-04 10:30:00"
          value={draft.start}
          error={timeError}
          onChange={(e) => set({ start: e.target.value })}
          required
        />
        <TextField label="Ended (UTC)" placeholder="optional" value={draft.end} error={endError} onChange={(e) => set({ end: e.target.value })} />
      </div>
      <TranscriptField text={draft.transcript} fileName={draft.fileName} parsed={parsed} error={transcriptError} onText={takeTranscript} />
      <CommandsEditor commands={draft.commands} onChange={(commands) => set({ commands })} />
      <EvidenceCheckList
        legend="Evidence the session collected (from the evidence log)"
        rows={(evidenceLog.data ?? []).filter((r) => r.origin === 'item')}
        value={draft.evidence}
        onChange={(evidence) => set({ evidence })}
      />
      <TextAreaField label="Summary" rows={2} value={draft.summary} onChange={(e) => set({ summary: e.target.value })} />
      {recordLive.error && <Alert tone="error">{messageOf(recordLive.error)}</Alert>}
      <div className="note-actions">
        <Button type="submit" variant="primary" busy={recordLive.isPending} disabled={!ready}>
          Record the session
        </Button>
        <Button variant="ghost" onClick={onDone}>
          Cancel
        </Button>
      </div>
    </form>
  );
}

interface TranscriptProps {
  text: string;
  fileName: string;
  parsed: ParsedTranscript | null;
  error: string | null;
  onText: (text: string, fileName: string) => void;
}

/** The transcript, pasted or read from a file (in the page: no path reaches the engine), and what was read from it. */
function TranscriptField({ text, fileName, parsed, error, onText }: TranscriptProps) {
  return (
    <>
      <TextAreaField
        label="Transcript"
        hint="Paste a PowerShell transcript (Start-Transcript) or a shell log with “$ command” lines, or read a file"
        className="live-transcript"
        rows={6}
        value={text}
        error={error}
        onChange={(e) => onText(e.target.value, '')}
      />
      <label className="btn btn-default live-file">
        Read a transcript file…
        <input
          type="file"
          accept=".txt,.log,text/plain"
          className="sr-only"
          onChange={(e) => {
            const file = e.target.files?.[0];
            if (file) void file.text().then((content) => onText(content, file.name));
          }}
        />
      </label>
      {parsed && (
        <p className="live-parsed" role="status">
          {parsed.commands.length} command{parsed.commands.length === 1 ? '' : 's'} read from a {parsed.format === 'powershell' ? 'PowerShell' : 'shell'}{' '}
          transcript
          {fileName && ` (${fileName})`}
          {parsed.warnings.length > 0 && `; ${parsed.warnings.join('; ')}`}
        </p>
      )}
    </>
  );
}
