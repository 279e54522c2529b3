import { describe, expect, it } from 'vitest';
import { comparisonsOf, MAX_PATTERN_NESTING, parsePattern, PatternSyntaxError, type ObservationExpression } from './pattern-parser';

/** The error a pattern raises (fails the test when it parses). */
function errorOf(pattern: string): PatternSyntaxError {
  try {
    parsePattern(pattern);
  } catch (err) {
    if (err instanceof PatternSyntaxError) return err;
    throw err;
  }
  throw new Error(`expected a syntax error for ${pattern}`);
}

const paths = (e: ObservationExpression) => comparisonsOf(e).map((c) => c.path.text);

describe('STIX pattern parser: valid patterns', () => {
  it('reads one comparison: object type, property, operator and string value', () => {
    expect(parsePattern("[ipv4-addr:value = '198.51.100.1']")).toEqual({
      kind: 'observation',
      index: 0,
      comparison: {
        kind: 'comparison',
        path: { objectType: 'ipv4-addr', steps: [{ property: 'value' }], text: 'ipv4-addr:value', index: 1 },
        operator: '=',
        negated: false,
        values: [{ kind: 'string', text: '198.51.100.1' }],
        index: 1,
      },
    });
  });

  it('reads quoted and unquoted hash names, list indexes and [*]', () => {
    const e = parsePattern(
      "[file:hashes.'SHA-256' = 'ab' AND file:hashes.MD5 = 'cd' AND email-message:body_multipart[*].body_raw_ref.name = 'x' AND x:list[-1].v = 'y']",
    );
    expect(paths(e)).toEqual(["file:hashes.'SHA-256'", 'file:hashes.MD5', 'email-message:body_multipart[*].body_raw_ref.name', 'x:list[-1].v']);
  });

  it('groups AND tighter than OR inside an observation, and respects parentheses', () => {
    const e = parsePattern("[a:x = '1' OR a:y = '2' AND a:z = '3']");
    expect(e.kind === 'observation' && e.comparison).toMatchObject({
      kind: 'logical',
      operator: 'OR',
      operands: [{ kind: 'comparison' }, { kind: 'logical', operator: 'AND' }],
    });
    const p = parsePattern("[(a:x = '1' OR a:y = '2') AND a:z = '3']");
    expect(p.kind === 'observation' && p.comparison).toMatchObject({
      kind: 'logical',
      operator: 'AND',
      operands: [{ kind: 'logical', operator: 'OR' }, { kind: 'comparison' }],
    });
  });

  it('combines observations with AND, OR and FOLLOWEDBY (FOLLOWEDBY binds loosest), nested in parentheses', () => {
    const e = parsePattern("([a:x = '1'] AND [b:y = '2']) FOLLOWEDBY ([c:z = '3'] OR [d:w = '4'])");
    expect(e).toMatchObject({
      kind: 'combined',
      operator: 'FOLLOWEDBY',
      operands: [
        { kind: 'combined', operator: 'AND' },
        { kind: 'combined', operator: 'OR' },
      ],
    });
    expect(paths(e)).toEqual(['a:x', 'b:y', 'c:z', 'd:w']);
  });

  it('reads the qualifiers WITHIN, REPEATS and START/STOP, chained on one observation', () => {
    const e = parsePattern("[file:name = 'a.exe'] REPEATS 5 TIMES WITHIN 1800 SECONDS");
    expect(e).toMatchObject({
      kind: 'qualified',
      qualifier: { kind: 'within', seconds: 1800 },
      expression: { kind: 'qualified', qualifier: { kind: 'repeats', times: 5 } },
    });
    const s = parsePattern("[ipv4-addr:value = '10.0.0.1'] START t'2016-06-01T00:00:00Z' STOP t'2016-07-01T00:00:00.5Z'");
    expect(s).toMatchObject({ kind: 'qualified', qualifier: { kind: 'startStop', start: '2016-06-01T00:00:00Z', stop: '2016-07-01T00:00:00.5Z' } });
    expect(parsePattern("([a:b = 'c'] AND [d:e = 'f']) WITHIN 2.5 SECONDS")).toMatchObject({ qualifier: { kind: 'within', seconds: 2.5 } });
  });

  it("unescapes \\' and \\\\ inside strings", () => {
    const e = parsePattern("[file:name = 'it\\'s a \\\\ path']");
    expect(comparisonsOf(e)[0]).toMatchObject({ values: [{ kind: 'string', text: "it's a \\ path" }] });
  });

  it('reads every operator, NOT, IN lists, EXISTS and typed literals', () => {
    const e = parsePattern(
      "[a:b != 'x' AND a:c < 5 AND a:d <= 5.5 AND a:e > -1 AND a:f >= 0 AND a:g NOT IN ('p', 'q') AND a:h LIKE 'x%' AND a:i MATCHES '^x$' " +
        "AND a:j ISSUBSET '10.0.0.0/8' AND a:k ISSUPERSET '10.0.0.0/8' AND EXISTS a:l AND a:m = true AND a:n = t'2020-01-01T00:00:00Z' " +
        "AND a:o = h'ff00' AND a:p = b'AAEC' AND a:q == 'x' AND a:r <> 'y']",
    );
    const ops = comparisonsOf(e).map((c) => (c.kind === 'exists' ? 'EXISTS' : `${c.negated ? 'NOT ' : ''}${c.operator}`));
    expect(ops).toEqual(['!=', '<', '<=', '>', '>=', 'NOT IN', 'LIKE', 'MATCHES', 'ISSUBSET', 'ISSUPERSET', 'EXISTS', '=', '=', '=', '=', '=', '!=']);
    const kinds = comparisonsOf(e).flatMap((c) => (c.kind === 'comparison' ? c.values.map((v) => v.kind) : []));
    expect(kinds).toEqual([
      'string',
      'int',
      'float',
      'int',
      'int',
      'string',
      'string',
      'string',
      'string',
      'string',
      'string',
      'bool',
      'timestamp',
      'hex',
      'binary',
      'string',
      'string',
    ]);
  });

  it('accepts keywords in any casing, as some producers write them', () => {
    expect(paths(parsePattern("[a:b = '1' and a:c = '2'] followedby [d:e in ('x')] within 5 seconds"))).toEqual(['a:b', 'a:c', 'd:e']);
  });

  it('parses every pattern of the OASIS examples shape: a long OR of domains and addresses', () => {
    const e = parsePattern("[domain-name:value = 'www.webserver.dynssl.com' OR ipv4-addr:value = '113.10.246.30' OR ipv4-addr:value = '219.90.112.203']");
    expect(comparisonsOf(e)).toHaveLength(3);
  });
});

describe('STIX pattern parser: broken patterns fail with the position of the error', () => {
  it('an unclosed bracket names the end of the pattern and the bracket it expected to close', () => {
    const err = errorOf("[file:name = 'a.exe'");
    expect(err.index).toBe(20);
    expect(err.message).toBe("pattern syntax error at character 21: expected ']' to close the '[' at character 1, found the end of the pattern");
  });

  it('an extra closing bracket is reported where it stands', () => {
    const err = errorOf("[file:name = 'a.exe']]");
    expect(err.index).toBe(21);
    expect(err.reason).toMatch(/unbalanced brackets/);
  });

  it('an unbalanced parenthesis around observations', () => {
    const err = errorOf("([a:b = 'c'] AND [d:e = 'f']");
    expect(err.index).toBe(28);
    expect(err.reason).toBe("expected ')' to close the '(' at character 1, found the end of the pattern");
  });

  it('a missing closing quote points at the opening quote', () => {
    const err = errorOf("[file:name = 'a.exe]");
    expect(err.index).toBe(13);
    expect(err.reason).toBe('the string that starts here has no closing quote');
  });

  it('an unknown operator names the word found instead', () => {
    const err = errorOf("[file:name EQUALS 'a.exe']");
    expect(err.index).toBe(11);
    expect(err.reason).toMatch(/^expected a comparison operator \(=, !=, .*\), found 'EQUALS'$/);
  });

  it('a value without quotes, double quotes, and escapes STIX does not allow', () => {
    expect(errorOf('[file:name = a.exe]').reason).toMatch(/^expected a value .*found 'a'/);
    expect(errorOf('[file:name = "a.exe"]')).toMatchObject({ index: 13, reason: expect.stringContaining('single quotes') });
    expect(errorOf("[file:name = 'a\\n']")).toMatchObject({ index: 15, reason: expect.stringContaining('is not an escape') });
  });

  it('a missing object type separator, an empty pattern, a stray character, a bad qualifier', () => {
    expect(errorOf("[file.name = 'x']")).toMatchObject({ index: 5, reason: "expected ':' after the object type 'file', found '.'" });
    expect(errorOf('   ')).toMatchObject({ index: 0, reason: 'the pattern is empty' });
    expect(errorOf("[a:b = 'x'] & [c:d = 'y']")).toMatchObject({ index: 12, reason: 'unexpected character "&"' });
    expect(errorOf("[a:b = 'x'] WITHIN 5 MINUTES")).toMatchObject({ index: 21, reason: "expected SECONDS, found 'MINUTES'" });
    expect(errorOf("[a:b = 'x'] START t'2020-01-01' STOP t'2020-02-01T00:00:00Z'").reason).toMatch(/not an RFC 3339 UTC timestamp/);
    expect(errorOf("file:name = 'x'")).toMatchObject({ index: 0, reason: "expected '[' to start an observation, found 'file'" });
    expect(errorOf('[a:b MATCHES 5]').reason).toBe('MATCHES needs a quoted string');
  });

  // The parser recurses at each parenthesis: 100,000 of them overflowed the stack and ended the whole import.
  it('nesting deeper than MAX_PATTERN_NESTING is an error at the parenthesis or qualifier past the limit', () => {
    const deep = (n: number) => `${'('.repeat(n)}[a:b = 'x']${')'.repeat(n)}`;
    expect(comparisonsOf(parsePattern(deep(MAX_PATTERN_NESTING)))).toHaveLength(1);
    expect(errorOf(deep(100_000))).toMatchObject({
      index: MAX_PATTERN_NESTING,
      reason: `nested more than ${MAX_PATTERN_NESTING} deep (parentheses and qualifiers)`,
    });
    expect(errorOf(`[${'('.repeat(100_000)}a:b = 'x'${')'.repeat(100_000)}]`)).toMatchObject({ index: MAX_PATTERN_NESTING + 1 });
    const qualifiers = "[a:b = 'x']" + ' REPEATS 2 TIMES'.repeat(100_000);
    expect(errorOf(qualifiers).reason).toMatch(/^nested more than/);
  });
});
