/**
 * Statements of the subset for the structured generator (gen-program.ts): declarations of every
 * kind, assignments to locals, parameters and globals, if/else, for/while/do-while loops (some
 * labelled) with break and continue, switch with fall-through, array element updates, implicit
 * globals, function values, early returns, try/catch/finally around code that throws (a value,
 * an error object, or node's own TypeError), and constructor functions with a prototype method
 * and `new`. Every loop is bounded by a counter its body
 * cannot write, and the product of the enclosing loops' trip counts stays under `budget`.
 */
import { EDGE_STRINGS, SMALL_INTS, numberLiteral, primitiveLiteral } from './edge-values.js';
import { COMPOUND, type ExprGen } from './gen-expr.js';
import type { Rng } from './rng.js';
import type { FunctionSig, Scope } from './scope.js';

/** Where a statement stands. */
export interface Ctx {
  readonly inFunction: boolean;
  readonly inLoop: boolean;
  readonly inSwitch: boolean;
  /** Labels of the enclosing loops, innermost last. */
  readonly labels: readonly string[];
  /** Nesting levels left for compound statements. */
  readonly depth: number;
  /** Most iterations the statement may run, counting the enclosing loops' trip counts. */
  readonly budget: number;
}

/** Makes statements; `fresh` numbers every declared name and label program-wide. */
export class StatementGen {
  constructor(private readonly rng: Rng, private readonly ex: ExprGen, private readonly fresh: () => number) {}

  /** `count` statements as lines of a block body. */
  list(scope: Scope, ctx: Ctx, count: number): string[] {
    return this.rng.times(count, () => this.statement(scope, ctx));
  }

  /** `{ ... }` with its own scope. */
  block(scope: Scope, ctx: Ctx, count = this.rng.range(1, 3)): string {
    const inner = scope.child();
    const first = this.rng.chance(0.1) ? [this.shadow(inner)] : [];
    return `{\n${[...first, ...this.list(inner, ctx, count)].join('\n')}\n}`;
  }

  /**
   * `let x = e;` for a name `x` an outer scope already has, as the block's first statement
   * (so nothing in the block uses the outer `x` first, which the subset refuses as a TDZ use).
   */
  private shadow(inner: Scope): string {
    const name = inner.writable.length > 0 ? this.rng.pick(inner.writable) : undefined;
    if (name === undefined) return this.declaration(inner);
    const init = inner.child();
    init.hide(name);
    const text = `let ${name} = ${this.ex.expr(init, 2)};`;
    inner.hide(name);
    inner.declare(name, 'any');
    return text;
  }

  /** Dispatcher over statement forms. */
  statement(scope: Scope, ctx: Ctx): string {
    const nest = ctx.depth > 0 ? 1 : 0;
    const x = (): string => this.ex.expr(scope, 3);
    switch (this.rng.weighted({
      decl: 3, assign: scope.writable.length > 0 ? 3 : 0, log: 4, ifElse: 3 * nest, forLoop: 3 * nest,
      whileLoop: nest, switch: nest, element: scope.arrays.length > 0 ? 2 : 0, implicit: 1,
      property: scope.objects.length > 0 ? 2 : 0,
      call: scope.functions.length > 0 ? 3 : 0, jump: ctx.inLoop || ctx.inSwitch ? 2 : 0,
      ret: ctx.inFunction ? 1 : 0, fnValue: scope.functions.length > 0 ? 1 : 0, tryStmt: 2 * nest,
    })) {
      case 'tryStmt': return this.tryStatement(scope, ctx);
      case 'decl': return this.declaration(scope);
      case 'assign': return this.assignment(scope);
      case 'log': return `console.log(${this.rng.times(this.rng.range(0, 4), x).join(', ')});`;
      case 'ifElse': return `if (${this.ex.condition(scope, 2)}) ${this.block(scope, this.deeper(ctx))}${this.rng.chance(0.5) ? ` else ${this.block(scope, this.deeper(ctx))}` : ''}`;
      case 'forLoop': return this.forLoop(scope, ctx);
      case 'whileLoop': return this.whileLoop(scope, ctx);
      case 'switch': return this.switchStatement(scope, ctx);
      case 'element': return this.element(scope);
      case 'property': return this.property(scope);
      case 'implicit': return this.implicitGlobal(scope);
      case 'call': return this.rng.chance(0.6) ? `console.log(${this.ex.call(scope, 2)});` : `${this.ex.call(scope, 2)};`;
      case 'jump': return this.jump(scope, ctx);
      case 'ret': return `if (${this.ex.condition(scope, 1)}) return ${x()};`;
      case 'fnValue': return this.functionValue(scope);
    }
  }

  private deeper(ctx: Ctx, loop?: { trips: number; label?: string }): Ctx {
    if (loop === undefined) return { ...ctx, depth: ctx.depth - 1 };
    const labels = loop.label === undefined ? ctx.labels : [...ctx.labels, loop.label];
    return { ...ctx, depth: ctx.depth - 1, inLoop: true, labels, budget: Math.floor(ctx.budget / loop.trips) };
  }

  /** A loop trip count within the budget (at least 1). */
  private trips(ctx: Ctx): number {
    return this.rng.range(1, Math.max(1, Math.min(12, ctx.budget)));
  }

  private declaration(scope: Scope): string {
    const name = `v${this.fresh()}`;
    switch (this.rng.weighted({ any: 6, konst: 2, array: 2, string: 1, object: 2, closure: 1, instance: 1 })) {
      case 'closure': return this.closure(scope, name);
      case 'instance': return this.instance(scope, name);
      case 'any': {
        const text = `${this.rng.pick(['var', 'let'])} ${name} = ${this.ex.expr(scope, 2)};`;
        scope.declare(name, 'any');
        return text;
      }
      case 'konst': {
        const text = `const ${name} = ${this.ex.expr(scope, 2)};`;
        scope.declare(name, 'const');
        return text;
      }
      case 'array': {
        const text = `let ${name} = ${this.ex.array(scope, 2)};`;
        scope.declare(name, 'array');
        return text;
      }
      case 'object': {
        const text = `let ${name} = ${this.ex.objectLiteral(scope, 2)};`;
        scope.declare(name, 'object');
        return text;
      }
      case 'string': {
        const text = `let ${name} = ${this.ex.string(scope, 2)};`;
        scope.declare(name, 'string');
        return text;
      }
    }
  }

  /**
   * `try { ... } catch (e) { ... }` with or without `finally` (or `try/finally` alone): the
   * try block may throw a value, an Error, or run into node's own TypeError (reading a property
   * of undefined); the catch prints what it got (an error by name and message: printing an
   * error object is refused), and may throw again to an outer handler.
   */
  private tryStatement(scope: Scope, ctx: Ctx): string {
    const inner = this.deeper(ctx);
    const e = `e${this.fresh()}`;
    const thrown = this.rng.pick([
      () => this.ex.expr(scope, 2),
      () => `new ${this.rng.pick(['Error', 'TypeError', 'RangeError'])}(${this.ex.expr(scope, 1)})`,
      () => `undefined[${JSON.stringify(this.ex.key())}]`,
    ])();
    const raise = this.rng.chance(0.5) ? `if (${this.ex.condition(scope, 1)}) throw ${thrown};` : `throw ${thrown};`;
    const body = `{\n${[...this.list(scope.child(), inner, this.rng.range(0, 2)), thrown.startsWith('undefined') ? `${thrown};` : raise].join('\n')}\n}`;
    // The parameter stays out of the scope: other statements would print it, and printing an
    // error object is refused (its stack names node's files).
    const handlerScope = scope.child();
    const show = `console.log(typeof ${e}, ${e} instanceof Error ? ${e}.name + ': ' + ${e}.message : ${e});`;
    const handler = `{\n${show}\n${this.list(handlerScope, inner, this.rng.range(0, 1)).join('\n')}\n}`;
    const fin = this.rng.chance(0.4) ? ` finally ${this.block(scope, inner)}` : '';
    if (fin !== '' && this.rng.chance(0.25)) return `try {\ntry ${body} finally ${this.block(scope, inner)}\n} catch (${e}) ${handler}`;
    return `try ${body} catch (${e}) ${handler}${fin}`;
  }

  /**
   * A constructor function and an instance: `let C = function (a) { this.p = a; ... };`, a
   * method on its prototype reading `this`, then `let x = new C(e)`, printed (as `C { p: ... }`)
   * and used through the method.
   */
  private instance(scope: Scope, name: string): string {
    const c = `C${this.fresh()}`;
    const k = this.ex.key();
    const ctor = `let ${c} = function (a) { this.p = a; this[${JSON.stringify(k)}] = ${numberLiteral(this.rng)}; };`;
    const method = `${c}.prototype.m = function (b) { return this.p + b; };`;
    const text = `${ctor}\n${method}\nlet ${name} = new ${c}(${this.ex.expr(scope, 2)});\nconsole.log(${name}, ${name}.m(${this.ex.expr(scope, 1)}), ${name} instanceof ${c});`;
    scope.declare(name, 'object');
    return text;
  }

  /** An assignment, compound assignment or update, with the target printed after. */
  private assignment(scope: Scope): string {
    const t = this.rng.pick(scope.writable);
    const stmt = this.rng.pick([
      `${t} = ${this.ex.expr(scope, 2)};`,
      `${t} ${this.rng.pick(COMPOUND)} ${this.ex.numeric(scope, 2)};`,
      `${t}${this.rng.pick(['++', '--'])};`,
      `console.log(${this.rng.pick(['++', '--'])}${t}, ${t}${this.rng.pick(['++', '--'])}, ${t});`,
    ]);
    return this.rng.chance(0.7) ? `${stmt} console.log(${t});` : stmt;
  }

  private forLoop(scope: Scope, ctx: Ctx): string {
    const i = `i${this.fresh()}`;
    const trips = this.trips(ctx);
    const label = this.rng.chance(0.25) ? `L${this.fresh()}` : undefined;
    const inner = scope.child();
    inner.declare(i, 'counter');
    const innerCtx = this.deeper(ctx, label === undefined ? { trips } : { trips, label });
    inner.limitCalls(innerCtx.budget);
    const body = this.block(inner, innerCtx);
    const kind = this.rng.chance(0.8) ? 'let' : 'var';
    const head = this.rng.chance(0.8)
      ? `for (${kind} ${i} = 0; ${i} < ${trips}; ${i}++)`
      : `for (${kind} ${i} = ${trips}; ${i} > 0; ${i}--)`;
    // Sometimes a chain of labels (`A: B: for`); only the last is a jump target here.
    const chain = label !== undefined && this.rng.chance(0.2) ? `X${this.fresh()}: ` : '';
    return `${label === undefined ? '' : `${chain}${label}: `}${head} ${body}`;
  }

  /** `while` / `do-while` on a counter the body cannot write. */
  private whileLoop(scope: Scope, ctx: Ctx): string {
    const n = `n${this.fresh()}`;
    const trips = this.trips(ctx);
    const inner = scope.child();
    inner.declare(n, 'counter');
    const labelled = this.rng.chance(0.2) ? `W${this.fresh()}` : undefined;
    const innerCtx = this.deeper(ctx, labelled === undefined ? { trips } : { trips, label: labelled });
    inner.limitCalls(innerCtx.budget);
    const body = this.block(inner, innerCtx);
    const label = labelled === undefined ? '' : `${labelled}: `;
    return this.rng.chance(0.5)
      ? `{ let ${n} = ${trips}; ${label}while (${n}-- > 0) ${body} }`
      : `{ let ${n} = 0; ${label}do ${body} while (++${n} < ${trips}); }`;
  }

  /** `switch` over mixed-type cases (=== semantics), some falling through. */
  private switchStatement(scope: Scope, ctx: Ctx): string {
    const inner: Ctx = { ...this.deeper(ctx), inSwitch: true };
    const cases = this.rng.times(this.rng.range(1, 4), () => {
      const value = this.rng.chance(0.6) ? this.rng.pick(['0', '1', '2', '"1"', '(-0)', 'NaN', 'null', 'true']) : this.ex.expr(scope, 1);
      return `case ${value}: ${this.block(scope, inner)}${this.rng.chance(0.6) ? ' break;' : ''}`;
    });
    if (this.rng.chance(0.5)) cases.splice(this.rng.int(cases.length + 1), 0, `default: ${this.block(scope, inner)}`);
    const subject = this.rng.chance(0.5) ? this.rng.pick(['0', '1', '2', '"1"', '0']) : this.ex.expr(scope, 2);
    return `switch (${subject}) {\n${cases.join('\n')}\n}`;
  }

  /** `if (c) break;`, `continue`, or a labelled one. */
  private jump(scope: Scope, ctx: Ctx): string {
    const word = ctx.inLoop && this.rng.chance(0.5) ? 'continue' : 'break';
    const label = ctx.inLoop && ctx.labels.length > 0 && this.rng.chance(0.5) ? ` ${this.rng.pick(ctx.labels)}` : '';
    // A `continue` or labelled jump inside a switch must still target a loop, which `label` does.
    const target = word === 'continue' && !ctx.inLoop ? 'break' : word;
    return `if (${this.ex.condition(scope, 1)}) ${target}${label};`;
  }

  /** An object property written, updated or deleted; the object printed after, sometimes. */
  private property(scope: Scope): string {
    const o = this.rng.pick(scope.objects);
    const p = this.ex.property(o, this.ex.key());
    const stmt = this.rng.pick([
      `${p} = ${this.ex.expr(scope, 2)};`,
      `${p} ${this.rng.pick(COMPOUND)} ${this.ex.numeric(scope, 2)};`,
      `console.log(${p}${this.rng.pick(['++', '--'])}, ${this.rng.pick(['++', '--'])}${p});`,
      `console.log(delete ${p}, ${JSON.stringify(this.ex.key())} in ${o});`,
      `${o} = ${this.ex.objectLiteral(scope, 2)};`,
      `${p} = ${o};`,
    ]);
    return this.rng.chance(0.5) ? `${stmt}\nconsole.log(${o});` : stmt;
  }

  /** An array element written, updated, pushed or popped; the array printed after. */
  private element(scope: Scope): string {
    const a = this.rng.pick(scope.arrays);
    const i = this.rng.chance(0.92) ? this.rng.pick(SMALL_INTS.slice(0, 8)) : this.ex.index(scope, 1);
    const stmt = this.rng.pick([
      `${a}[${i}] = ${this.ex.expr(scope, 2)};`,
      `${a}[${i}] ${this.rng.pick(COMPOUND)} ${this.ex.numeric(scope, 2)};`,
      `console.log(${a}[${i}]${this.rng.pick(['++', '--'])}, ${this.rng.pick(['++', '--'])}${a}[${i}]);`,
      `console.log(${a}.push(${this.rng.times(this.rng.range(1, 3), () => this.ex.expr(scope, 2)).join(', ')}));`,
      `console.log(${a}.pop(), ${a}.length);`,
      `${a} = ${this.ex.array(scope, 2)};`,
      `${a}[${a}.length] = ${this.ex.expr(scope, 1)};`,
      `${a}.push(${a});`,
    ]);
    return this.rng.chance(0.7) ? `${stmt} console.log(${a});` : stmt;
  }

  /** `igN = e;`: an implicit global, readable after it in this block. */
  private implicitGlobal(scope: Scope): string {
    const name = `ig${this.fresh()}`;
    const text = `${name} = ${this.rng.chance(0.8) ? this.ex.expr(scope, 2) : primitiveLiteral(this.rng)};`;
    scope.declare(name, 'implicit');
    return text;
  }

  /** A function held in a const: printed, typeof'd, its length read, and called through it. */
  /**
   * A closure, callable with one argument: a curried arrow, a counter over a captured `let`, or
   * a named function expression recursing on itself. Their bodies use only their own
   * parameters and captured bindings (a closure over a loop's `let` is refused by the subset).
   */
  private closure(scope: Scope, name: string): string {
    const op = this.rng.pick(['+', '-', '*', '|', '^', '<<', '%']);
    let text: string;
    let sig: FunctionSig;
    switch (this.rng.weighted({ curried: 2, counter: 2, recursive: 1 })) {
      case 'curried':
        text = `const ${name} = ((a) => (b) => (a ${op} b))(${this.ex.numeric(scope, 1)});`;
        sig = { name, arity: 1, cost: 1 };
        break;
      case 'counter':
        text = `const ${name} = (function () { let acc = ${numberLiteral(this.rng)}; ` +
          `return function (d) { acc = (acc ${op} d); return acc; }; })();`;
        sig = { name, arity: 1, cost: 1 };
        break;
      default:
        text = `const ${name} = function r${name}(n) { return n <= 0 ? 0 : (n ${op} r${name}(n - 1)); };`;
        sig = { name, arity: 1, counter: 12, cost: 12 };
    }
    scope.declare(name, 'const');
    scope.functions.push(sig);
    scope.functionValues.push(name);
    return text;
  }

  private functionValue(scope: Scope): string {
    const f = this.rng.pick(scope.functions);
    const g = `g${this.fresh()}`;
    scope.functionValues.push(g);
    scope.functions.push({ ...f, name: g });
    const shows = [g, `typeof ${g}`, `${g}.length`, `[${g}, ${this.rng.pick(EDGE_STRINGS)}]`, `${g} === ${f.name}`];
    return `const ${g} = ${f.name}; console.log(${this.rng.times(this.rng.range(1, 3), () => this.rng.pick(shows)).join(', ')});`;
  }
}
