/**
 * Straight-line, expression-heavy programs: a few variables of mixed types at the edges
 * (edge-values.ts), then assignments, compound assignments, updates and bounded loops that
 * print every intermediate value. Small pure helper functions put calls inside the arithmetic.
 * This is where arithmetic, conversion and boxing bugs show up: each value is printed the
 * moment it is computed.
 */
import { EDGE_STRINGS, SMALL_INTS, primitiveLiteral } from './edge-values.js';
import { COMPOUND, ExprGen } from './gen-expr.js';
import { Rng } from './rng.js';
import { Scope } from './scope.js';

/** The straight-line program for `seed` (any 32-bit integer). */
export function straightLineProgram(seed: number): string {
  return new StraightBuilder(seed).program();
}

class StraightBuilder {
  /** Every choice. */
  private readonly rng: Rng;
  /** Expression maker over the same stream. */
  private readonly ex: ExprGen;
  /** Counter for fresh names. */
  private fresh = 0;

  constructor(seed: number) {
    this.rng = new Rng(seed);
    this.ex = new ExprGen(this.rng);
  }

  program(): string {
    const top = new Scope();
    const lines = this.rng.times(this.rng.int(3), (i) => this.helper(top, i));
    lines.push(...this.declarations(top));
    lines.push(`console.log(${top.values.join(', ')});`);
    for (let n = this.rng.range(8, 24); n > 0; n--) lines.push(this.statement(top, 2));
    lines.push(`console.log(${top.values.join(', ')});`);
    return lines.join('\n') + '\n';
  }

  /** A pure helper `function hN(a, b) { ... }` callable from every later expression. */
  private helper(top: Scope, i: number): string {
    const params = ['a', 'b', 'c'].slice(0, this.rng.range(1, 3));
    const inner = new Scope();
    params.forEach((p) => inner.declare(p, 'any'));
    inner.functions.push(...top.functions);
    const body: string[] = [];
    if (this.rng.chance(0.5)) {
      body.push(`let t = ${this.ex.numeric(inner, 2)};`);
      inner.declare('t', 'any');
      body.push(`t ${this.rng.pick(COMPOUND)} ${this.ex.numeric(inner, 2)};`);
    }
    if (this.rng.chance(0.3)) body.push(`if (${this.ex.condition(inner, 1)}) return ${this.ex.expr(inner, 2)};`);
    body.push(`return ${this.ex.numeric(inner, 3)};`);
    top.functions.push({ name: `h${i}`, arity: params.length, cost: 1 });
    top.functionValues.push(`h${i}`);
    return `function h${i}(${params.join(', ')}) {\n  ${body.join('\n  ')}\n}`;
  }

  private declarations(top: Scope): string[] {
    const lines: string[] = [];
    for (let n = this.rng.range(3, 6); n > 0; n--) {
      const name = `x${this.fresh++}`;
      lines.push(`${this.rng.pick(['var', 'let'])} ${name} = ${primitiveLiteral(this.rng)};`);
      top.declare(name, 'any');
    }
    if (this.rng.chance(0.6)) {
      lines.push(`const k0 = ${primitiveLiteral(this.rng)};`);
      top.declare('k0', 'const');
    }
    if (this.rng.chance(0.6)) {
      lines.push(`let s0 = ${this.rng.pick(EDGE_STRINGS)};`);
      top.declare('s0', 'string');
    }
    if (this.rng.chance(0.6)) {
      lines.push(`let a0 = ${this.ex.array(top, 1)};`);
      top.declare('a0', 'array');
    }
    return lines;
  }

  /** Dispatcher over statement forms; loops only while `depth` remains. */
  private statement(scope: Scope, depth: number): string {
    const x = (): string => this.ex.expr(scope, 3);
    switch (this.rng.weighted({
      log: 4, assign: 4, compound: 5, update: 2, accumulate: depth > 0 ? 4 : 0, loop: depth > 0 ? 3 : 0,
      whileLoop: depth > 0 ? 1 : 0, element: scope.arrays.length > 0 ? 2 : 0, string: scope.strings.length > 0 ? 1 : 0,
      format: 1,
    })) {
      case 'log': return `console.log(${this.rng.times(this.rng.range(1, 4), x).join(', ')});`;
      case 'assign': return this.printed(scope, (t) => `${t} = ${x()};`);
      case 'compound': return this.printed(scope, (t) => `${t} ${this.rng.pick(COMPOUND)} ${this.ex.numeric(scope, 2)};`);
      case 'update': return this.updates(scope);
      case 'accumulate': return this.accumulate(scope);
      case 'loop': return this.forLoop(scope, depth);
      case 'whileLoop': return this.whileLoop(scope, depth);
      case 'element': return this.element(scope);
      case 'string': return this.printed(scope, (t) => `${t} += ${x()};`, this.rng.pick(scope.strings));
      case 'format': return `console.log(${this.rng.pick(['"%d"', '"%i|%f"', '"%s:%d"', '"%o %O"', '"%j %%"', '"%c%s"'])}, ${x()}, ${x()});`;
    }
  }

  /** `stmt` on a writable (or the given) variable, then that variable printed. */
  private printed(scope: Scope, stmt: (target: string) => string, target?: string): string {
    const t = target ?? (scope.writable.length > 0 ? this.rng.pick(scope.writable) : undefined);
    if (t === undefined) return `console.log(${this.ex.expr(scope, 2)});`;
    return `${stmt(t)} console.log(${JSON.stringify(t)}, ${t});`;
  }

  /** `console.log(x++, x, --x, ...)`: updates and reads interleaved in one argument list. */
  private updates(scope: Scope): string {
    if (scope.writable.length === 0) return `console.log(${this.ex.expr(scope, 2)});`;
    const t = this.rng.pick(scope.writable);
    const forms = [`${t}++`, `${t}--`, `++${t}`, `--${t}`, t];
    return `console.log(${this.rng.times(this.rng.range(2, 6), () => this.rng.pick(forms)).join(', ')});`;
  }

  /** A loop folding an arithmetic step into one variable, printing it every iteration. */
  private accumulate(scope: Scope): string {
    if (scope.writable.length === 0) return this.forLoop(scope, 1);
    const t = this.rng.pick(scope.writable);
    const i = `i${this.fresh++}`;
    const inner = scope.child();
    inner.declare(i, 'counter');
    // `t = t + t` would double a string 40 times: megabytes of output for one program.
    inner.hide(t);
    const op = this.rng.pick(['+', '-', '*', '|', '^', '<<', '>>', '>>>', '%', '/', '&']);
    const step = `${t} = (${t} ${op} ${this.ex.numeric(inner, 2)})${this.rng.pick(['', '', ' | 0', ' >>> 0', ' + 0.5', ' * -1'])};`;
    return `for (let ${i} = 0; ${i} < ${this.rng.range(3, 40)}; ${i}++) { ${step} console.log(${i}, ${t}); }`;
  }

  /** A `for` loop with a few statements, maybe a conditional break or continue. */
  private forLoop(scope: Scope, depth: number): string {
    const i = `i${this.fresh++}`;
    const inner = scope.child();
    inner.declare(i, 'counter');
    const body = this.rng.times(this.rng.range(1, 3), () => this.statement(inner, depth - 1));
    if (this.rng.chance(0.4)) body.splice(this.rng.int(body.length + 1), 0, `if (${this.ex.condition(inner, 1)}) ${this.rng.pick(['break', 'continue'])};`);
    const start = this.rng.pick(['0', '0', '1', '(-3)', '0.5']);
    return `for (let ${i} = ${start}; ${i} < ${this.rng.range(2, 12)}; ${i}${this.rng.pick(['++', '++', ' += 2', ' += 0.75'])}) {\n  ${body.join('\n  ')}\n}`;
  }

  /** A `while` or `do-while` bounded by a counter the body cannot write. */
  private whileLoop(scope: Scope, depth: number): string {
    const n = `n${this.fresh++}`;
    const inner = scope.child();
    inner.declare(n, 'counter');
    const body = this.rng.times(this.rng.range(1, 3), () => this.statement(inner, depth - 1)).join('\n  ');
    const k = this.rng.range(1, 10);
    return this.rng.chance(0.5)
      ? `let ${n} = ${k};\nwhile (${n}-- > 0) {\n  ${body}\n}`
      : `let ${n} = 0;\ndo {\n  ${body}\n} while (++${n} < ${k});`;
  }

  /** An array element written, updated, pushed or popped, then the array printed. */
  private element(scope: Scope): string {
    const a = this.rng.pick(scope.arrays);
    const i = this.rng.chance(0.92) ? this.rng.pick(SMALL_INTS.slice(0, 9)) : this.ex.index(scope, 1);
    const stmt = this.rng.pick([
      `${a}[${i}] = ${this.ex.expr(scope, 2)};`,
      `${a}[${i}] ${this.rng.pick(COMPOUND)} ${this.ex.numeric(scope, 2)};`,
      `${a}[${i}]${this.rng.pick(['++', '--'])};`,
      `console.log(${a}.push(${this.rng.times(this.rng.range(1, 3), () => this.ex.expr(scope, 2)).join(', ')}));`,
      `console.log(${a}.pop());`,
      `${a} = ${this.ex.array(scope, 2)};`,
    ]);
    return `${stmt} console.log(${a}, ${a}.length);`;
  }
}
