import { describe, expect, it } from 'vitest';
import type { TimelineEvent } from '../../../shared/domain/timeline';
import { RunBuilder } from '../timeline/run-builder';
import { eventToRow } from '../timeline/event-row';
import { entityTallyColumns, MAX_TALLIED, noTallies, scanRunEntities, tallyStrings, TallyBook, type EntityTally } from './run-entities';

const event = (time: number, message: string, attributes: Record<string, string> = {}): TimelineEvent => ({
  time,
  timestampDesc: '',
  message,
  source: 'test.csv',
  host: '',
  user: '',
  tags: [],
  attributes,
});

function runOf(events: TimelineEvent[]) {
  const builder = new RunBuilder(events.length);
  for (const e of events) builder.add(eventToRow(e));
  return builder.raw();
}

const byValue = (book: TallyBook) => Object.fromEntries(book.entries().map(([type, value, first, last, count]) => [`${type} ${value}`, { first, last, count }]));

describe('scanRunEntities', () => {
  it('tallies each entity once with its first and last time and how often it was seen, across runs', () => {
    const book = new TallyBook();
    scanRunEntities(runOf([event(30, 'from 10.0.0.1'), event(10, 'from 10.0.0.1 again')]), book);
    scanRunEntities(runOf([event(50, 'x', { SourceIp: '10.0.0.1' })]), book);
    expect(byValue(book)['ip 10.0.0.1']).toEqual({ first: 10, last: 50, count: 3 });
  });

  it('finds hashes, URLs with their domains, e-mail addresses and named attributes; skips placeholders', () => {
    const book = new TallyBook();
    const sha1 = 'da39a3ee5e6b4b0d3255bfef95601890afd80709';
    scanRunEntities(
      runOf([
        event(1, `wrote ${sha1} and 127.0.0.1 and 0000000000000000000000000000000000000000`),
        event(2, 'GET https://evil.example.com/x.php, mail to bob@corp.example'),
        event(3, 'ok', { Image: 'C:\\Windows\\System32\\cmd.exe', TargetFilename: 'n/a', Hashes: `SHA1=${sha1}` }),
      ]),
      book,
    );
    expect(Object.keys(byValue(book)).sort()).toEqual([
      'domain corp.example',
      'domain evil.example.com',
      'emailAddress bob@corp.example',
      `hash ${sha1}`,
      'process C:\\Windows\\System32\\cmd.exe',
      'url https://evil.example.com/x.php',
    ]);
    expect(byValue(book)[`hash ${sha1}`]!.count).toBe(2);
  });

  it(`keeps at most ${MAX_TALLIED} distinct values and says so`, () => {
    const book = new TallyBook();
    const events = Array.from({ length: MAX_TALLIED + 10 }, (_, i) => event(i, `peer 10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`));
    scanRunEntities(runOf(events), book);
    expect(book.entries()).toHaveLength(MAX_TALLIED);
    expect(book.capped).toBe(true);
  });
});

describe('entity tally columns', () => {
  it('carry every tally across threads and back unchanged: strings of any length and script, and the numbers', () => {
    const tallies: EntityTally[] = [
      ['ip', '10.0.0.1', 1, 2, 3, '10.0.0.1', 'ent-a'],
      ['filePath', 'C:\\Users\\Zoë\\😀.exe', -5, 1.7e15, 1, 'c:\\users\\zoë\\😀.exe', 'ent-b'],
      ['domain', '', 0, 0, 0, '', ''],
    ];
    const columns = entityTallyColumns(tallies);
    const copy = structuredClone(columns);
    const strings = tallyStrings(copy);
    const back = tallies.map((_, i): EntityTally => [
      strings[4 * i]!,
      strings[4 * i + 1]!,
      copy.numbers[3 * i]!,
      copy.numbers[3 * i + 1]!,
      copy.numbers[3 * i + 2]!,
      strings[4 * i + 2]!,
      strings[4 * i + 3]!,
    ]);
    expect(back).toEqual(tallies);
    expect(tallyStrings(noTallies())).toEqual([]);
  });
});
