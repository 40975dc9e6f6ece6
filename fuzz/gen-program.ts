/**
 * Structured programs: globals (some declared late, after the functions that use them, so
 * node may find them in the TDZ or not yet defined), top-level functions that read and write
 * the globals, recurse on a counter (linearly or fib-style), take other functions as arguments,
 * and return early; then top-level code with loops, switch, labels and array updates, printing
 * as it goes. Functions call only themselves (on a decreasing counter) and functions declared
 * before them, so every program terminates; loop trip counts are kept small (gen-statements.ts).
 */
import { EDGE_STRINGS, primitiveLiteral } from './edge-values.js';
import { ExprGen } from './gen-expr.js';
import { StatementGen, type Ctx } from './gen-statements.js';
import { Rng } from './rng.js';
import { Scope, type FunctionSig } from './scope.js';

/** The structured program for `seed` (any 32-bit integer). */
export function structuredProgram(seed: number): string {
  return new ProgramBuilder(seed).program();
}

/** A global declared after the functions. */
interface Late {
  readonly name: string;
  readonly kind: 'let' | 'const' | 'implicit';
}

/** How many calls fib-style recursion makes from `n`. */
function fibCalls(n: number): number {
  let [a, b] = [1, 1];
  for (let i = 1; i < n; i++) [a, b] = [b, a + b + 1];
  return b;
}

class ProgramBuilder {
  /** Every choice. */
  private readonly rng: Rng;
  private readonly ex: ExprGen;
  private readonly st: StatementGen;
  /** Counter for fresh names. */
  private fresh = 0;

  constructor(seed: number) {
    this.rng = new Rng(seed);
    this.ex = new ExprGen(this.rng);
    this.st = new StatementGen(this.rng, this.ex, () => this.fresh++);
  }

  program(): string {
    const top = new Scope();
    const lines = this.rng.times(this.rng.range(2, 5), () => this.global(top));
    const late: Late[] = this.rng.chance(0.25) ? [{ name: `late${this.fresh++}`, kind: this.rng.pick(['let', 'const', 'implicit'] as const) }] : [];
    const seen = top.child();
    for (const l of late) seen.declare(l.name, l.kind === 'let' ? 'any' : l.kind);
    for (let k = this.rng.range(1, 4), i = 0; i < k; i++) lines.push(this.fn(`f${i}`, seen));
    top.functions.push(...seen.functions);
    top.functionValues.push(...seen.functionValues);
    const ctx: Ctx = { inFunction: false, inLoop: false, inSwitch: false, labels: [], depth: 3, budget: 150 };
    const shown = [...top.values];
    for (let n = this.rng.range(6, 16); n > 0 || late.length > 0; n--) {
      const l = late[0];
      if (l !== undefined && (n <= 0 || this.rng.chance(0.4))) {
        lines.push(`${l.kind === 'implicit' ? '' : `${l.kind} `}${l.name} = ${this.ex.expr(top, 2)};`);
        top.declare(l.name, l.kind === 'let' ? 'any' : l.kind);
        late.shift();
      }
      if (n > 0) lines.push(this.st.statement(top, ctx));
    }
    if (shown.length > 0) lines.push(`console.log(${shown.join(', ')});`);
    return lines.join('\n') + '\n';
  }

  /** A top-level `var`/`let`/`const` of a primitive, an array or a string. */
  private global(top: Scope): string {
    const name = `g${this.fresh++}`;
    switch (this.rng.weighted({ any: 5, konst: 1, array: 2, string: 1, object: 1 })) {
      case 'any': top.declare(name, 'any'); return `${this.rng.pick(['var', 'let'])} ${name} = ${primitiveLiteral(this.rng)};`;
      case 'konst': top.declare(name, 'const'); return `const ${name} = ${primitiveLiteral(this.rng)};`;
      case 'array': {
        const text = `${this.rng.pick(['var', 'let'])} ${name} = ${this.ex.array(top, 1)};`;
        top.declare(name, 'array');
        return text;
      }
      case 'string': top.declare(name, 'string'); return `var ${name} = ${this.rng.pick(EDGE_STRINGS)};`;
      case 'object': {
        const text = `var ${name} = ${this.ex.objectLiteral(top, 1)};`;
        top.declare(name, 'object');
        return text;
      }
    }
  }

  /** Function `name`, added to `seen.functions` for the functions and code after it. */
  private fn(name: string, seen: Scope): string {
    const budget = this.rng.range(2, 24);
    const scope = seen.child();
    scope.limitCalls(budget);
    const ctx: Ctx = { inFunction: true, inLoop: false, inSwitch: false, labels: [], depth: 2, budget };
    const made = this.rng.weighted({ plain: 4, recursive: 3, fib: 1, higher: seen.functions.length > 0 ? 2 : 0 });
    const [text, sig] = this[made](name, scope, ctx);
    seen.functions.push(sig);
    seen.functionValues.push(name);
    return text;
  }

  private body(scope: Scope, ctx: Ctx, min: number, max: number): string[] {
    return this.st.list(scope, ctx, this.rng.range(min, max));
  }

  /** Parameter names: fresh, or now and then a global's name (the parameter shadows it). */
  private params(scope: Scope, count: number): string[] {
    const globals = scope.writable.filter((g) => /^g\d/.test(g) && !scope.arrays.includes(g) && !scope.strings.includes(g));
    const ps: string[] = [];
    for (let i = 0; i < count; i++) {
      const g = globals.length > 0 && this.rng.chance(0.15) ? this.rng.pick(globals) : undefined;
      ps.push(g !== undefined && !ps.includes(g) ? g : `p${this.fresh++}`);
    }
    ps.forEach((p) => scope.declare(p, 'any'));
    return ps;
  }

  private plain(name: string, scope: Scope, ctx: Ctx): [string, FunctionSig] {
    const ps = this.params(scope, this.rng.int(4));
    const body = this.body(scope, ctx, 1, 4);
    const text = `function ${name}(${ps.join(', ')}) {\n${body.join('\n')}\nreturn ${this.ex.expr(scope, 3)};\n}`;
    return [text, { name, arity: ps.length, cost: 4 * ctx.budget }];
  }

  /** Linear recursion on `n`: statements, the base case, one self call, statements, a return. */
  private recursive(name: string, scope: Scope, ctx: Ctx): [string, FunctionSig] {
    scope.declare('n', 'counter');
    const ps = this.params(scope, this.rng.int(3));
    const counter = this.rng.range(2, 20);
    const before = this.body(scope, ctx, 0, 2);
    // Counters passed are integers >= 0, so each test ends the recursion.
    const base = `if (${this.rng.pick(['n <= 0', 'n < 1', 'n === 0', 'n <= 1', '!n'])}) return ${this.ex.expr(scope, 2)};`;
    const r = `r${this.fresh++}`;
    const self = `${name}(n - 1${ps.map(() => `, ${this.ex.expr(scope, 2)}`).join('')})`;
    const call = this.rng.chance(0.5) ? `const ${r} = ${self};` : `let ${r} = ${self};`;
    scope.declare(r, 'const');
    const after = this.body(scope, ctx, 0, 2);
    const ret = this.rng.chance(0.6) ? `return (${r} ${this.rng.pick(['+', '-', '*', '|', '^'])} ${this.ex.expr(scope, 2)});` : `return ${this.ex.expr(scope, 2)};`;
    const text = `function ${name}(${['n', ...ps].join(', ')}) {\n${[...before, base, call, ...after, ret].join('\n')}\n}`;
    return [text, { name, arity: 1 + ps.length, counter, cost: (counter + 1) * 4 * ctx.budget }];
  }

  /** fib-style recursion: two self calls per level. */
  private fib(name: string, scope: Scope, ctx: Ctx): [string, FunctionSig] {
    scope.declare('n', 'counter');
    const counter = this.rng.range(2, 11);
    const side = scope.writable.length > 0 && this.rng.chance(0.5) ? `${this.rng.pick(scope.writable)}++;\n` : '';
    const op = this.rng.pick(['+', '-', '*', '^', '+ "" +']);
    const text = `function ${name}(n) {\n${side}if (n < 2) return ${this.rng.pick(['n', '1', '"x"', '0.5', '(-0)'])};\n` +
      `return ${name}(n - 1) ${op} ${name}(n - 2);\n}`;
    return [text, { name, arity: 1, counter, cost: fibCalls(counter) * (side === '' ? 1 : 2) }];
  }

  /** A function that calls its first parameter (callers pass an earlier function). */
  private higher(name: string, scope: Scope, ctx: Ctx): [string, FunctionSig] {
    const choices = scope.functions.filter((f) => f.counter === undefined && f.fnParam === undefined);
    if (choices.length === 0) return this.plain(name, scope, ctx);
    const cb = `cb${this.fresh++}`;
    scope.functionValues.push(cb);
    const arity = Math.max(...choices.map((f) => f.arity));
    scope.functions.push({ name: cb, arity, cost: Math.max(...choices.map((f) => f.cost)) });
    const ps = this.params(scope, this.rng.range(1, 2));
    const body = this.body(scope, ctx, 0, 3);
    const ret = `return ${cb}(${this.rng.times(arity, () => this.ex.expr(scope, 2)).join(', ')});`;
    const text = `function ${name}(${[cb, ...ps].join(', ')}) {\n${[...body, ret].join('\n')}\n}`;
    const cost = 4 * ctx.budget * (1 + Math.max(...choices.map((f) => f.cost)));
    return [text, { name, arity: 1 + ps.length, fnParam: { index: 0, choices: choices.map((f) => f.name) }, cost }];
  }
}
