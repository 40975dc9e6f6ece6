/**
 * Runs a program end to end: parse, subset check, IR, x86-64 (jit/backend/lower.ts), then the
 * simulated machine under the SDK: a compiler thread emits, seals and publishes every function
 * (eager compilation, one allocation per function in one code region), an executor thread runs
 * the top level; every operation reaches the host runtime (jit/runtime) through the SDK's gate.
 *
 * Memory: the guest heap (strings, arrays) is an ordinary key-0 mapping made by the sandbox's
 * owner thread; the runtime reads and writes it through the owner's UserThread. Globals are
 * kept host-side, in this module, behind loadGlobal/storeGlobal/checkGlobal runtime calls.
 * The function table (code address of each declared function) is runtime data: written by the
 * compiler side, read-only for the executor.
 *
 * Exit codes: 0 success; 2 the program is not in the subset or not valid JavaScript (the
 * `FILE:line:col: ...` message); 3 the run stopped where node would throw (ReferenceError,
 * TypeError, RangeError) or where pkjit cannot answer as node would, or the guest faulted
 * (stack overflow) or ran out of its instruction budget. With exit 3 the output printed before
 * the stop is kept (it is node's output too) and `error` says `FILE: uncaught <Type>: <message>`
 * or what else stopped the run; pkjit never prints node's uncaught-exception text itself.
 */
import { Machine } from '../../mpk-hw/index.js';
import { MAP_ANONYMOUS, MAP_PRIVATE, PROT_READ, PROT_WRITE } from '../../mpk-hw/kernel/constants.js';
import { Sandbox } from '../../sdk/sandbox.js';
import { JitError } from '../errors.js';
import { parseProgram } from '../frontend/parse.js';
import { checkSubset } from '../frontend/subset.js';
import { buildProgram } from '../ir/build.js';
import type { IrProgram } from '../ir/ir.js';
import {
  BINARY_OPS, MATH_FUNCTION_NAMES, UNARY_OPS, arrayNew, binary, getIndex, length, log, mathCall, pop, push, setIndex, truthy,
  type Runtime,
} from '../runtime/builtins.js';
import { GuestHeap } from '../runtime/heap.js';
import type { FunctionInfo } from '../runtime/host-values.js';
import { HOLE, UNDEFINED, boxArray, boxString, functionIndex, tagOf } from '../runtime/values.js';
import { unary } from '../runtime/builtins.js';
import { CHECK_KINDS, GATE_FUNCTIONS, lowerFunction, type GateFunction } from '../backend/lower.js';
import type { RuntimeFunction } from '../../sdk/runtime-gate.js';

/** Options of a run. */
export interface RunOptions {
  /** Most guest instructions the top level may retire (default 50 million). */
  readonly maxSteps?: number;
  /** Guest heap size in bytes (default 4 MiB). */
  readonly heapBytes?: number;
}

/** Counters of a run. */
export interface RunStats {
  readonly functions: number;
  readonly codeBytes: number;
  readonly instructions: number;
  readonly runtimeCalls: number;
  readonly heapBytes: number;
}

/** The result of a run. */
export interface RunResult {
  /** The lines the program printed (without newlines). */
  readonly output: string[];
  /** 0, 2 (refused before running) or 3 (stopped while running). */
  readonly exitCode: number;
  /** Why the run was refused or stopped (exit codes 2 and 3). */
  readonly error?: string;
  readonly stats: RunStats;
}

/** An error node would throw at run time (the run stops with exit code 3). */
export class GuestThrow extends Error {
  constructor(readonly errorName: string, message: string) {
    super(message);
    this.name = 'GuestThrow';
  }
}

const EMPTY_STATS: RunStats = { functions: 0, codeBytes: 0, instructions: 0, runtimeCalls: 0, heapBytes: 0 };

/** Compiles and runs `source` (named `file` in messages). */
export function runProgram(source: string, file: string, opts: RunOptions = {}): RunResult {
  let ir: IrProgram;
  try {
    const program = parseProgram(source, file);
    const scopes = checkSubset(program, file);
    ir = buildProgram(program, scopes, file);
  } catch (e) {
    if (e instanceof JitError && (e.code === 'UNSUPPORTED' || e.code === 'SYNTAX')) {
      return { output: [], exitCode: 2, error: e.message, stats: EMPTY_STATS };
    }
    throw e;
  }
  return execute(ir, file, opts);
}

function execute(ir: IrProgram, file: string, opts: RunOptions): RunResult {
  const output: string[] = [];
  const sbx = new Sandbox(new Machine());
  const compiler = sbx.spawn(sbx.owner, 'compiler');
  const executor = sbx.spawn(sbx.owner, 'executor');
  const mem = sbx.owner.ut;
  const heapBytes = opts.heapBytes ?? 4 * 1024 * 1024;
  const heapStart = mem.mmap(0, heapBytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS);
  if (heapStart < 0) throw new JitError('INVARIANT', `mmap of the guest heap failed (${heapStart})`, {});
  const heap = new GuestHeap(mem, heapStart, heapStart + heapBytes);
  const functionNames: FunctionInfo[] = ir.functions.map((f) => ({ name: f.name, length: f.params }));
  const rt: Runtime = { heap, mem, functionNames };

  // Globals, host-side: value, or null while absent / in the TDZ.
  const globals: (bigint | null)[] = ir.globals.map((g) => (g.initial === 'undefined' ? UNDEFINED : null));
  const globalAt = (i: bigint): number => {
    const n = Number(i);
    if (n < 0 || n >= globals.length) throw new JitError('INVARIANT', `global ${n} does not exist`, {});
    return n;
  };
  const args = (addr: bigint, count: bigint): bigint[] =>
    Array.from({ length: Number(count) }, (_, i) => mem.read64(Number(addr) + 8 * i));
  const arg = (a: readonly bigint[], i: number): bigint => a[i] ?? 0n;
  const table = <T>(list: readonly T[], i: bigint): T => {
    const x = list[Number(i)];
    if (x === undefined) throw new JitError('INVARIANT', `operator index ${i} out of range`, {});
    return x;
  };

  const impl: Record<GateFunction, RuntimeFunction> = {
    binary: (a) => binary(rt, table(BINARY_OPS, arg(a, 0)), arg(a, 1), arg(a, 2)),
    unary: (a) => unary(rt, table(UNARY_OPS, arg(a, 0)), arg(a, 1)),
    truthy: (a) => truthy(rt, arg(a, 0)),
    getIndex: (a) => getIndex(rt, arg(a, 0), arg(a, 1)),
    setIndex: (a) => setIndex(rt, arg(a, 0), arg(a, 1), arg(a, 2)),
    length: (a) => length(rt, arg(a, 0)),
    arrayNew: (a) => arrayNew(rt, arg(a, 0)),
    arrayLit: (a) => {
      const values = args(arg(a, 0), arg(a, 1));
      const addr = heap.allocArray(values.length);
      values.forEach((v, i) => { if (v !== HOLE) heap.arraySet(addr, i, v); });
      return boxArray(addr);
    },
    push: (a) => push(rt, arg(a, 0), args(arg(a, 1), arg(a, 2))),
    pop: (a) => pop(rt, arg(a, 0)),
    mathCall: (a) => mathCall(rt, table(MATH_FUNCTION_NAMES, arg(a, 0)), args(arg(a, 1), arg(a, 2))),
    log: (a) => {
      output.push(log(rt, args(arg(a, 0), arg(a, 1))));
      return UNDEFINED;
    },
    loadGlobal: (a) => globals[globalAt(arg(a, 0))] ?? UNDEFINED,
    storeGlobal: (a) => {
      globals[globalAt(arg(a, 0))] = arg(a, 1);
      return UNDEFINED;
    },
    checkGlobal: (a) => {
      const n = globalAt(arg(a, 0));
      if (globals[n] !== null) return UNDEFINED;
      const name = ir.globals[n]?.name ?? '?';
      if (table(CHECK_KINDS, arg(a, 1)) === 'tdz') throw new GuestThrow('ReferenceError', `Cannot access '${name}' before initialization`);
      throw new GuestThrow('ReferenceError', `${name} is not defined`);
    },
    callTarget: (a) => {
      const v = arg(a, 0);
      if (tagOf(v) !== 'function') throw new GuestThrow('TypeError', `a ${tagOf(v)} value is not a function`);
      const i = functionIndex(v);
      if (i < 0 || i >= ir.functions.length) throw new JitError('INVARIANT', `function ${i} does not exist`, {});
      return BigInt(i);
    },
  };
  for (const name of GATE_FUNCTIONS) sbx.runtime.define(name, impl[name]);
  const gate = sbx.runtime.install(compiler);

  const functionTable = sbx.createRuntimeData('function table', Math.max(8, 8 * ir.functions.length));
  const strings = new Map<string, bigint>();
  const env = {
    gateTable: gate.table, gateIndex: gate.index, functionTable,
    stringConstant: (s: string): bigint => {
      let v = strings.get(s);
      if (v === undefined) {
        v = boxString(heap.allocString(s));
        strings.set(s, v);
      }
      return v;
    },
  };
  const codes = [ir.script, ...ir.functions].map((f) => lowerFunction(f, env));
  const codeBytes = codes.reduce((n, c) => n + c.length, 0);
  const region = sbx.createRegion('code', codeBytes + 64 * codes.length + 4096);
  const allocs = codes.map((code, i) => {
    const al = sbx.reserve(region, code.length, i === 0 ? 'script' : `function ${ir.functions[i - 1]?.name ?? '?'}`);
    sbx.withWindow(compiler, al, { reason: 'emit' }, (w) => w.write(0, code));
    sbx.seal(al);
    sbx.publish(al);
    return al;
  });
  allocs.slice(1).forEach((al, i) => compiler.ut.write64(functionTable + 8 * i, BigInt(al.start)));

  const script = allocs[0];
  if (script === undefined) throw new JitError('INVARIANT', 'no script code', {});
  const stats = (instructions: number): RunStats => ({
    functions: codes.length, codeBytes, instructions, runtimeCalls: sbx.runtime.calls, heapBytes: heap.used,
  });
  
  try {
    const r = sbx.enter(executor, script, [], { budget: opts.maxSteps ?? 50_000_000 });
    return { output, exitCode: 0, stats: stats(r.instructions) };
  } catch (e) {
    return { output, exitCode: 3, error: stopMessage(file, e, opts), stats: stats(0) };
  }
}

function stopMessage(file: string, e: unknown, opts: RunOptions): string {
  if (e instanceof GuestThrow) return `${file}: uncaught ${e.errorName}: ${e.message}`;
  if (e instanceof JitError) {
    if (e.code === 'RANGE_ERROR' || e.code === 'TYPE_ERROR') return `${file}: uncaught ${e.name}: ${e.message}`;
    if (e.code === 'UNSUPPORTED_AT_RUN_TIME' || e.code === 'OUT_OF_HEAP') return `${file}: ${e.message}`;
  }
  if (e instanceof Error && 'code' in e && e.code === 'BUDGET') {
    return `${file}: stopped after ${opts.maxSteps ?? 50_000_000} guest instructions (--max-steps)`;
  }
  const msg = e instanceof Error ? e.message : String(e);
  return `${file}: the guest stopped (stack overflow or fault): ${msg}`;
}
