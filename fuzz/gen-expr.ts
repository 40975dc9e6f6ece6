/**
 * Expressions of the subset, biased towards what breaks a JIT's fast paths: arithmetic and
 * bitwise operators on int32-edge doubles, -0 and NaN, mixed types in arithmetic and
 * comparisons, side effects inside expressions (evaluation order), `.length` and indexing of
 * strings and arrays, Math calls, and calls of the program's functions. Every compound form is
 * parenthesized, so the text parses as built.
 */
import { EDGE_ARRAYS, EDGE_STRINGS, SMALL_INTS, numberLiteral, primitiveLiteral } from './edge-values.js';
import type { Rng } from './rng.js';
import type { Scope } from './scope.js';

const ARITH = ['+', '-', '*', '/', '%', '**'];
const BITWISE = ['&', '|', '^', '<<', '>>', '>>>'];
const COMPARE = ['==', '!=', '===', '!==', '<', '<=', '>', '>='];
const LOGICAL = ['&&', '||', '??'];
const UNARY = ['-', '+', '!', '~', 'typeof ', 'void '];
/** Every compound assignment operator. */
export const COMPOUND = ['+=', '-=', '*=', '/=', '%=', '**=', '<<=', '>>=', '>>>=', '&=', '|=', '^=', '&&=', '||=', '??='];
/** Math functions with the argument count that makes them interesting (variadic ones vary). */
const MATH: ReadonlyArray<readonly [string, number]> = [
  ['abs', 1], ['floor', 1], ['ceil', 1], ['round', 1], ['trunc', 1], ['sign', 1], ['sqrt', 1], ['cbrt', 1],
  ['fround', 1], ['clz32', 1], ['exp', 1], ['log', 1], ['log2', 1], ['sin', 1], ['atan', 1], ['expm1', 1],
  ['imul', 2], ['pow', 2], ['atan2', 2], ['max', -1], ['min', -1], ['hypot', -1],
];
const MATH_CONSTS = ['PI', 'E', 'LN2', 'LN10', 'LOG2E', 'LOG10E', 'SQRT2', 'SQRT1_2'];
/**
 * Property names of generated objects: names, integer-like keys (node lists them first) and a
 * key that needs quotes; none is a name of Object.prototype (pkjit stops at those).
 */
const KEYS = ['a', 'b', 'c', 'x1', '0', '1', '10', 'key two'];

/** Makes expressions over a Scope. */
export class ExprGen {
  constructor(private readonly rng: Rng) {}

  /** Any expression, `depth` levels of nesting at most. */
  expr(scope: Scope, depth: number): string {
    if (depth <= 0) return this.atom(scope);
    const d = depth - 1;
    const x = (): string => this.expr(scope, d);
    switch (this.rng.weighted({
      atom: 6, arith: 8, bitwise: 4, compare: 4, unary: 3, logical: 2, cond: 2, math: 3, index: 2,
      length: 1, call: scope.functions.length > 0 ? 3 : 0, effect: scope.writable.length > 0 ? 2 : 0,
      comma: 1, concat: 1, coerce: 2, prop: 2, has: 1, literal: 1, library: 2,
    })) {
      case 'library': return this.library(scope, d);
      case 'atom': return this.atom(scope);
      case 'arith': return `(${x()} ${this.rng.pick(ARITH)} ${x()})`;
      case 'bitwise': return `(${x()} ${this.rng.pick(BITWISE)} ${x()})`;
      case 'compare': return `(${x()} ${this.rng.pick(COMPARE)} ${x()})`;
      case 'unary': return this.unary(scope, d);
      case 'logical': return `(${x()} ${this.rng.pick(LOGICAL)} ${x()})`;
      case 'cond': return `(${x()} ? ${x()} : ${x()})`;
      case 'math': return this.mathCall(scope, d);
      case 'index': return `${this.indexable(scope, d)}[${this.index(scope, d)}]`;
      case 'length': return `${this.indexable(scope, d)}.length`;
      case 'call': return this.call(scope, d);
      case 'effect': return `(${this.effect(scope, d)})`;
      case 'comma': return `(${x()}, ${x()})`;
      case 'concat': return this.rng.chance(0.5) ? `("" + ${x()})` : `(${x()} + ${this.rng.pick(EDGE_STRINGS)})`;
      case 'coerce': return `(${x()} ${this.rng.pick(['| 0', '>>> 0', '>> 0', '* 1', '- 0', '+ 0', '<< 0'])})`;
      case 'prop': return this.property(this.object(scope, d), this.rng.pick(KEYS));
      case 'has': return `(${JSON.stringify(this.rng.pick(KEYS))} in ${this.object(scope, d)})`;
      case 'literal': return this.objectLiteral(scope, d);
    }
  }

  /**
   * The standard library on any value: host functions (`String(x)`, `parseInt`, `JSON.stringify`)
   * and builtin methods of strings, numbers and arrays (node computes them: the results and the
   * TypeErrors of a bad receiver must be node's).
   */
  library(scope: Scope, depth: number): string {
    const x = (): string => this.expr(scope, depth);
    const small = (): string => this.rng.pick(['0', '1', '2', '3', '-1', '7']);
    const str = (): string => this.rng.pick(EDGE_STRINGS);
    return this.rng.pick([
      () => `String(${x()})`, () => `Number(${x()})`, () => `Boolean(${x()})`, () => `parseInt(String(${x()}), ${this.rng.pick(['10', '16', '2', '36'])})`,
      () => `parseFloat(${x()})`, () => `isNaN(${x()})`, () => `isFinite(${x()})`, () => `JSON.stringify(${x()})`,
      () => `String(${x()}).charCodeAt(${small()})`, () => `String(${x()}).indexOf(${str()})`, () => `String(${x()}).slice(${small()}, ${small()})`,
      () => `String(${x()}).split(${str()})`, () => `String(${x()}).toUpperCase()`, () => `String(${x()}).padStart(${small()}, ${str()})`,
      () => `String(${x()}).replace(${str()}, ${str()})`, () => `Number(${x()}).toFixed(${this.rng.pick(['0', '2', '5'])})`,
      () => `Number(${x()}).toString(${this.rng.pick(['2', '16', '36'])})`, () => `[${x()}, ${x()}].join(${str()})`,
      () => `[${x()}, ${x()}, ${x()}].indexOf(${x()})`, () => `[${x()}, ${x()}].concat(${x()}).reverse()`, () => `String.fromCharCode(${small()} + 65)`,
      () => `(${x()}).toString()`,
    ])();
  }

  /** `o.k`, `o['k']` or `o[0]`: a property of `o` as source text. */
  property(o: string, key: string): string {
    if (/^[a-z]\w*$/.test(key) && this.rng.chance(0.7)) return `${o}.${key}`;
    return /^\d+$/.test(key) && this.rng.chance(0.5) ? `${o}[${key}]` : `${o}[${JSON.stringify(key)}]`;
  }

  /** A key of generated objects. */
  key(): string {
    return this.rng.pick(KEYS);
  }

  /** `({ k: e, ... })`, keys drawn from KEYS (a repeated key keeps its first place). */
  objectLiteral(scope: Scope, depth: number): string {
    const props = this.rng.times(this.rng.int(4), () => {
      const k = this.rng.pick(KEYS);
      const key = /^[a-z]\w*$/.test(k) || /^\d+$/.test(k) ? k : JSON.stringify(k);
      return `${key}: ${this.expr(scope, depth)}`;
    });
    return `({ ${props.join(', ')} })`;
  }

  /** An object value: an object variable most often, or a fresh literal. */
  object(scope: Scope, depth: number): string {
    return scope.objects.length > 0 && this.rng.chance(0.8) ? this.rng.pick(scope.objects) : this.objectLiteral(scope, depth);
  }

  /** A unary operator; `typeof` never of a bare implicit global (refused by the subset). */
  private unary(scope: Scope, depth: number): string {
    const op = this.rng.pick(UNARY);
    const operand = this.expr(scope, depth);
    return op === 'typeof ' && scope.implicit.includes(operand) ? `(typeof (${operand} + 0))` : `(${op}${operand})`;
  }

  /** A variable, a literal, or `Math.K`. */
  atom(scope: Scope): string {
    switch (this.rng.weighted({ name: scope.values.length > 0 ? 500 : 0, number: 300, other: 150, math: 50, fn: scope.functionValues.length > 0 ? 1 : 0 })) {
      case 'name': return this.rng.pick(scope.values);
      case 'fn': return this.rng.pick(scope.functionValues);
      case 'number': return numberLiteral(this.rng);
      case 'other': return primitiveLiteral(this.rng);
      case 'math': return `Math.${this.rng.pick(MATH_CONSTS)}`;
    }
  }

  /** An expression meant for arithmetic: numbers and names mostly, sometimes anything. */
  numeric(scope: Scope, depth: number): string {
    if (depth <= 0 || this.rng.chance(0.3)) return this.rng.chance(0.6) && scope.values.length > 0 ? this.rng.pick(scope.values) : numberLiteral(this.rng);
    const x = (): string => this.numeric(scope, depth - 1);
    switch (this.rng.weighted({ arith: 6, bitwise: 3, math: 2, any: 1 })) {
      case 'arith': return `(${x()} ${this.rng.pick(ARITH)} ${x()})`;
      case 'bitwise': return `(${x()} ${this.rng.pick(BITWISE)} ${x()})`;
      case 'math': return this.mathCall(scope, depth - 1);
      case 'any': return this.expr(scope, depth - 1);
    }
  }

  /** A condition for `if`, `while` or `?:` (a comparison most often). */
  condition(scope: Scope, depth: number): string {
    if (this.rng.chance(0.7)) return `(${this.numeric(scope, depth)} ${this.rng.pick(COMPARE)} ${this.numeric(scope, depth)})`;
    return this.expr(scope, depth);
  }

  /** `Math.f(...)`. */
  mathCall(scope: Scope, depth: number): string {
    const [name, arity] = this.rng.pick(MATH);
    const n = arity >= 0 ? (this.rng.chance(0.9) ? arity : this.rng.int(3)) : this.rng.int(4);
    return `Math.${name}(${this.rng.times(n, () => this.numeric(scope, depth)).join(', ')})`;
  }

  /** A call of one of the scope's functions, with the declared argument count most often. */
  call(scope: Scope, depth: number): string {
    const f = this.rng.pick(scope.functions);
    const n = f.counter !== undefined || f.fnParam !== undefined || this.rng.chance(0.8) ? f.arity : this.rng.int(f.arity + 2);
    const args = this.rng.times(n, (i) => {
      if (i === 0 && f.counter !== undefined) return String(this.rng.range(0, f.counter));
      if (i === f.fnParam?.index) return this.rng.pick(f.fnParam.choices);
      return this.expr(scope, depth);
    });
    return `${f.name}(${args.join(', ')})`;
  }

  /** An assignment, compound assignment or update, as an expression (unparenthesized). */
  effect(scope: Scope, depth: number): string {
    const target = this.rng.pick(scope.writable);
    switch (this.rng.weighted({ assign: 3, compound: 3, update: 3 })) {
      case 'assign': return `${target} = ${this.expr(scope, depth)}`;
      case 'compound': return `${target} ${this.rng.pick(COMPOUND)} ${this.numeric(scope, depth)}`;
      case 'update': return this.rng.pick([`${target}++`, `${target}--`, `++${target}`, `--${target}`]);
    }
  }

  /** Something that is usually a string or an array (indexing anything else may throw). */
  indexable(scope: Scope, depth: number): string {
    const named = [...scope.arrays, ...scope.strings];
    switch (this.rng.weighted({ named: named.length > 0 ? 6 : 0, string: 2, array: 1, any: 1 })) {
      case 'named': return this.rng.pick(named);
      case 'string': return `(${this.rng.pick(EDGE_STRINGS)})`;
      case 'array': return `(${this.rng.pick(EDGE_ARRAYS)})`;
      case 'any': return `(${this.expr(scope, depth)})`;
    }
  }

  /** An index: small integers most often, any value sometimes. */
  index(scope: Scope, depth: number): string {
    switch (this.rng.weighted({ small: 6, name: scope.values.length > 0 ? 2 : 0, any: 2 })) {
      case 'small': return this.rng.pick(SMALL_INTS);
      case 'name': return this.rng.pick(scope.values);
      case 'any': return this.expr(scope, depth);
    }
  }

  /** An array value: a literal, a fresh `[e, ...]`, or an array variable. */
  array(scope: Scope, depth: number): string {
    switch (this.rng.weighted({ edge: 3, fresh: 3, named: scope.arrays.length > 0 ? 2 : 0 })) {
      case 'edge': return this.rng.pick(EDGE_ARRAYS);
      case 'fresh': return `[${this.rng.times(this.rng.int(5), () => (this.rng.chance(0.15) ? '' : this.expr(scope, depth))).join(', ')}]`;
      case 'named': return this.rng.pick(scope.arrays);
    }
  }

  /** A string value: a literal, or a concatenation that stays a string. */
  string(scope: Scope, depth: number): string {
    if (depth <= 0 || this.rng.chance(0.4)) return this.rng.pick(EDGE_STRINGS);
    return `(${this.string(scope, depth - 1)} + ${this.expr(scope, depth - 1)})`;
  }
}
