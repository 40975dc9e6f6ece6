/**
 * Runs a program end to end: parse, subset check, IR, then the simulated machine under the
 * SDK (docs/jit-design.md). A compiler thread compiles the script, the engine's stubs, and
 * then each function on its first call, while N executor threads run the program under the
 * machine's deterministic scheduler (jit/engine/compiler.ts); every executor runs the whole
 * program with its own heap, globals and output, sharing the code.
 *
 * Exit codes: 0 success; 2 the program is not in the subset or not valid JavaScript (the
 * `FILE:line:col: ...` message); 3 an executor stopped where node would throw (ReferenceError,
 * TypeError, RangeError: stack overflow), where pkjit cannot answer as node would, where the
 * guest heap ran out, or on the step budget (guest instructions, and the work of runtime calls:
 * jit/runtime/work-meter.ts). With exit 3 the output printed before the
 * stop is kept (it is node's output too) and `error` says why; pkjit never prints node's
 * uncaught-exception text itself.
 */
import { Machine, type MachineOptions } from '../../mpk-hw/index.js';
import type { AuditSink } from '../../sdk/audit/log.js';
import { Sandbox } from '../../sdk/sandbox.js';
import type { SdkThread } from '../../sdk/threads.js';
import { GATE_FUNCTIONS } from '../backend/lower.js';
import { JitError } from '../errors.js';
import { parseProgram } from '../frontend/parse.js';
import { checkSubset } from '../frontend/subset.js';
import { buildProgram } from '../ir/build.js';
import type { IrProgram } from '../ir/ir.js';
import { GuestHeap } from '../runtime/heap.js';
import { ShapeTable } from '../runtime/shapes.js';
import { boxString } from '../runtime/values.js';
import { ProgramCompiler } from './compiler.js';
import { makeExecutorState, type ExecutorState } from './executor-state.js';
import { ENGINE_FUNCTIONS, runtimeFunctions } from './runtime-functions.js';

export { GuestThrow } from './runtime-functions.js';

/** Options of a run. */
export interface RunOptions {
  /**
   * Most guest instructions each executor may retire, and most steps of work its runtime calls
   * may do (jit/runtime/work-meter.ts: one per QWORD of guest memory they touch); default 50
   * million each.
   */
  readonly maxSteps?: number;
  /** Guest heap size of each executor, in bytes (default 16 MiB). */
  readonly heapBytes?: number;
  /** Guest stack size of each executor, in bytes, above a guard page (default 1 MiB). */
  readonly stackBytes?: number;
  /** Executor threads running the program at once (default 1). */
  readonly executors?: number;
  /** Seed of the scheduler's interleaving (default 1). */
  readonly seed?: number;
  /** The SDK's W^X policy (default 'pkey'). */
  readonly policy?: 'pkey' | 'mprotect';
  /** Compile every function on first call (default) or all before the run. */
  readonly lazy?: boolean;
  /** Where the audit log goes, besides memory. */
  readonly audit?: readonly AuditSink[];
  /** Called with the machine before the sandbox is made on it (for monitors, e.g. a retire hook). */
  readonly onMachine?: (machine: Machine) => void;
  /** The machine's translator (MachineOptions.translate; default on, false interprets only). */
  readonly translate?: MachineOptions['translate'];
}

/** Counters of a run. */
export interface RunStats {
  /** Functions compiled (the script included) and functions in the program (the script included). */
  readonly functionsCompiled: number;
  readonly functions: number;
  readonly codeBytes: number;
  /** Guest instructions retired by all executors. */
  readonly instructions: number;
  /** Simulated cycles of the process (every thread). */
  readonly cycles: number;
  readonly runtimeCalls: number;
  /** Steps of work the executors' runtime calls were charged (jit/runtime/work-meter.ts), all executors. */
  readonly runtimeSteps: number;
  /** Heap bytes used by executor 0 (strings and arrays it made). */
  readonly heapBytes: number;
  /** Write windows opened, PKRU flips and page-permission changes recorded, faults recorded. */
  readonly windows: number;
  readonly flips: number;
  readonly faults: number;
  /** Modelled W^X permission cycles and executor stall cycles (sdk stats). */
  readonly permissionCycles: number;
  readonly stallCycles: number;
  /**
   * Host time in ms: parsing (acorn + subset check + IR), setting up the sandbox (machine, gate,
   * engine stubs), compiling (lowering, window, seal, publish of every compiled function and the
   * script) and running (the scheduler's run, less the compiling done during it).
   */
  readonly parseMs: number;
  readonly setupMs: number;
  readonly compileMs: number;
  readonly runMs: number;
  /** Shapes (hidden classes) made, IC words patched into code, IC patches the verifier refused, megamorphic IC sites. */
  readonly shapes: number;
  readonly icPatches: number;
  readonly icRefused: number;
  readonly icMegamorphic: number;
  /** Blocks the machine's translator compiled and the guest instructions retired in them (0 when interpreting). */
  readonly translatedBlocks: number;
  readonly translatedInstructions: number;
}

/** The result of a run. */
export interface RunResult {
  /** The lines the program printed (without newlines), every executor's in executor order. */
  readonly output: string[];
  /** Each executor's lines. */
  readonly outputs: string[][];
  /** 0, 2 (refused before running) or 3 (stopped while running). */
  readonly exitCode: number;
  /** Why the run was refused or stopped (exit codes 2 and 3). */
  readonly error?: string;
  readonly stats: RunStats;
}

/** Default guest stack of an executor: 1 MiB (node's default V8 stack is about 984 KiB). */
const DEFAULT_STACK = 1024 * 1024;

const ZERO_STATS: RunStats = {
  functionsCompiled: 0, functions: 0, codeBytes: 0, instructions: 0, cycles: 0, runtimeCalls: 0, runtimeSteps: 0, heapBytes: 0,
  windows: 0, flips: 0, faults: 0, permissionCycles: 0, stallCycles: 0, parseMs: 0, setupMs: 0, compileMs: 0, runMs: 0,
  translatedBlocks: 0, translatedInstructions: 0, shapes: 0, icPatches: 0, icRefused: 0, icMegamorphic: 0,
};

/** Parses and checks `source`; a refusal is returned as a RunResult with exit code 2. */
export function compileToIr(source: string, file: string): IrProgram | RunResult {
  try {
    const program = parseProgram(source, file);
    const scopes = checkSubset(program, file);
    const ir = buildProgram(program, scopes, file);
    // ir.functions are the scope analysis's functions after the script, in the same order; each
    // one's text is what Function.prototype.toString gives (`'' + f`, ECMA-262 20.2.3.5).
    const fns = scopes.functions.filter((f) => f !== scopes.script);
    if (fns.length !== ir.functions.length || fns.some((f, i) => f.name !== ir.functions[i]?.name)) {
      throw new JitError('INVARIANT', `the ${fns.length} analyzed functions are not the IR's ${ir.functions.length} functions`, {});
    }
    return { ...ir, sources: fns.map((f) => source.slice(f.node.start, f.node.end)) };
  } catch (e) {
    if (e instanceof JitError && (e.code === 'UNSUPPORTED' || e.code === 'SYNTAX')) {
      return { output: [], outputs: [], exitCode: 2, error: e.message, stats: ZERO_STATS };
    }
    throw e;
  }
}

/** Compiles and runs `source` (named `file` in messages). */
export function runProgram(source: string, file: string, opts: RunOptions = {}): RunResult {
  const t0 = performance.now();
  const ir = compileToIr(source, file);
  if (!('script' in ir)) return ir;
  return execute(ir, file, opts, performance.now() - t0);
}

/** The machine, the sandbox and the compiler of one program, ready to run (or to list). */
export interface Prepared {
  readonly machine: Machine;
  readonly sbx: Sandbox;
  readonly compiler: ProgramCompiler;
  readonly compilerThread: SdkThread;
  readonly constants: GuestHeap;
  readonly shapes: ShapeTable;
}

/** Builds the sandbox, installs the runtime gate, compiles the script and the engine stubs. */
export function prepare(ir: IrProgram, file: string, opts: RunOptions,
  executors: Map<number, ExecutorState>): Prepared {
  const n = opts.executors ?? 1;
  const machine = new Machine({ cpus: Math.min(8, n + 1), ...(opts.translate !== undefined ? { translate: opts.translate } : {}) });
  opts.onMachine?.(machine);
  const sbx = new Sandbox(machine, {
    policy: opts.policy ?? 'pkey', guestData: true, ...(opts.audit !== undefined ? { audit: opts.audit } : {}),
  });
  const compilerThread = sbx.spawn(sbx.owner, 'compiler');
  const mem = sbx.owner.ut;
  // String constants are runtime data: written by the runtime side, read-only for executors.
  const constantsBytes = 4096 + [ir.script, ...ir.functions].reduce((n, f) => n + f.blocks.reduce((m, b) => m +
    b.insts.reduce((k, i) => k + (i.op === 'const' && typeof i.value === 'string' ? 16 + 2 * i.value.length : 0), 0), 0), 0)
    + ir.functions.reduce((n, f) => n + 16 + 2 * f.name.length, 0);
  const constantsStart = sbx.createRuntimeData('string constants', constantsBytes);
  const constants = new GuestHeap(mem, constantsStart, constantsStart + constantsBytes);
  const strings = new Map<string, bigint>();
  let compiler: ProgramCompiler | null = null;
  const shapes = new ShapeTable();
  const fns = runtimeFunctions({
    ir, file, mem, executors, shapes,
    get compiler(): ProgramCompiler {
      if (compiler === null) throw new JitError('INVARIANT', 'runtime call before the compiler exists', {});
      return compiler;
    },
  });
  for (const name of [...GATE_FUNCTIONS, ...ENGINE_FUNCTIONS]) sbx.runtime.define(name, fns[name]);
  const gate = sbx.runtime.install(compilerThread);
  compiler = new ProgramCompiler(sbx, compilerThread, ir, {
    gateTable: gate.table, gateIndex: gate.index, globalCount: ir.globals.length,
    stringConstant: (s: string): bigint => {
      let v = strings.get(s);
      if (v === undefined) strings.set(s, (v = boxString(constants.allocString(s))));
      return v;
    },
  });
  const script = compiler.compileScript();
  compiler.installStubs(script.alloc);
  return { machine, sbx, compiler, compilerThread, constants, shapes };
}

function execute(ir: IrProgram, file: string, opts: RunOptions, parseMs: number): RunResult {
  const n = opts.executors ?? 1;
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new JitError('INVARIANT', `executors must be 1..64 (got ${n})`, {});
  const executors = new Map<number, ExecutorState>();
  const t1 = performance.now();
  const p = prepare(ir, file, opts, executors);
  if (opts.lazy === false) p.compiler.compileAll();
  const prepMs = performance.now() - t1;
  const { machine, sbx, compiler } = p;
  const maxSteps = opts.maxSteps ?? 50_000_000;
  const sched = sbx.machine.scheduler({ seed: opts.seed ?? 1, threadBudget: maxSteps });
  const stubs = compiler.engineStubs;
  const threads: SdkThread[] = [];
  // Every executor's heap and stack is mapped and tagged before the first executor exists: a
  // thread that has run loads the mm on its CPU, and every later tag would shoot that CPU's
  // TLB down (bench: 105 -> 33 shootdowns of setup at 8 executors).
  const executorStates = Array.from({ length: n }, (_, i) => makeExecutorState(sbx, i, ir.globals, ir.functions.length,
    { heapBytes: opts.heapBytes ?? 16 * 1024 * 1024, stackBytes: opts.stackBytes ?? DEFAULT_STACK, runtimeSteps: maxSteps }));
  for (const st of executorStates) {
    const t = sbx.spawn(sbx.owner, 'executor', st.stackTop);
    executors.set(t.tid, st);
    threads.push(t);
  }
  for (const t of threads) sbx.start(sched, t, stubs.alloc, [executors.get(t.tid)?.globals ?? 0], stubs.thunk);
  const allEnded = (): boolean => threads.every((t) => t.ut.task.dead || sched.overBudget.has(t.ut.task));
  // Stop-the-world for the mprotect policy: the SDK refuses to make code pages writable under
  // a running thread; held executors (between two instructions) do not count as running.
  const stopTheWorld = (): (() => void) => sbx.hold(sched, threads);
  const serving = compiler.serve(allEnded, stopTheWorld);
  sched.addHost(p.compilerThread.ut.task, serving);
  const t2 = performance.now();
  const r = sched.run(maxSteps * n);
  const runMs = performance.now() - t2;
  // A run stopped mid-compile (the step budget) leaves the compiler coroutine suspended inside
  // a window: ending it runs its finally blocks (the window closes, held executors are released).
  serving.return();

  const states = threads.map((t) => executors.get(t.tid) as ExecutorState);
  threads.forEach((t, i) => {
    const s = states[i] as ExecutorState;
    if (s.end !== null) return;
    const d = sbx.lastFault(t.tid);
    if (d !== undefined && d.address >= s.guard.start && d.address < s.guard.end) {
      // node's words; its limit (about 10,000 small frames) is not the same as this stack's.
      s.end = { kind: 'stopped', message: `${file}: uncaught RangeError: Maximum call stack size exceeded ` +
        `(the guest stack of ${Math.round((opts.stackBytes ?? DEFAULT_STACK) / 1024)} KiB is full; node's own limit differs)` };
    } else if (d !== undefined) {
      throw new JitError('INVARIANT', `executor ${i} faulted: ${d.code} at 0x${d.address.toString(16)} (${d.pitfall})`, {});
    } else if (sched.overBudget.has(t.ut.task) || r.reason === 'budget') {
      s.end = { kind: 'stopped', message: `${file}: stopped after ${maxSteps} guest instructions (--max-steps)` };
    } else {
      throw new JitError('INVARIANT', `executor ${i} did not finish (${r.reason}: ${r.blocked.join('; ')})`, {});
    }
  });
  const stopped = states.find((s) => s.end?.kind === 'stopped') ?? states.find((s) => s.end?.kind === 'threw');
  sbx.close();
  const records = sbx.records();
  const costs = sbx.stats().costs;
  const compileMs = [...compiler.compiled.values()].reduce((t, c) => t + c.compileMs, 0);
  const scriptMs = compiler.compiled.get(-1)?.compileMs ?? 0;
  const eagerMs = opts.lazy === false ? compileMs - scriptMs : 0;
  const stats: RunStats = {
    functionsCompiled: compiler.compiled.size,
    functions: ir.functions.length + 1,
    codeBytes: [...compiler.compiled.values()].reduce((k, c) => k + c.code.length, 0),
    instructions: r.instructions,
    cycles: sbx.owner.ut.task.process.counters.cycles,
    runtimeCalls: sbx.runtime.calls,
    runtimeSteps: states.reduce((n, s) => n + s.meter.used, 0),
    heapBytes: states[0]?.heap.used ?? 0,
    windows: records.filter((x) => x.kind === 'window.open').length,
    flips: records.filter((x) => x.kind === 'pkru' || x.kind === 'mprotect' || x.kind === 'pkey_mprotect').length,
    faults: records.filter((x) => x.kind === 'fault').length,
    permissionCycles: costs.permissionCycles,
    stallCycles: costs.executorStallCycles,
    parseMs, setupMs: Math.max(0, prepMs - scriptMs - eagerMs), compileMs, runMs: Math.max(0, runMs - (compileMs - scriptMs - eagerMs)),
    translatedBlocks: machine.translator?.stats.translated ?? 0,
    translatedInstructions: machine.translator?.stats.retired ?? 0,
    shapes: p.shapes.size,
    icPatches: compiler.ic.patches,
    icRefused: compiler.ic.refused,
    icMegamorphic: compiler.ic.megamorphic,
  };
  const outputs = states.map((s) => s.output);
  const base = { output: outputs.flat(), outputs, stats };
  if (stopped?.end?.kind === 'stopped') return { ...base, exitCode: 3, error: stopped.end.message };
  if (stopped?.end?.kind === 'threw') return { ...base, exitCode: 1, error: stopped.end.message };
  return { ...base, exitCode: 0 };
}
