import { PatternSyntaxError, tokenize, type Token } from './pattern-lexer';

/**
 * A recursive-descent parser for STIX 2.1 patterns (STIX 2.1 part 9, the
 * grammar of the OASIS reference implementation):
 *
 *   pattern        := observations END
 *   observations   := obsOr (FOLLOWEDBY obsOr)*
 *   obsOr          := obsAnd (OR obsAnd)*
 *   obsAnd         := observation (AND observation)*
 *   observation    := ('[' comparisons ']' | '(' observations ')') qualifier*
 *   qualifier      := WITHIN number SECONDS | REPEATS int TIMES | START t'..' STOP t'..'
 *   comparisons    := compAnd (OR compAnd)*
 *   compAnd        := test (AND test)*
 *   test           := path NOT? op literal | path NOT? IN '(' literals ')' | EXISTS path | '(' comparisons ')'
 *   path           := type ':' (name | 'name') ('.' (name | 'name') | '[' (int | '*') ']')*
 *
 * Keywords are matched regardless of case (producers write 'and' too).
 * Errors carry the index of the offending token.
 */

export type PathStep = { property: string } | { index: number | '*' };

export interface ObjectPath {
  objectType: string;
  steps: PathStep[];
  /** Canonical text, e.g. "file:hashes.'SHA-256'". */
  text: string;
  index: number;
}

export type LiteralKind = 'string' | 'int' | 'float' | 'bool' | 'timestamp' | 'binary' | 'hex';
export interface Literal {
  kind: LiteralKind;
  /** The value as text (numbers and booleans as written). */
  text: string;
}

export const COMPARISON_OPERATORS = ['=', '!=', '<', '<=', '>', '>=', 'IN', 'LIKE', 'MATCHES', 'ISSUBSET', 'ISSUPERSET'] as const;
export type ComparisonOperator = (typeof COMPARISON_OPERATORS)[number];

export type Comparison =
  | { kind: 'comparison'; path: ObjectPath; operator: ComparisonOperator; negated: boolean; values: Literal[]; index: number }
  | { kind: 'exists'; path: ObjectPath; index: number };

export type ComparisonExpression = Comparison | { kind: 'logical'; operator: 'AND' | 'OR'; operands: ComparisonExpression[] };

export type Qualifier = { kind: 'within'; seconds: number } | { kind: 'repeats'; times: number } | { kind: 'startStop'; start: string; stop: string };

export type ObservationExpression =
  | { kind: 'observation'; comparison: ComparisonExpression; index: number }
  | { kind: 'combined'; operator: 'AND' | 'OR' | 'FOLLOWEDBY'; operands: ObservationExpression[] }
  | { kind: 'qualified'; expression: ObservationExpression; qualifier: Qualifier };

const SIMPLE_OPERATORS = new Set(['=', '!=', '<', '<=', '>', '>=']);
const WORD_OPERATORS = new Set(['IN', 'LIKE', 'MATCHES', 'ISSUBSET', 'ISSUPERSET']);

function describe(token: Token): string {
  switch (token.kind) {
    case 'end':
      return 'the end of the pattern';
    case 'string':
      return `the string '${token.text.length > 30 ? `${token.text.slice(0, 27)}...` : token.text}'`;
    case 'typed':
      return `${token.prefix}'...'`;
    default:
      return `'${token.text}'`;
  }
}

/**
 * How deep parentheses, brackets and qualifiers may nest: the parser and the
 * walkers of its tree recurse, and a pattern of 100,000 '(' must be a bad
 * pattern at a character, not a stack overflow that ends the import.
 */
export const MAX_PATTERN_NESTING = 100;

class Parser {
  private at = 0;
  /** Parentheses and qualifiers around the current point. */
  private depth = 0;
  constructor(private readonly tokens: Token[]) {}

  private deeper(token: Token): void {
    if (++this.depth > MAX_PATTERN_NESTING) {
      throw new PatternSyntaxError(token.index, `nested more than ${MAX_PATTERN_NESTING} deep (parentheses and qualifiers)`);
    }
  }

  private peek(offset = 0): Token {
    return this.tokens[Math.min(this.at + offset, this.tokens.length - 1)]!;
  }
  private next(): Token {
    const token = this.peek();
    if (token.kind !== 'end') this.at++;
    return token;
  }
  private fail(expected: string, token = this.peek()): never {
    throw new PatternSyntaxError(token.index, `expected ${expected}, found ${describe(token)}`);
  }
  private isKeyword(word: string, offset = 0): boolean {
    const token = this.peek(offset);
    return token.kind === 'word' && token.text.toUpperCase() === word;
  }
  private expect(kind: Token['kind'], what: string): Token {
    if (this.peek().kind !== kind) this.fail(what);
    return this.next();
  }
  private expectKeyword(word: string): void {
    if (!this.isKeyword(word)) this.fail(word);
    this.next();
  }

  pattern(): ObservationExpression {
    const expression = this.observations();
    if (this.peek().kind !== 'end') {
      this.fail(
        this.peek().kind === 'rbracket' || this.peek().kind === 'rparen'
          ? 'AND, OR, FOLLOWEDBY or the end (unbalanced brackets)'
          : 'AND, OR, FOLLOWEDBY, a qualifier or the end',
      );
    }
    return expression;
  }

  private combine(operator: 'AND' | 'OR' | 'FOLLOWEDBY', operand: () => ObservationExpression): ObservationExpression {
    const operands = [operand()];
    while (this.isKeyword(operator)) {
      this.next();
      operands.push(operand());
    }
    return operands.length === 1 ? operands[0]! : { kind: 'combined', operator, operands };
  }

  private observations(): ObservationExpression {
    return this.combine('FOLLOWEDBY', () => this.combine('OR', () => this.combine('AND', () => this.observation())));
  }

  private observation(): ObservationExpression {
    const token = this.peek();
    const depth = this.depth;
    let expression: ObservationExpression;
    if (token.kind === 'lbracket') {
      this.next();
      const comparison = this.comparisons();
      this.expect('rbracket', "']' to close the '[' at character " + (token.index + 1));
      expression = { kind: 'observation', comparison, index: token.index };
    } else if (token.kind === 'lparen') {
      this.deeper(token);
      this.next();
      expression = this.observations();
      this.expect('rparen', "')' to close the '(' at character " + (token.index + 1));
    } else {
      this.fail("'[' to start an observation");
    }
    for (;;) {
      if (this.isKeyword('WITHIN')) {
        this.deeper(this.peek());
        this.next();
        const seconds = this.expect('number', 'a number of seconds after WITHIN');
        const value = Number(seconds.text);
        if (!(value > 0)) this.fail('a positive number of seconds', seconds);
        this.expectKeyword('SECONDS');
        expression = { kind: 'qualified', expression, qualifier: { kind: 'within', seconds: value } };
      } else if (this.isKeyword('REPEATS')) {
        this.deeper(this.peek());
        this.next();
        const times = this.expect('number', 'a count after REPEATS');
        const value = Number(times.text);
        if (!Number.isInteger(value) || value <= 0) this.fail('a positive whole count', times);
        this.expectKeyword('TIMES');
        expression = { kind: 'qualified', expression, qualifier: { kind: 'repeats', times: value } };
      } else if (this.isKeyword('START')) {
        this.deeper(this.peek());
        this.next();
        const start = this.timestamp('START');
        this.expectKeyword('STOP');
        const stop = this.timestamp('STOP');
        expression = { kind: 'qualified', expression, qualifier: { kind: 'startStop', start, stop } };
      } else {
        this.depth = depth;
        return expression;
      }
    }
  }

  private timestamp(after: string): string {
    const token = this.peek();
    if (token.kind !== 'typed' || token.prefix !== 't') this.fail(`a timestamp t'YYYY-MM-DDThh:mm:ssZ' after ${after}`);
    if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/.test(token.text)) {
      throw new PatternSyntaxError(token.index, `t'${token.text}' is not an RFC 3339 UTC timestamp`);
    }
    this.next();
    return token.text;
  }

  private logical(operator: 'AND' | 'OR', operand: () => ComparisonExpression): ComparisonExpression {
    const operands = [operand()];
    while (this.isKeyword(operator)) {
      this.next();
      operands.push(operand());
    }
    return operands.length === 1 ? operands[0]! : { kind: 'logical', operator, operands };
  }

  private comparisons(): ComparisonExpression {
    return this.logical('OR', () => this.logical('AND', () => this.test()));
  }

  private test(): ComparisonExpression {
    const token = this.peek();
    if (token.kind === 'lparen') {
      this.deeper(token);
      this.next();
      const inner = this.comparisons();
      this.expect('rparen', "')' to close the '(' at character " + (token.index + 1));
      this.depth--;
      return inner;
    }
    if (this.isKeyword('EXISTS') && this.peek(1).kind === 'word') {
      this.next();
      return { kind: 'exists', path: this.path(), index: token.index };
    }
    const path = this.path();
    let negated = false;
    if (this.isKeyword('NOT')) {
      this.next();
      negated = true;
    }
    const opToken = this.peek();
    let operator: ComparisonOperator;
    if (opToken.kind === 'operator' && SIMPLE_OPERATORS.has(opToken.text)) operator = opToken.text as ComparisonOperator;
    else if (opToken.kind === 'word' && WORD_OPERATORS.has(opToken.text.toUpperCase())) operator = opToken.text.toUpperCase() as ComparisonOperator;
    else this.fail('a comparison operator (=, !=, <, <=, >, >=, IN, LIKE, MATCHES, ISSUBSET, ISSUPERSET)');
    this.next();
    let values: Literal[];
    if (operator === 'IN') values = this.set();
    else {
      const literal = this.literal();
      if ((operator === 'LIKE' || operator === 'MATCHES' || operator === 'ISSUBSET' || operator === 'ISSUPERSET') && literal.kind !== 'string') {
        throw new PatternSyntaxError(this.tokens[this.at - 1]!.index, `${operator} needs a quoted string`);
      }
      values = [literal];
    }
    return { kind: 'comparison', path, operator, negated, values, index: path.index };
  }

  private set(): Literal[] {
    const open = this.expect('lparen', "'(' to start the list after IN");
    const values: Literal[] = [];
    if (this.peek().kind === 'rparen') {
      this.next();
      return values;
    }
    for (;;) {
      values.push(this.literal());
      if (this.peek().kind === 'comma') {
        this.next();
        continue;
      }
      this.expect('rparen', "',' or ')' to close the list opened at character " + (open.index + 1));
      return values;
    }
  }

  private literal(): Literal {
    const token = this.peek();
    if (token.kind === 'string') {
      this.next();
      return { kind: 'string', text: token.text };
    }
    if (token.kind === 'number') {
      this.next();
      return { kind: /[.eE]/.test(token.text) ? 'float' : 'int', text: token.text };
    }
    if (token.kind === 'typed') {
      this.next();
      return { kind: token.prefix === 't' ? 'timestamp' : token.prefix === 'b' ? 'binary' : 'hex', text: token.text };
    }
    if (this.isKeyword('TRUE') || this.isKeyword('FALSE')) {
      this.next();
      return { kind: 'bool', text: token.text.toLowerCase() };
    }
    return this.fail("a value (a quoted string like 'text', a number, true/false, or t'...', b'...', h'...')");
  }

  private path(): ObjectPath {
    const typeToken = this.peek();
    if (typeToken.kind !== 'word') this.fail('an object path such as file:name');
    if (!/^[a-z0-9][a-z0-9-]*[a-z0-9]$|^[a-z0-9]$/i.test(typeToken.text)) {
      throw new PatternSyntaxError(typeToken.index, `'${typeToken.text}' is not a STIX object type`);
    }
    this.next();
    this.expect('colon', `':' after the object type '${typeToken.text}'`);
    const steps: PathStep[] = [{ property: this.property() }];
    let text = `${typeToken.text}:${quoteIfNeeded(steps[0] as { property: string })}`;
    for (;;) {
      const token = this.peek();
      if (token.kind === 'dot') {
        this.next();
        const property = this.property();
        steps.push({ property });
        text += `.${quoteIfNeeded({ property })}`;
      } else if (token.kind === 'lbracket' && (this.peek(1).kind === 'star' || this.peek(1).kind === 'number') && this.peek(2).kind === 'rbracket') {
        this.next();
        const at = this.next();
        this.next();
        if (at.kind === 'number' && !/^[+-]?\d+$/.test(at.text)) throw new PatternSyntaxError(at.index, 'a list index must be a whole number or *');
        const index = at.kind === 'star' ? '*' : Number(at.text);
        steps.push({ index });
        text += `[${index}]`;
      } else return { objectType: typeToken.text, steps, text, index: typeToken.index };
    }
  }

  private property(): string {
    const token = this.peek();
    if (token.kind === 'word' || token.kind === 'string') {
      this.next();
      return token.text;
    }
    return this.fail('a property name');
  }
}

function quoteIfNeeded(step: { property: string }): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(step.property) ? step.property : `'${step.property.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** Parses a STIX pattern; throws PatternSyntaxError (with the character index) when it is not one. */
export function parsePattern(pattern: string): ObservationExpression {
  if (!pattern.trim()) throw new PatternSyntaxError(0, 'the pattern is empty');
  return new Parser(tokenize(pattern)).pattern();
}

/** Every comparison in a pattern, in the order written. */
export function comparisonsOf(expression: ObservationExpression | ComparisonExpression, out: Comparison[] = []): Comparison[] {
  switch (expression.kind) {
    case 'observation':
      return comparisonsOf(expression.comparison, out);
    case 'combined':
    case 'logical':
      for (const operand of expression.operands) comparisonsOf(operand, out);
      return out;
    case 'qualified':
      return comparisonsOf(expression.expression, out);
    default:
      out.push(expression);
      return out;
  }
}

export { PatternSyntaxError };
