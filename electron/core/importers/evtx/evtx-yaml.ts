import type { ImportContext, Importer, Sample } from '../types';
import { ImportProblem } from '../problems';
import { assertText, MAX_RECORD_CHARS, readLines, type Line } from '../text-lines';
import { peek } from '../peek';
import { ChannelNames } from '../security-datasets/channels';
import { recordEvent } from './evtx';
import { NO_RECORD_HEADER } from './evtx-json';
import { jsonEventFields, jsonEventOf } from './json-event-fields';
import { readYamlDocument, YamlError } from './yaml-block';

/**
 * Chainsaw's `dump` and `search` output without --json: each record a YAML
 * document after a `---` line, the same value its --json output holds
 * (`Event.System`, `Provider_attributes`…), read with yaml-block.ts and
 * mapped as evtx-json.ts maps the JSON: through the raw reader's fields and
 * recordEvent, so the same log gives the same events in any of the three.
 */

const DOCUMENT_START = /^---(?:\s|$)/;

export function looksLikeEvtxYaml(text: string): boolean {
  const start = text.replace(/^\uFEFF/, '');
  if (!/^---[ \t]*\r?\n/.test(start)) return false;
  const first = start.slice(0, 16 * 1024);
  return /^Event:[ \t]*\r?$/m.test(first) && /^ +System:[ \t]*\r?$/m.test(first) && /^ +EventID/m.test(first) && /^ +TimeCreated/m.test(first);
}

/** One document's lines and where it starts; `tooLong` once its text passed the record limit (the rest is skipped). */
interface Document {
  line: number;
  lines: string[];
  chars: number;
  tooLong: boolean;
}

class EvtxYamlReader {
  private readonly channels = new ChannelNames();
  private readonly columns = new Set<string>();
  records = 0;

  constructor(private readonly ctx: ImportContext) {}

  take(doc: Document): void {
    if (doc.lines.every((l) => l.trim() === '' || l === '...')) return;
    this.records++;
    const { ctx } = this;
    if (doc.tooLong) {
      ctx.invalid({ position: { line: doc.line }, field: null, reason: `the record is longer than ${MAX_RECORD_CHARS / 2 ** 20} MiB` });
      return;
    }
    let value;
    try {
      value = readYamlDocument(doc.lines.filter((l) => l !== '...'));
    } catch (err) {
      if (!(err instanceof YamlError)) throw err;
      ctx.invalid({ position: { line: doc.line + 1 + err.line }, field: null, reason: `not YAML as Chainsaw writes it: ${err.message}` });
      return;
    }
    const event = value && typeof value === 'object' && !Array.isArray(value) ? jsonEventOf(value) : null;
    if (!event) {
      ctx.invalid({ position: { line: doc.line }, field: 'Event.System', reason: 'the record has no Event.System: not a Windows event' });
      return;
    }
    const mapped = recordEvent(NO_RECORD_HEADER, jsonEventFields(event), this.channels);
    if (typeof mapped === 'string') {
      ctx.invalid({ position: { line: doc.line }, field: 'Event.System.TimeCreated', reason: mapped });
      return;
    }
    if (this.columns.size < 200) {
      for (const key in mapped.attributes) this.columns.add(key);
      ctx.columns([...this.columns]);
    }
    ctx.event(mapped);
  }
}

export const evtxYaml: Importer = {
  format: 'evtx-yaml',
  label: 'Windows events as YAML (Chainsaw dump)',
  sniff(sample: Sample): number {
    return looksLikeEvtxYaml(sample.text) ? 0.95 : 0;
  },
  async run(ctx: ImportContext): Promise<void> {
    const { head, all } = await peek(ctx.open());
    if (head.length === 0) throw new ImportProblem(`${ctx.file}: the file is empty`);
    assertText(head, ctx.file);
    const reader = new EvtxYamlReader(ctx);
    let doc: Document | null = null;
    const add = ({ text, line }: Line) => {
      if (DOCUMENT_START.test(text)) {
        if (doc) reader.take(doc);
        doc = { line, lines: [], chars: 0, tooLong: false };
        return;
      }
      if (!doc) {
        if (text.trim() === '') return;
        throw new ImportProblem(`${ctx.file}: line ${line}: text before the first "---": not Chainsaw's YAML output`);
      }
      if (doc.tooLong) return;
      doc.chars += text.length + 1;
      if (doc.chars > MAX_RECORD_CHARS) {
        doc.tooLong = true;
        doc.lines = [];
      } else doc.lines.push(text);
    };
    const tooLong = (line: number) => ctx.invalid({ position: { line }, field: null, reason: `the line is longer than ${MAX_RECORD_CHARS / 2 ** 20} MiB` });
    for await (const batch of readLines(all, (n) => ctx.bytes(n), tooLong)) {
      for (const line of batch) add(line);
      await ctx.checkpoint();
    }
    if (doc) reader.take(doc);
    if (reader.records === 0) throw new ImportProblem(`${ctx.file}: no YAML record in the file`);
  },
};
