/**
 * Random programs from the subset's grammar, for the property test. A program is a pure
 * function of a 32-bit seed (fast-check picks the seeds; a mulberry32 stream makes the
 * choices). The builder keeps the scope rules by construction: every name is fresh; a name
 * is read only after its declaration in an enclosing block of the same function, or as a
 * global (functions may also use the `late` globals the top level declares after them, which
 * node may find uninitialized or not yet defined at run time); consts and functions are
 * never assigned; implicit globals are never `typeof` operands; break/continue only inside a
 * loop (or switch) and labels only on loops.
 */

const LITERALS = ['0', '1', '2', '3.5', '.5', '1e21', '5e-324', '0x10', '1_000', '"a"', "'b'", '"\\n"', '""', 'true', 'false', 'null', 'undefined', 'NaN', 'Infinity'];
const UNARY = ['-', '+', '!', '~', 'void '];
const BINARY = ['+', '-', '*', '/', '%', '**', '&', '|', '^', '<<', '>>', '>>>', '==', '!=', '===', '!==', '<', '<=', '>', '>='];
const LOGICAL = ['&&', '||', '??'];
const ASSIGN = ['=', '+=', '-=', '*=', '/=', '%=', '**=', '<<=', '>>=', '>>>=', '&=', '|=', '^=', '&&=', '||=', '??='];
const MATH_FNS = ['abs', 'floor', 'ceil', 'round', 'trunc', 'sqrt', 'max', 'min', 'pow', 'imul', 'clz32', 'sign', 'hypot', 'atan2', 'fround'];
const MATH_CONSTS = ['PI', 'E', 'LN2', 'SQRT1_2'];

/** What is visible where a statement or expression is generated. */
interface Env {
  /** Names that may be read (declared before, in scope). */
  readable: string[];
  /** Names that may be assigned (not const, not function names). */
  writable: string[];
  /** Implicit globals among `readable` (never a typeof operand). */
  implicit: string[];
  /** Function names (callable, usable as values). */
  readonly functions: readonly string[];
  readonly inFunction: boolean;
  /** Labels of the enclosing loops, innermost last. */
  readonly labels: readonly string[];
  readonly inLoop: boolean;
  readonly inSwitch: boolean;
}

/** The subset program for `seed` (any 32-bit integer). */
export function randomProgram(seed: number): string {
  return new ProgramBuilder(seed).program();
}

class ProgramBuilder {
  /** mulberry32 state. */
  private state: number;
  /** Counter for fresh names. */
  private fresh = 0;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  program(): string {
    const functions = ['f0', 'f1', 'f2'].slice(0, 1 + this.choose(3));
    const top: Env = { readable: [], writable: [], implicit: [], functions, inFunction: false, labels: [], inLoop: false, inSwitch: false };
    const lines: string[] = [];
    for (let i = this.choose(3); i >= 0; i--) lines.push(this.declaration(top));
    const late = Array.from({ length: this.choose(3) }, () => ({ kind: this.pick(['let', 'const', 'implicit']), name: `late${this.fresh++}` }));
    const inFunctions: Env = {
      ...top,
      readable: [...top.readable, ...late.map((l) => l.name)],
      writable: [...top.writable, ...late.filter((l) => l.kind !== 'const').map((l) => l.name)],
      implicit: [...top.implicit, ...late.filter((l) => l.kind === 'implicit').map((l) => l.name)],
    };
    for (const f of functions) lines.push(this.functionDeclaration(f, inFunctions));
    for (let i = 1 + this.choose(5); i > 0 || late.length > 0; i--) {
      const next = late[0];
      if (next !== undefined && (i <= 0 || this.choose(2))) {
        late.shift();
        lines.push(this.lateGlobal(top, next.kind, next.name));
      }
      if (i > 0) lines.push(this.statement(top, 2));
    }
    return lines.join('\n') + '\n';
  }

  /**
   * A global that functions may already use: a top-level let/const, or an implicit global,
   * declared among the top-level statements. Calls before it exercise the TDZ and
   * not-defined checks of scope analysis.
   */
  private lateGlobal(top: Env, kind: string, name: string): string {
    const init = this.expression(top, 2);
    top.readable.push(name);
    if (kind !== 'const') top.writable.push(name);
    if (kind === 'implicit') top.implicit.push(name);
    return kind === 'implicit' ? `${name} = ${init};` : `${kind} ${name} = ${init};`;
  }

  /** A number in [0, n), from mulberry32. */
  private choose(n: number): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) % n);
  }

  private pick<T>(xs: readonly T[]): T {
    const x = xs[this.choose(xs.length)];
    if (x === undefined) throw new Error('pick from an empty list');
    return x;
  }

  private functionDeclaration(name: string, top: Env): string {
    const params = Array.from({ length: this.choose(3) }, () => `p${this.fresh++}`);
    const env: Env = { ...top, readable: [...top.readable, ...params], writable: [...top.writable, ...params], implicit: [...top.implicit], inFunction: true };
    const body = this.statements(env, 2, 1 + this.choose(3));
    return `function ${name}(${params.join(', ')}) {\n${body.join('\n')}\nreturn ${this.expression(env, 2)};\n}`;
  }

  private statements(env: Env, depth: number, count: number): string[] {
    return Array.from({ length: count }, () => this.statement(env, depth));
  }

  /** A `{ ... }` block with its own scope. */
  private block(env: Env, depth: number, extra: Partial<Env> = {}): string {
    const inner: Env = { ...env, readable: [...env.readable], writable: [...env.writable], implicit: [...env.implicit], ...extra };
    return `{\n${this.statements(inner, depth - 1, this.choose(3)).join('\n')}\n}`;
  }

  private declaration(env: Env): string {
    const kind = this.pick(['var', 'let', 'const']);
    const name = `v${this.fresh++}`;
    const init = this.expression(env, 2);
    env.readable.push(name);
    if (kind !== 'const') env.writable.push(name);
    return `${kind} ${name} = ${init};`;
  }

  /** Dispatcher over statement forms; compound forms only while depth remains. */
  private statement(env: Env, depth: number): string {
    const k = this.choose(depth > 0 ? 14 : 5);
    const e = (): string => this.expression(env, 3);
    switch (k) {
      case 0: return `${this.effect(env, 2)};`;
      case 1: return `${this.pick(['console.log', 'print'])}(${this.args(env, 2)});`;
      case 2: return this.declaration(env);
      case 3: return this.implicitGlobal(env);
      case 4: return this.jump(env);
      case 5: return `if (${e()}) ${this.block(env, depth)}${this.choose(2) ? ` else ${this.block(env, depth)}` : ''}`;
      case 6: return `while (${e()}) ${this.block(env, depth, { inLoop: true })}`;
      case 7: return `do ${this.block(env, depth, { inLoop: true })} while (${e()});`;
      case 8: return this.forLoop(env, depth, '');
      case 9: {
        const label = `L${this.fresh++}`;
        return this.forLoop({ ...env, labels: [...env.labels, label] }, depth, `${label}: `);
      }
      case 10: return this.switchStatement(env, depth);
      case 11: return this.block(env, depth);
      case 12: return env.inFunction ? `return ${e()};` : ';';
      default: return `${this.effect(env, 2)};`;
    }
  }

  private implicitGlobal(env: Env): string {
    const name = `ig${this.fresh++}`;
    const init = this.expression(env, 2);
    env.readable.push(name);
    env.writable.push(name);
    env.implicit.push(name);
    return `${name} = ${init};`;
  }

  /** break/continue, labelled or not, where the syntax allows it. */
  private jump(env: Env): string {
    if (!env.inLoop && !env.inSwitch) return `${this.effect(env, 1)};`;
    const word = env.inLoop && this.choose(2) ? 'continue' : 'break';
    const label = env.labels.length > 0 && this.choose(2) ? ` ${this.pick(env.labels)}` : '';
    return `${word}${label};`;
  }

  private forLoop(env: Env, depth: number, label: string): string {
    const i = `v${this.fresh++}`;
    const inner: Env = { ...env, readable: [...env.readable, i], writable: [...env.writable, i], implicit: [...env.implicit], inLoop: true };
    const head = `for (let ${i} = ${this.expression(env, 1)}; ${i} < ${this.expression(inner, 1)}; ${i}++)`;
    return `${label}${head} ${this.block(inner, depth)}`;
  }

  private switchStatement(env: Env, depth: number): string {
    const cases = Array.from({ length: 1 + this.choose(3) }, () => `case ${this.expression(env, 1)}: ${this.block(env, depth, { inSwitch: true })}`);
    if (this.choose(2)) cases.push(`default: ${this.block(env, depth, { inSwitch: true })}`);
    return `switch (${this.expression(env, 2)}) {\n${cases.join('\n')}\n}`;
  }

  private args(env: Env, depth: number): string {
    return Array.from({ length: this.choose(4) }, () => this.expression(env, depth)).join(', ');
  }

  /** An expression with an effect: assignment, update, call, push/pop. */
  private effect(env: Env, depth: number): string {
    const target = this.target(env, depth);
    switch (this.choose(4)) {
      case 0: return target === undefined ? this.call(env, depth) : `${target} ${this.pick(ASSIGN)} ${this.expression(env, depth)}`;
      case 1: return target === undefined ? this.call(env, depth) : this.pick([`${target}++`, `${target}--`, `++${target}`, `--${target}`]);
      case 2: return this.call(env, depth);
      default: return env.readable.length === 0 ? this.call(env, depth) : `${this.pick(env.readable)}.${this.pick(['push', 'pop'])}(${this.args(env, depth - 1)})`;
    }
  }

  private target(env: Env, depth: number): string | undefined {
    if (env.writable.length === 0) return undefined;
    const name = this.pick(env.writable);
    return this.choose(3) === 0 ? `${name}[${this.expression(env, depth - 1)}]` : name;
  }

  private call(env: Env, depth: number): string {
    if (this.choose(3) === 0) return `Math.${this.pick(MATH_FNS)}(${this.args(env, depth - 1)})`;
    const callee = this.choose(4) === 0 && env.readable.length > 0 ? this.pick(env.readable) : this.pick(env.functions);
    return `${callee}(${this.args(env, depth - 1)})`;
  }

  /** Dispatcher over expression forms; every compound form is parenthesized. */
  private expression(env: Env, depth: number): string {
    if (depth <= 0) return this.atom(env);
    const d = depth - 1;
    const x = (): string => this.expression(env, d);
    switch (this.choose(16)) {
      case 0: return `(${this.pick(UNARY)}${x()})`;
      case 1: return `(typeof ${this.typeofOperand(env)})`;
      case 2: case 3: return `(${x()} ${this.pick(BINARY)} ${x()})`;
      case 4: return `(${x()} ${this.pick(LOGICAL)} ${x()})`;
      case 5: return `(${x()} ? ${x()} : ${x()})`;
      case 6: return this.pick([`[]`, `[${x()}]`, `[${x()}, , ${x()}]`, `[${x()}, ${x()},]`]);
      case 7: return `${this.atom(env)}[${x()}]`;
      case 8: return `${this.pick([...env.readable, '"abc"', '[1, 2]'])}.length`;
      case 9: return this.call(env, depth);
      case 10: return this.pick([`Math.${this.pick(MATH_CONSTS)}`, `Array(${x()})`, `new Array(${x()})`]);
      case 11: return `(${this.effect(env, d)})`;
      case 12: return `(${x()}, ${x()})`;
      default: return this.atom(env);
    }
  }

  private atom(env: Env): string {
    const c = this.choose(4);
    if (c === 0 && env.readable.length > 0) return this.pick(env.readable);
    if (c === 1) return this.pick(env.functions);
    return this.pick(LITERALS);
  }

  private typeofOperand(env: Env): string {
    const names = [...env.readable.filter((n) => !env.implicit.includes(n)), ...env.functions, 'undefined'];
    return this.pick(names);
  }
}
