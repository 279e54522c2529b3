import type { LiveCommand } from './story';

/**
 * Reads a live-response transcript into its commands and their output. Two
 * kinds: PowerShell's Start-Transcript file (a header between lines of
 * asterisks with the start time, user and machine, then `PS C:\> command`
 * prompts, optionally each after a "Command start time" block; a footer with
 * the end time), and a plain shell transcript (`$ command` lines, or
 * `user@host:dir$ command`, as script(1) writes them, with its "Script
 * started on" and "Script done on" lines). Pure: the CLI and the window both
 * use it.
 */
export interface ParsedTranscript {
  format: 'powershell' | 'shell';
  host: string | null;
  user: string | null;
  /** ISO 8601 UTC, when the transcript says. */
  startedAt: string | null;
  endedAt: string | null;
  commands: LiveCommand[];
  /** What the reader could not take as written (named by line). */
  warnings: string[];
}

export class TranscriptError extends Error {}

const STARS = /^\*{10,}\s*$/;
const PS_PROMPT = /^PS [^\r\n>]*> ?(.*)$/;
const SHELL_PROMPT = /^(?:([\w.-]+)@([\w.-]+)(?::[^\s$#]*)?)?\$ (.*)$/;

/** PowerShell writes yyyyMMddHHmmss in the machine's local time, without its zone. */
function powershellTime(text: string, line: number, warnings: string[]): string | null {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(text.trim());
  if (!m) {
    warnings.push(`line ${line}: "${text.trim()}" is not a PowerShell transcript time (yyyyMMddHHmmss); left out`);
    return null;
  }
  const iso = `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}.000Z`;
  return Number.isNaN(Date.parse(iso)) ? null : iso;
}

/** Which kind of transcript the text is, or an error saying what was looked for. */
export function parseTranscript(text: string): ParsedTranscript {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  if (lines.some((l) => /^(Windows )?PowerShell transcript start\s*$/.test(l))) return parsePowerShell(lines);
  if (lines.some((l) => SHELL_PROMPT.test(l))) return parseShell(lines);
  if (lines.some((l) => PS_PROMPT.test(l))) return parsePowerShell(lines);
  throw new TranscriptError(
    'not a transcript Casebook reads: no "PowerShell transcript start" header, no "PS C:\\> command" prompt and no "$ command" line was found',
  );
}

function trimOutput(output: string[]): string {
  while (output.length && output.at(-1)!.trim() === '') output.pop();
  while (output.length && output[0]!.trim() === '') output.shift();
  return output.join('\n');
}

/** The fields of a header block between lines of asterisks. */
function headerFields(lines: string[], from: number): { fields: Map<string, { value: string; line: number }>; next: number } {
  const fields = new Map<string, { value: string; line: number }>();
  let i = from;
  for (; i < lines.length && !STARS.test(lines[i]!); i++) {
    const m = /^([A-Za-z][\w ]*?):\s?(.*)$/.exec(lines[i]!);
    if (m) fields.set(m[1]!.toLowerCase(), { value: m[2]!, line: i + 1 });
  }
  return { fields, next: i + 1 };
}

export function parsePowerShell(lines: string[]): ParsedTranscript {
  const out: ParsedTranscript = { format: 'powershell', host: null, user: null, startedAt: null, endedAt: null, commands: [], warnings: [] };
  let current: { command: string; output: string[]; at?: string } | null = null;
  let nextAt: string | undefined;
  const close = () => {
    if (current) out.commands.push({ command: current.command, output: trimOutput(current.output), ...(current.at ? { at: current.at } : {}) });
    current = null;
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (STARS.test(line)) {
      const { fields, next } = headerFields(lines, i + 1);
      const time = (name: string) => {
        const f = fields.get(name);
        return f ? powershellTime(f.value, f.line, out.warnings) : null;
      };
      if (fields.has('start time')) {
        out.startedAt = time('start time');
        out.user = fields.get('username')?.value.trim() || null;
        out.host =
          fields
            .get('machine')
            ?.value.replace(/\s*\(.*$/, '')
            .trim() || null;
      }
      if (fields.has('end time')) out.endedAt = time('end time');
      if (fields.has('command start time')) nextAt = time('command start time') ?? undefined;
      close();
      i = next - 1;
      continue;
    }
    const prompt = PS_PROMPT.exec(line);
    if (prompt && prompt[1]!.trim()) {
      close();
      current = { command: prompt[1]!.trim(), output: [], ...(nextAt ? { at: nextAt } : {}) };
      nextAt = undefined;
    } else if (current) current.output.push(line);
    else if (line.trim() && !/^Transcript started, output file is /.test(line)) out.warnings.push(`line ${i + 1}: text before the first prompt; left out`);
  }
  close();
  if (out.commands.length === 0) throw new TranscriptError('PowerShell transcript: no "PS C:\\> command" prompt with a command was found');
  return out;
}

/** script(1)'s "Script started on 2026-03-04 10:30:22+00:00 [...]" (or without a zone: taken as UTC). */
function scriptTime(line: string, word: 'started' | 'done', warnings: string[], n: number): string | null | undefined {
  const m = new RegExp(`^Script ${word} on (\\d{4}-\\d{2}-\\d{2})[ T](\\d{2}:\\d{2}:\\d{2})([+-]\\d{2}:?\\d{2}|Z)?`).exec(line);
  if (!m) return undefined;
  const zone = m[3] ? (m[3] === 'Z' ? 'Z' : m[3].replace(/^([+-]\d{2})(\d{2})$/, '$1:$2')) : 'Z';
  if (!m[3]) warnings.push(`line ${n}: the time has no zone; taken as UTC`);
  const ms = Date.parse(`${m[1]}T${m[2]}${zone}`);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

export function parseShell(lines: string[]): ParsedTranscript {
  const out: ParsedTranscript = { format: 'shell', host: null, user: null, startedAt: null, endedAt: null, commands: [], warnings: [] };
  let current: { command: string; output: string[] } | null = null;
  const close = () => {
    if (current) out.commands.push({ command: current.command, output: trimOutput(current.output) });
    current = null;
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const started = scriptTime(line, 'started', out.warnings, i + 1);
    const done = started === undefined ? scriptTime(line, 'done', out.warnings, i + 1) : undefined;
    if (started !== undefined || done !== undefined) {
      if (started !== undefined) out.startedAt = started;
      if (done !== undefined) out.endedAt = done;
      close();
      continue;
    }
    const prompt = SHELL_PROMPT.exec(line);
    if (prompt && prompt[3]!.trim()) {
      close();
      out.user ??= prompt[1] ?? null;
      out.host ??= prompt[2] ?? null;
      current = { command: prompt[3]!.trim(), output: [] };
    } else if (current) current.output.push(line);
    else if (line.trim()) out.warnings.push(`line ${i + 1}: text before the first "$ " prompt; left out`);
  }
  close();
  if (out.commands.length === 0) throw new TranscriptError('shell transcript: no "$ command" line with a command was found');
  return out;
}
