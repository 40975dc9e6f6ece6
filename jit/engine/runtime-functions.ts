/**
 * The runtime functions compiled code reaches through the SDK's gate (GATE_FUNCTIONS of
 * jit/backend/lower.ts, plus the engine's own `compileRequest` and `finish`). Each call works
 * on the calling executor's state (its heap, globals and output). An error node would throw,
 * or a result pkjit cannot give as node would, ends the calling executor: its state records
 * the message and the gate ends the thread (EndThread); the other executors run on.
 */
import { EndThread, type RuntimeFunction } from '../../sdk/runtime-gate.js';
import type { SdkThread } from '../../sdk/threads.js';
import type { UserThread } from '../../mpk-hw/user-thread.js';
import { CHECK_KINDS, type GateFunction } from '../backend/lower.js';
import { JitError } from '../errors.js';
import type { IrProgram } from '../ir/ir.js';
import {
  BINARY_OPS, MATH_FUNCTION_NAMES, UNARY_OPS, arrayNew, binary, getIndex, length, log, mathCall, pop, push, setIndex, truthy, unary,
  type Runtime,
} from '../runtime/builtins.js';
import { GuestError, UnsupportedAtRunTimeError, deleteIndex, getProperty, objectLiteral, objectsOf, setProperty } from '../runtime/elements.js';
import { getPrototypeOf, newObject, objectCreate } from '../runtime/prototypes.js';
import type { ShapeTable } from '../runtime/shapes.js';
import { siteOf } from '../backend/lower.js';
import { allocContext, allocFunction } from '../runtime/functions.js';
import { forInHas, forInKeys, iterable, objectKeys } from '../runtime/iteration.js';
import type { FunctionInfo } from '../runtime/host-values.js';
import { HOLE, THROWN, UNDEFINED, boxArray, functionAddr, objectAddr, payloadOf, tagOf } from '../runtime/values.js';
import { errorInstanceOf, errorOf, newError } from '../runtime/guest-errors.js';
import { callMethod, checkMethod, guestHas } from '../runtime/methods.js';
import { ERROR_NAMES, HOST_FUNCTIONS } from '../frontend/builtins.js';
import { hostCall } from '../runtime/host-functions.js';
import { uncaughtMessage } from './uncaught.js';
import { readString } from '../runtime/heap.js';
import type { ExecutorState } from './executor-state.js';
import type { ProgramCompiler } from './compiler.js';

/** An error node would throw at run time (the executor stops; exit code 3). */
export class GuestThrow extends Error {
  constructor(readonly errorName: string, message: string) {
    super(message);
    this.name = 'GuestThrow';
  }
}

/** The message an executor stops with, for an error a runtime function threw; null for bugs. */
export function stopMessage(file: string, e: unknown): string | null {
  if (e instanceof GuestThrow) return `${file}: uncaught ${e.errorName}: ${e.message}`;
  if (e instanceof JitError) {
    if (e instanceof GuestError) return `${file}: uncaught ${e.name}: ${e.message}`;
    if (e.code === 'UNSUPPORTED_AT_RUN_TIME' || e.code === 'OUT_OF_HEAP' || e.code === 'STEPS_EXHAUSTED') return `${file}: ${e.message}`;
  }
  return null;
}

/** Everything the runtime functions need. */
export interface RuntimeContext {
  readonly ir: IrProgram;
  readonly file: string;
  /** Guest memory as the runtime reaches it (the sandbox owner's view). */
  readonly mem: UserThread;
  readonly compiler: ProgramCompiler;
  /** The program's shapes, shared by every executor (the inline caches name them). */
  readonly shapes: ShapeTable;
  /** The executor a thread is, by tid. */
  readonly executors: ReadonlyMap<number, ExecutorState>;
}

/** The engine's runtime functions: the gate functions of the back end, compileRequest and finish. */
export const ENGINE_FUNCTIONS = ['compileRequest', 'finish'] as const;
type EngineFunction = (typeof ENGINE_FUNCTIONS)[number];

/** Builds the runtime functions, by name. */
export function runtimeFunctions(ctx: RuntimeContext): Record<GateFunction | EngineFunction, RuntimeFunction> {
  const { ir, mem } = ctx;
  const functionNames: FunctionInfo[] = ir.functions.map((f, i) => ({ name: f.name, length: f.params, source: ir.sources?.[i], arrow: f.arrow === true }));
  const runtimes = new Map<number, Runtime>();
  const stateOf = (t: SdkThread): ExecutorState => {
    const s = ctx.executors.get(t.tid);
    if (s === undefined) throw new JitError('INVARIANT', `thread ${t.tid} is not an executor`, {});
    return s;
  };
  const rtOf = (s: ExecutorState): Runtime => {
    let rt = runtimes.get(s.index);
    if (rt === undefined) runtimes.set(s.index, (rt = { heap: s.heap, mem: s.mem, functionNames, meter: s.meter, shapes: ctx.shapes }));
    return rt;
  };
  // The callee's text for node's message (a string constant), or a refusal: without V8's text,
  // a catch could print a message that is not node's.
  const sourceTextOf = (text: bigint, what: string): string => {
    if (tagOf(text) === 'string') return readString(mem, payloadOf(text));
    throw new UnsupportedAtRunTimeError(`a TypeError (not a ${what}) for a callee whose text in node's message pkjit does not know`);
  };
  const args = (addr: bigint, count: bigint): bigint[] =>
    Array.from({ length: Number(count) }, (_, i) => mem.read64(Number(addr) + 8 * i));
  const arg = (a: readonly bigint[], i: number): bigint => a[i] ?? 0n;
  const table = <T>(list: readonly T[], i: bigint): T => {
    const x = list[Number(i)];
    if (x === undefined) throw new JitError('INVARIANT', `operator index ${i} out of range`, {});
    return x;
  };
  // Wraps a function of the executor's runtime: an error node would throw becomes the guest's
  // exception (a guest error object, pending; the code gets THROWN and unwinds to its handler);
  // a case pkjit cannot answer ends the executor, recorded.
  const guarded = (fn: (a: readonly bigint[], rt: Runtime, s: ExecutorState) => bigint): RuntimeFunction => (a, caller) => {
    const s = stateOf(caller);
    const rt = rtOf(s);
    try {
      return fn(a, rt, s);
    } catch (e) {
      if (e instanceof GuestThrow || e instanceof GuestError) {
        s.pending = errorOf(rt, e);
        s.thrownAt = null;
        return THROWN;
      }
      const message = stopMessage(ctx.file, e);
      if (message === null) throw e;
      s.end = { kind: 'stopped', message };
      throw new EndThread(message);
    }
  };

  // A property site's slow path: the answer, then what the IC may cache (an own property of a
  // shaped object, found in a slot) reported to the compiler, which patches the code.
  const site = (id: bigint): { index: number; k: number; name: string } => {
    const { index, k } = siteOf(id);
    const s = ctx.compiler.site(index, k);
    if (s.kind !== 'get' && s.kind !== 'set') throw new JitError('INVARIANT', `site ${k} of function ${index} is not a property IC`, {});
    return { index, k, name: s.name };
  };
  const feedback = (rt: Runtime, at: { index: number; k: number; name: string }, obj: bigint): void => {
    if (tagOf(obj) !== 'object') return;
    const shape = objectsOf(rt).shape(objectAddr(obj));
    const slot = shape?.slot(at.name);
    ctx.compiler.icFeedback(at.index, at.k, shape === null || shape === undefined || slot === undefined ? null : { shape: shape.id, slot });
  };

  return {
    binary: guarded((a, rt) => binary(rt, table(BINARY_OPS, arg(a, 0)), arg(a, 1), arg(a, 2))),
    unary: guarded((a, rt) => unary(rt, table(UNARY_OPS, arg(a, 0)), arg(a, 1))),
    truthy: guarded((a, rt) => truthy(rt, arg(a, 0))),
    getIndex: guarded((a, rt) => getIndex(rt, arg(a, 0), arg(a, 1))),
    setIndex: guarded((a, rt) => setIndex(rt, arg(a, 0), arg(a, 1), arg(a, 2))),
    length: guarded((a, rt) => length(rt, arg(a, 0))),
    arrayNew: guarded((a, rt) => arrayNew(rt, arg(a, 0))),
    arrayLit: guarded((a, rt) => {
      const values = args(arg(a, 0), arg(a, 1));
      const addr = rt.heap.allocArray(values.length);
      values.forEach((v, i) => { if (v !== HOLE) rt.heap.arraySet(addr, i, v); });
      return boxArray(addr);
    }),
    push: guarded((a, rt) => push(rt, arg(a, 0), args(arg(a, 1), arg(a, 2)))),
    pop: guarded((a, rt) => pop(rt, arg(a, 0))),
    mathCall: guarded((a, rt) => mathCall(rt, table(MATH_FUNCTION_NAMES, arg(a, 0)), args(arg(a, 1), arg(a, 2)))),
    log: guarded((a, rt, s) => {
      s.output.push(log(rt, args(arg(a, 0), arg(a, 1))));
      return UNDEFINED;
    }),
    // Reached only when the global holds HOLE (lower.ts compares inline).
    checkGlobal: guarded((a, _rt, s) => {
      const g = Number(arg(a, 0));
      const name = ir.globals[g]?.name;
      if (name === undefined) throw new JitError('INVARIANT', `global ${g} does not exist`, {});
      if (mem.read64(s.globals + 8 * g) !== HOLE) return UNDEFINED;
      if (table(CHECK_KINDS, arg(a, 1)) === 'tdz') throw new GuestThrow('ReferenceError', `Cannot access '${name}' before initialization`);
      throw new GuestThrow('ReferenceError', `${name} is not defined`);
    }),
    callTarget: guarded((a) => {
      const v = arg(a, 0);
      // The second argument is the name called, as a string constant (node's message names it).
      if (tagOf(v) !== 'function') {
        throw new GuestThrow('TypeError', `${sourceTextOf(arg(a, 1), 'function')} is not a function`);
      }
      // The function object's address (what the inline path computes too).
      return BigInt(functionAddr(v));
    }),
    objectLit: guarded((a, rt) => {
      const { index, k } = siteOf(arg(a, 0));
      const lit = ctx.compiler.site(index, k);
      if (lit.kind !== 'literal') throw new JitError('INVARIANT', `site ${k} of function ${index} is not an object literal`, {});
      return objectLiteral(rt, lit.names, args(arg(a, 1), arg(a, 2)));
    }),
    getProp: guarded((a, rt) => {
      const at = site(arg(a, 1));
      const v = getProperty(rt, arg(a, 0), at.name);
      feedback(rt, at, arg(a, 0));
      return v;
    }),
    setProp: guarded((a, rt) => {
      const at = site(arg(a, 2));
      // Only a write to an existing property is cached (the shape stays): look before the write.
      const obj = arg(a, 0);
      const had = tagOf(obj) === 'object' && objectsOf(rt).get(objectAddr(obj), at.name) !== undefined;
      const v = setProperty(rt, obj, at.name, arg(a, 1));
      if (had) feedback(rt, at, obj);
      return v;
    }),
    deleteIndex: guarded((a, rt) => deleteIndex(rt, arg(a, 0), arg(a, 1))),
    // A function expression, arrow or inner declaration: a new function object (functions.ts).
    makeClosure: guarded((a, rt) => {
      const index = Number(arg(a, 0));
      if (index < 0 || index >= ir.functions.length) throw new JitError('INVARIANT', `function ${index} does not exist`, {});
      return allocFunction(rt.heap, index, Number(arg(a, 1)));
    }),
    // A call's context of captured variables; the result is its raw address (a frame slot keeps it).
    newContext: guarded((a, rt) => {
      const { index, k } = siteOf(arg(a, 0));
      const site = ctx.compiler.site(index, k);
      if (site.kind !== 'context') throw new JitError('INVARIANT', `site ${k} of function ${index} is not a context`, {});
      return BigInt(allocContext(rt.heap, Number(arg(a, 1)), site.holes));
    }),
    forInKeys: guarded((a, rt) => forInKeys(rt, arg(a, 0))),
    forInHas: guarded((a, rt) => forInHas(rt, arg(a, 0), arg(a, 1))),
    iterable: guarded((a, rt) => iterable(rt, arg(a, 0), arg(a, 1))),
    objectKeys: guarded((a, rt) => objectKeys(rt, args(arg(a, 0), arg(a, 1)))),
    objectCreate: guarded((a, rt) => objectCreate(rt, args(arg(a, 0), arg(a, 1)))),
    getPrototypeOf: guarded((a, rt) => getPrototypeOf(rt, args(arg(a, 0), arg(a, 1)))),
    newObject: guarded((a, rt) => {
      return newObject(rt, arg(a, 0), () => sourceTextOf(arg(a, 1), 'constructor'));
    }),
    // Reached only when `this` is undefined or null (lower.ts compares inline).
    thisGlobal: guarded(() => {
      throw new UnsupportedAtRunTimeError('this as the global object or a primitive\'s wrapper (a function using this called without an object receiver)');
    }),
    // Reached only when a captured let/const holds HOLE (lower.ts compares inline).
    tdzError: guarded((a) => {
      const name = tagOf(arg(a, 0)) === 'string' ? readString(mem, payloadOf(arg(a, 0))) : '?';
      throw new GuestThrow('ReferenceError', `Cannot access '${name}' before initialization`);
    }),
    // `throw v` (the second argument: line << 20 | column of the throw statement; 0 for a
    // finally's rethrow, which keeps where the exception was first thrown).
    throw: guarded((a, _rt, s) => {
      s.pending = arg(a, 0);
      const at = Number(arg(a, 1));
      if (at !== 0) s.thrownAt = { line: Math.floor(at / 2 ** 20), column: at % 2 ** 20 };
      return THROWN;
    }),
    // The first instruction of a catch or finally handler: the exception, no longer pending.
    takeException: guarded((_a, _rt, s) => {
      const v = s.pending;
      if (v === null) throw new JitError('INVARIANT', 'a handler ran with no exception pending', {});
      s.pending = null;
      return v;
    }),
    newError: guarded((a, rt) => newError(rt, table(ERROR_NAMES, arg(a, 0)), args(arg(a, 1), arg(a, 2))[0] ?? UNDEFINED)),
    errorInstanceOf: guarded((a, rt) => errorInstanceOf(rt, table(ERROR_NAMES, arg(a, 0)), arg(a, 1))),
    checkMethod: guarded((a) => {
      checkMethod(arg(a, 0), sourceTextOf(arg(a, 1), 'method'));
      return UNDEFINED;
    }),
    callMethod: guarded((a, rt) => callMethod(rt, arg(a, 0), sourceTextOf(arg(a, 1), 'method'), args(arg(a, 2), arg(a, 3)))),
    guestHas: guarded((a, rt) => guestHas(rt, arg(a, 0), readString(mem, payloadOf(arg(a, 1))))),
    hostCall: guarded((a, rt) => hostCall(rt, table(HOST_FUNCTIONS, arg(a, 0)), args(arg(a, 1), arg(a, 2)))),
    compileRequest: (a) => ctx.compiler.request(Number(arg(a, 0))),
    // The script returned (RAX in the first argument): THROWN means an exception nothing caught.
    finish: (a, caller) => {
      const s = stateOf(caller);
      if (s.end === null && arg(a, 0) === THROWN && s.pending !== null) {
        const message = uncaughtMessage(ctx.file, rtOf(s), s.pending, s.thrownAt);
        s.end = { kind: 'threw', message };
        throw new EndThread(message); // the audit log records why the executor ended
      }
      s.end ??= { kind: 'finished' };
      return 0n;
    },
  };
}
