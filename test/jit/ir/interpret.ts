/**
 * A reference interpreter of the IR for tests: every operation is the host's own (node's)
 * JavaScript operation on host values, so running the IR must print what `node FILE.js`
 * prints. Function values are host functions that re-enter the interpreter. A step budget
 * stops programs that loop (node's run is stopped by a timeout the same way).
 */

import { format } from 'node:util';
import type { BinaryOp, Block, BuiltinFn, Inst, IrFunction, IrProgram, UnaryOp } from '../../../jit/ir/ir.js';

type Fn = (...args: unknown[]) => unknown;
type Obj = Record<PropertyKey, unknown>;

/** Thrown when the step budget runs out. */
export class OutOfSteps extends Error {}

/** A guest `throw` of `value` propagating through the host. */
export class Thrown {
  constructor(readonly value: unknown) {}
}

const BINARY: Readonly<Record<BinaryOp, (a: never, b: never) => unknown>> = {
  '+': (a, b) => a + b, '-': (a, b) => a - b, '*': (a, b) => a * b, '/': (a, b) => a / b,
  '%': (a, b) => a % b, '**': (a, b) => a ** b, '&': (a, b) => a & b, '|': (a, b) => a | b,
  '^': (a, b) => a ^ b, '<<': (a, b) => a << b, '>>': (a, b) => a >> b, '>>>': (a, b) => a >>> b,
  '==': (a, b) => a == b, '!=': (a, b) => a != b, '===': (a, b) => a === b, '!==': (a, b) => a !== b,
  '<': (a, b) => a < b, '<=': (a, b) => a <= b, '>': (a, b) => a > b, '>=': (a, b) => a >= b,
  'in': (a, b) => (a as PropertyKey) in (b as object),
  'instanceof': (a, b) => (a as object) instanceof (b as Fn),
};

const UNARY: Readonly<Record<UnaryOp, (a: never) => unknown>> = {
  '-': (a) => -a, '+': (a) => +a, '!': (a) => !a, '~': (a) => ~a, 'typeof': (a) => typeof a,
};

/**
 * Runs `p`, appending printed lines to `out`; `sources` gives each function's source text
 * (its string conversion). Throws what the program throws, or OutOfSteps.
 */
export function interpret(p: IrProgram, sources: ReadonlyMap<string, string>, out: string[], budget = 100_000): void {
  new Interpreter(p, sources, out, budget).run();
}

class Interpreter {
  /** Global values; `absent` and `uninitialized` are the IR's initial states. */
  private readonly globals: { state: 'absent' | 'uninitialized' | 'ok'; value: unknown }[];
  /** Host function per declared function. */
  private readonly fns: Fn[];
  private steps: number;
  /** The running call's own function and the context it closes over (for `self`, `saveClosure`). */
  private frame: { self: Fn | undefined; closure: Context | undefined; thisValue: unknown } = { self: undefined, closure: undefined, thisValue: undefined };

  constructor(
    private readonly p: IrProgram,
    sources: ReadonlyMap<string, string>,
    /** Printed lines. */
    private readonly out: string[],
    budget: number,
  ) {
    this.steps = budget;
    this.globals = p.globals.map((g) => ({ state: g.initial === 'undefined' ? 'ok' : g.initial, value: undefined }));
    this.fns = p.functions.map((f) => {
      const host = this.hostFunction(f, undefined);
      const text = sources.get(f.name) ?? f.name;
      Object.defineProperty(host, 'toString', { value: () => text });
      return host;
    });
  }

  run(): void {
    this.exec(this.p.script, [], undefined, undefined, undefined);
  }

  /** A host function for IR function `index` closing over `context` (what `closure` makes). */
  private closureOf(index: number, context: Context | undefined): Fn {
    const f = this.p.functions[index];
    if (f === undefined) throw new Error(`no function ${index}`);
    return this.hostFunction(f, context);
  }

  /** A host function running `f` over `context`: an arrow for an arrow (no prototype, not a constructor). */
  private hostFunction(f: IrFunction, context: Context | undefined): Fn {
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const interp = this;
    const host: Fn = f.arrow === true
      ? { [f.name]: (...args: unknown[]): unknown => interp.exec(f, args, host, context, undefined) }[f.name] as Fn
      : { [f.name]: function (this: unknown, ...args: unknown[]): unknown { return interp.exec(f, args, host, context, this); } }[f.name] as Fn;
    Object.defineProperty(host, 'length', { value: f.params });
    return host;
  }

  private exec(f: IrFunction, args: readonly unknown[], self: Fn | undefined, closure: Context | undefined, thisValue: unknown): unknown {
    this.frame = { self, closure, thisValue };
    const slots: unknown[] = Array.from({ length: f.slotCount }, (_, i) => (i < f.params ? args[i] : undefined));
    const regs: unknown[] = [];
    let block = f.blocks[f.entry];
    let caught: unknown;
    for (;;) {
      if (block === undefined) throw new Error('no block');
      const current: Block = block;
      try {
        for (const i of current.insts) {
          if (--this.steps < 0) throw new OutOfSteps();
          if (i.op === 'jump') { block = f.blocks[i.target]; break; }
          if (i.op === 'br') { block = f.blocks[regs[i.cond] ? i.then : i.else]; break; }
          if (i.op === 'return') return regs[i.value];
          if (i.op === 'throw') throw new Thrown(regs[i.value]);
          if (i.op === 'catch') { regs[i.dst] = caught; continue; }
          this.step(i, regs, slots);
        }
      } catch (e) {
        // The block's handler gets what was thrown: a host error the host's operation raised
        // (node's TypeError, ...), or the value of a `throw`.
        if (e instanceof OutOfSteps || current.handler === undefined) throw e;
        caught = e instanceof Thrown ? e.value : e;
        block = f.blocks[current.handler];
        this.frame = { self, closure, thisValue };
      }
    }
  }

  /** Dispatcher: one case per non-terminator instruction. */
  private step(i: Inst, regs: unknown[], slots: unknown[]): void {
    const r = (v: number): never => regs[v] as never;
    switch (i.op) {
      case 'const': regs[i.dst] = i.value; return;
      case 'func': regs[i.dst] = this.fns[i.index]; return;
      case 'closure': regs[i.dst] = this.closureOf(i.index, i.context === null ? undefined : slots[i.context] as Context); return;
      case 'self': regs[i.dst] = this.frame.self; return;
      case 'saveClosure': slots[i.slot] = this.frame.closure; return;
      case 'newContext':
        slots[i.slot] = { parent: i.parent === null ? undefined : slots[i.parent] as Context, words: i.holes.map((h) => (h ? HOLE : undefined)) };
        return;
      case 'loadContext': {
        const v = contextAt(slots[i.slot] as Context, i.hops).words[i.index];
        if (i.check && v === HOLE) throw new ReferenceError(`Cannot access '${i.name}' before initialization`);
        regs[i.dst] = v;
        return;
      }
      case 'storeContext': {
        const c = contextAt(slots[i.slot] as Context, i.hops);
        if (i.check && c.words[i.index] === HOLE) throw new ReferenceError(`Cannot access '${i.name}' before initialization`);
        c.words[i.index] = regs[i.src];
        return;
      }
      case 'isArray': regs[i.dst] = Array.isArray(regs[i.src]); return;
      case 'isFunction': regs[i.dst] = typeof regs[i.src] === 'function'; return;
      case 'isObject': { const x = regs[i.src]; regs[i.dst] = (typeof x === 'object' && x !== null && !Array.isArray(x)) || typeof x === 'function'; return; }
      case 'checkMethod': void (regs[i.object] as Obj)[i.name]; return; // throws node's TypeError for null and undefined
      case 'callMethod': regs[i.dst] = ((regs[i.object] as Obj)[i.name] as Fn).apply(regs[i.object], i.args.map(r)); return;
      case 'copy': regs[i.dst] = regs[i.src]; return;
      case 'loadLocal': regs[i.dst] = slots[i.slot]; return;
      case 'storeLocal': slots[i.slot] = regs[i.src]; return;
      case 'checkGlobal': return this.check(i.global, i.name);
      case 'loadGlobal': regs[i.dst] = this.globals[i.global]?.value; return;
      case 'storeGlobal': this.globals[i.global] = { state: 'ok', value: regs[i.src] }; return;
      case 'binary': regs[i.dst] = BINARY[i.operator](r(i.left), r(i.right)); return;
      case 'unary': regs[i.dst] = UNARY[i.operator](r(i.src)); return;
      case 'call': regs[i.dst] = (regs[i.callee] as Fn).apply(i.thisArg === null ? undefined : regs[i.thisArg], i.args.map(r)); return;
      case 'newObject': {
        const c = regs[i.callee];
        if (typeof c !== 'function' || !('prototype' in c)) throw new TypeError(`${i.calleeName} is not a constructor`);
        const proto: unknown = (c as { prototype: unknown }).prototype;
        regs[i.dst] = Object.create(typeof proto === 'object' && proto !== null || typeof proto === 'function' ? proto as object : Object.prototype);
        return;
      }
      case 'constructResult': {
        const x = regs[i.result];
        regs[i.dst] = (typeof x === 'object' && x !== null) || typeof x === 'function' ? x : regs[i.object];
        return;
      }
      case 'saveThis': slots[i.slot] = this.frame.thisValue; return;
      case 'this':
        if (typeof slots[i.slot] !== 'object' && typeof slots[i.slot] !== 'function' || slots[i.slot] === null) throw new Error('this as the global object or a wrapper is not modelled');
        regs[i.dst] = slots[i.slot];
        return;
      case 'callBuiltin': regs[i.dst] = this.builtin(i.builtin, i.args.map((a) => regs[a])); return;
      case 'array': regs[i.dst] = arrayOf(i.elements.map((e) => (e === null ? HOLE : regs[e]))); return;
      case 'getIndex': regs[i.dst] = (regs[i.object] as Obj)[regs[i.index] as PropertyKey]; return;
      case 'setIndex': sloppySet(regs[i.object], regs[i.index], regs[i.src]); return;
      case 'length': regs[i.dst] = (regs[i.object] as { length: unknown }).length; return;
      case 'object': {
        const o: Obj = {};
        i.names.forEach((n, k) => { o[n] = regs[i.values[k] as number]; });
        regs[i.dst] = o;
        return;
      }
      case 'getProp': regs[i.dst] = (regs[i.object] as Obj)[i.name]; return;
      case 'setProp': sloppySet(regs[i.object], i.name, regs[i.src]); return;
      case 'delete': regs[i.dst] = delete (regs[i.object] as Obj)[regs[i.index] as PropertyKey]; return;
    }
  }

  private check(global: number, name: string): void {
    const state = this.globals[global]?.state;
    if (state === 'uninitialized') throw new ReferenceError(`Cannot access '${name}' before initialization`);
    if (state === 'absent') throw new ReferenceError(`${name} is not defined`);
  }

  private builtin(b: BuiltinFn, args: unknown[]): unknown {
    if (b === 'console.log' || b === 'print') return void this.out.push(format(...args));
    if (b === 'Array') return Array(...args);
    const host = globalThis as unknown as Record<string, new (m: unknown) => object>;
    if (b.startsWith('host ')) {
      const [owner, fn] = b.slice(5).split('.');
      const holder = (fn === undefined ? globalThis : (globalThis as unknown as Record<string, object>)[owner ?? '']) as Record<string, Fn>;
      return (holder[fn ?? owner ?? ''] as Fn)(...args);
    }
    if (b.startsWith('new ')) return new (host[b.slice(4)] as new (m: unknown) => object)(args[0]);
    if (b.startsWith('instanceof ')) return args[0] instanceof (host[b.slice(11)] as new (m: unknown) => object);
    const [self, ...rest] = args;
    if (b === 'push') return (self as { push: Fn }).push(...rest);
    if (b === 'pop') return (self as { pop: Fn }).pop();
    return (Math as unknown as Record<string, Fn>)[b.slice('Math.'.length)]?.(...args);
  }
}

const HOLE = Symbol('hole');

/** A context of captured variables (the IR's newContext). */
interface Context {
  readonly parent: Context | undefined;
  readonly words: unknown[];
}

function contextAt(c: Context, hops: number): Context {
  let at = c;
  for (let h = 0; h < hops; h++) {
    if (at.parent === undefined) throw new Error('context chain too short');
    at = at.parent;
  }
  return at;
}

/** `o[k] = v` in sloppy mode (this module is strict): storing to a primitive is silently dropped, as in node's scripts. */
const sloppySet = new Function('o', 'k', 'v', 'o[k] = v;') as (o: unknown, k: unknown, v: unknown) => void;

function arrayOf(elements: unknown[]): unknown[] {
  const a: unknown[] = [];
  a.length = elements.length;
  elements.forEach((e, k) => { if (e !== HOLE) a[k] = e; });
  return a;
}
