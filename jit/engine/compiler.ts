/**
 * The compiler side of the engine, run by the compiler thread: the engine's own stubs, the
 * script, and each function on its first call (lazy compilation, docs/jit-design.md).
 *
 * Calls between JS functions go through the function table in runtime data (`call [table +
 * 8*index]` with the index in RAX and the argument count in RCX; jit/backend/lower.ts). Every
 * entry starts as the address of the lazy trampoline; compiling function i writes its code
 * address into entry i with one aligned 8-byte store, so a call site either still reaches the
 * trampoline or already reaches the code, never a torn address. That table entry is the call
 * site's patch point: the code itself is never rewritten.
 *
 * The lazy trampoline (executor side) asks the runtime to compile function i (`compileRequest`
 * returns 0 once it is compiled, else queues it and returns 1), and while the answer is 1
 * waits on the function's state word with FUTEX_WAIT (the word is 0 until the compiler
 * publishes the code, sets it to 1 and wakes the waiters), then jumps through the table.
 *
 * The compiler thread is a host coroutine under the machine's scheduler: between steps the
 * executors run. With the pkey policy its write window stays open across steps (only the
 * compiler's PKRU grants the write), so executors keep running code of the same region while a
 * function is emitted; with the mprotect policy the window's pages are not executable while
 * it is open, so the executors are held at a safepoint (stop-the-world) for the whole compile.
 */
import { FUTEX_PRIVATE_FLAG, FUTEX_WAIT, FUTEX_WAKE, SYS } from '../../mpk-hw/kernel/constants.js';
import type { HostBody } from '../../mpk-hw/kernel/scheduler.js';
import type { Allocation, CodeRegion } from '../../sdk/code-region.js';
import type { Sandbox } from '../../sdk/sandbox.js';
import type { SdkThread } from '../../sdk/threads.js';
import { lowerFunctionWithSites, type IcSite, type LowerEnv, type Site } from '../backend/lower.js';
import { icWord } from '../backend/fast-props.js';
import { VerifyError } from '../../sdk/seal.js';
import { movConstant } from '../backend/safe-constants.js';
import { JitError } from '../errors.js';
import type { IrFunction, IrProgram } from '../ir/ir.js';
import { Assembler, qword, rax, rcx, rdi, rdx, rsi, rsp, r10, r11, r15, eax, edi, edx, esi, r10d } from '../x64/index.js';

/** Bytes written per scheduler step inside a pkey write window (executors run in between). */
const WINDOW_CHUNK = 64;

/** Runs a compiler coroutine to its end in one go, outside any scheduler. */
function runToEnd(steps: HostBody): void {
  for (let r = steps.next(); r.done !== true; r = steps.next()) { /* each step continues at once */ }
}

/** What the compiler knows of a function (index -1 is the script). */
export interface CompiledFunction {
  readonly name: string;
  readonly alloc: Allocation;
  readonly code: Uint8Array;
  /** Its sites (property ICs, object literals), by site number. */
  readonly sites: readonly Site[];
  /** Host time spent lowering it, in milliseconds. */
  readonly lowerMs: number;
  /** Host time spent compiling it in all (lowering, window, seal, publish; not the time between steps), ms. */
  readonly compileMs: number;
}

/** Where the engine stubs are. */
interface Stubs {
  readonly alloc: Allocation;
  /** Offset of the executor entry thunk (RDI = globals array): runs the script, then exits. */
  readonly thunk: number;
  /** Address of the lazy trampoline. */
  readonly lazy: number;
}

/**
 * The state of a property IC (fast-props.ts): nothing cached yet, one shape cached (or its
 * patch queued), or megamorphic: it has seen another shape, or its patch was refused, and
 * nothing more is cached (the cached shape, if any, keeps its fast path).
 */
export type IcState =
  | { readonly kind: 'uninitialized' }
  | { readonly kind: 'monomorphic'; readonly shape: number; readonly slot: number; readonly patched: boolean }
  | { readonly kind: 'megamorphic' };

/** Counters of the inline caches. */
export interface IcStats {
  /** IC words rewritten (each an audited SDK patch). */
  patches: number;
  /** Patches the SDK's verifier refused (the site went megamorphic). */
  refused: number;
  /** Sites that went megamorphic. */
  megamorphic: number;
}

/** A queued IC patch. */
interface IcPatch {
  readonly index: number;
  readonly k: number;
}

/** The code of one program: region, tables, compiled functions, pending requests. */
export class ProgramCompiler {
  readonly region: CodeRegion;
  /** Address of the function table (runtime data: 8 bytes per function). */
  readonly functionTable: number;
  /** Address of the state words (runtime data: 4 bytes per function, 1 once compiled). */
  readonly stateWords: number;
  readonly compiled = new Map<number, CompiledFunction>();
  /** Functions requested by executors and not yet compiled, in request order. */
  readonly queue: number[] = [];
  private readonly queued = new Set<number>();
  private stubs: Stubs | null = null;
  /** IC state of each property site, by `index:k`. */
  private readonly icStates = new Map<string, IcState>();
  /** IC patches asked for by executors' slow paths, in order; the compiler thread makes them. */
  readonly patches: IcPatch[] = [];
  readonly ic: IcStats = { patches: 0, refused: 0, megamorphic: 0 };

  constructor(
    private readonly sbx: Sandbox,
    private readonly compiler: SdkThread,
    private readonly ir: IrProgram,
    private readonly env: Omit<LowerEnv, 'functionTable'>,
  ) {
    const n = Math.max(1, ir.functions.length);
    this.functionTable = sbx.createRuntimeData('function table', 8 * n);
    this.stateWords = sbx.createRuntimeData('function states', 4 * n);
    // Code bytes per IR instruction stay well under 256 (a runtime call with its fast path and
    // slow path is about 100), plus a push (at most 16 bytes) per argument or array element.
    const insts = [ir.script, ...ir.functions].flatMap((f) => f.blocks.flatMap((b) => b.insts));
    const pushes = insts.reduce((k, i) => k + ('args' in i ? i.args.length : 'elements' in i ? i.elements.length : 0), 0);
    const probes = [ir.script, ...ir.functions].reduce((k, f) => k + 8 * Math.ceil((f.slotCount + f.vregCount) / 512), 0);
    this.region = sbx.createRegion('code', 8192 + 256 * insts.length + 16 * pushes + probes);
  }

  private get lowerEnv(): LowerEnv {
    return { ...this.env, functionTable: this.functionTable };
  }

  /** Emits the engine's stubs and points every function table entry at the lazy trampoline. */
  installStubs(script: Allocation): Stubs {
    const n = (name: string): number => {
      const i = this.env.gateIndex.get(name);
      if (i === undefined) throw new JitError('INVARIANT', `runtime function ${name} is not installed`, {});
      return this.env.gateTable + 8 * i;
    };
    // Lazy trampoline (offset 0): RAX = function index, RCX = argument count, RDX = `this`,
    // R10 = the function object, arguments on the stack; all four are given to the code as
    // they came. Four pushes and 8 bytes more keep RSP 16-aligned at the gate call.
    const a = new Assembler();
    const again = a.newLabel();
    const ready = a.newLabel();
    a.push(r10).push(rcx).push(rdx).push(rax).sub(rsp, 8);
    a.bind(again);
    a.mov(rdi, qword({ base: rsp, disp: 8 }));
    movConstant(a, r11, BigInt(n('compileRequest')));
    a.call(qword(r11));
    a.test(rax, rax).jcc('e', ready);
    a.mov(rax, qword({ base: rsp, disp: 8 }));
    movConstant(a, rdi, BigInt(this.stateWords));
    a.lea(rdi, qword({ base: rdi, index: rax, scale: 4 }));
    a.mov(esi, FUTEX_WAIT | FUTEX_PRIVATE_FLAG).xor(edx, edx).xor(r10d, r10d).mov(eax, SYS.futex).syscall();
    a.jmp(again);
    a.bind(ready);
    a.add(rsp, 8).pop(rax).pop(rdx).pop(rcx).pop(r10);
    movConstant(a, r11, BigInt(this.functionTable));
    a.jmp(qword({ base: r11, index: rax, scale: 8 }));
    const lazyCode = a.finish();
    // Executor entry thunk: R15 = globals (RDI); call the script with no arguments; report; exit.
    const b = new Assembler();
    b.mov(r15, rdi).xor(eax, eax).mov(rcx, rax);
    movConstant(b, r11, BigInt(script.start));
    b.call(r11);
    b.mov(rdi, rax); // THROWN: an exception nothing caught
    movConstant(b, r11, BigInt(n('finish')));
    b.call(qword(r11));
    b.xor(edi, edi).mov(eax, SYS.exit).syscall().ud2();
    const code = new Uint8Array([...lazyCode, ...b.finish()]);
    const alloc = this.sbx.reserve(this.region, code.length, 'engine stubs');
    this.sbx.withWindow(this.compiler, alloc, { reason: 'engine stubs' }, (w) => w.write(0, code));
    // The only code of the region allowed to contain SYSCALL: the futex wait and the exit.
    this.sbx.seal(alloc, [], { allowSyscall: true });
    this.sbx.publish(alloc);
    this.ir.functions.forEach((_, i) => this.compiler.ut.write64(this.functionTable + 8 * i, BigInt(alloc.start)));
    this.stubs = { alloc, thunk: lazyCode.length, lazy: alloc.start };
    return this.stubs;
  }

  /** Compiles the script in one go (before any executor starts). */
  compileScript(): CompiledFunction {
    runToEnd(this.emit(this.ir.script, 'script', -1, false)); // no executor runs yet
    const c = this.compiled.get(-1);
    if (c === undefined) throw new JitError('INVARIANT', 'the script was not compiled', {});
    return c;
  }

  /** Compiles every function now (eager mode: `pkjit disasm`, and `lazy: false`). */
  compileAll(): void {
    this.ir.functions.forEach((_, i) => {
      runToEnd(this.compileFunction(i, false)); // nothing runs meanwhile
    });
  }

  /** Executor side: 0 if function i is compiled, else queues it (once) and returns 1. */
  request(i: number): bigint {
    if (i < 0 || i >= this.ir.functions.length) throw new JitError('INVARIANT', `function ${i} does not exist`, {});
    if (this.compiled.has(i)) return 0n;
    if (!this.queued.has(i)) {
      this.queued.add(i);
      this.queue.push(i);
    }
    return 1n;
  }

  /** Site `k` of function `index` (-1: the script); the function is compiled (its code calls it). */
  site(index: number, k: number): Site {
    const s = this.compiled.get(index)?.sites[k];
    if (s === undefined) throw new JitError('INVARIANT', `site ${k} of function ${index} does not exist`, {});
    return s;
  }

  /** The state of property IC `k` of function `index`. */
  icState(index: number, k: number): IcState {
    return this.icStates.get(`${index}:${k}`) ?? { kind: 'uninitialized' };
  }

  /**
   * Executor side, from a property site's slow path: the object it saw had shape `shape` with
   * the property in slot `slot` (null: no cacheable answer, e.g. not an object, a dictionary
   * or a missing property). Moves the IC on: uninitialized -> monomorphic (a patch is queued
   * for the compiler thread; the executor never writes code) -> megamorphic.
   */
  icFeedback(index: number, k: number, seen: { readonly shape: number; readonly slot: number } | null): void {
    const key = `${index}:${k}`;
    const state = this.icState(index, k);
    if (state.kind === 'megamorphic' || seen === null) return;
    if (state.kind === 'uninitialized') {
      this.icStates.set(key, { kind: 'monomorphic', shape: seen.shape, slot: seen.slot, patched: false });
      this.patches.push({ index, k });
      return;
    }
    if (state.shape === seen.shape && state.slot === seen.slot) return; // the patch is still queued
    this.icStates.set(key, { kind: 'megamorphic' });
    this.ic.megamorphic++;
  }

  /** Compiler side: writes the IC word of a queued patch (one aligned 8-byte SDK patch). */
  private applyPatch(p: IcPatch): void {
    const state = this.icState(p.index, p.k);
    if (state.kind !== 'monomorphic' || state.patched) return;
    const c = this.compiled.get(p.index);
    const site = c?.sites[p.k];
    if (c === undefined || site === undefined || (site.kind !== 'get' && site.kind !== 'set')) throw new JitError('INVARIANT', `IC patch of a site that is not a property IC`, {});
    const bytes = new Uint8Array(8);
    new DataView(bytes.buffer).setBigUint64(0, icWord(state.shape, state.slot), true);
    const where = `${c.name}:${site.loc.line}:${site.loc.column}`;
    try {
      this.sbx.patch(this.compiler, c.alloc, site.wordOffset, bytes, {
        reason: `inline cache ${icText(site)}: monomorphic, shape ${state.shape}, slot ${state.slot}`, site: where,
      });
    } catch (e) {
      if (!(e instanceof VerifyError)) throw e;
      // The word's bytes would make a forbidden sequence with the code around it: cache nothing.
      this.icStates.set(`${p.index}:${p.k}`, { kind: 'megamorphic' });
      this.ic.refused++;
      this.ic.megamorphic++;
      return;
    }
    this.icStates.set(`${p.index}:${p.k}`, { ...state, patched: true });
    this.ic.patches++;
  }

  /**
   * The compiler thread's body: serves requests until `finished()` holds and none are left.
   * `stopTheWorld` holds the executors at a safepoint and returns their release; the mprotect
   * policy needs it around each window (the pages are not executable while it is open).
   */
  *serve(finished: () => boolean, stopTheWorld: () => () => void): HostBody {
    for (;;) {
      const p = this.patches.shift();
      if (p !== undefined) {
        // mprotect: the patch makes the code pages RW (not executable) for every thread.
        const release = this.sbx.options.policy === 'mprotect' ? stopTheWorld() : null;
        try {
          this.applyPatch(p);
        } finally {
          release?.();
        }
        yield;
        continue;
      }
      if (this.queue.length === 0) {
        if (finished()) return;
        yield { until: () => this.queue.length > 0 || this.patches.length > 0 || finished(), why: 'a compile or patch request' };
        continue;
      }
      const i = this.queue.shift() as number;
      const release = this.sbx.options.policy === 'mprotect' ? stopTheWorld() : null;
      try {
        yield* this.compileFunction(i, true);
      } finally {
        release?.();
      }
    }
  }

  /** Compiles function i: lower, reserve, emit in a window, seal, publish, patch the table, wake. */
  private *compileFunction(i: number, yieldInWindow: boolean): HostBody {
    const f = this.ir.functions[i];
    if (f === undefined) throw new JitError('INVARIANT', `function ${i} does not exist`, {});
    if (this.compiled.has(i)) return;
    yield* this.emit(f, `function ${f.name}`, i, yieldInWindow);
    const c = this.compiled.get(i) as CompiledFunction;
    const t = this.compiler.ut;
    t.write64(this.functionTable + 8 * i, BigInt(c.alloc.start));
    t.write32(this.stateWords + 4 * i, 1);
    const woken = t.syscall(SYS.futex, this.stateWords + 4 * i, FUTEX_WAKE | FUTEX_PRIVATE_FLAG, 0x7fffffff);
    if (woken < 0) throw new JitError('INVARIANT', `futex wake failed: ${woken}`, {});
  }

  private *emit(f: IrFunction, kind: string, index: number, yieldInWindow: boolean): HostBody {
    let t = performance.now();
    let busy = 0;
    const pause = (): void => { busy += performance.now() - t; };
    const resume = (): void => { t = performance.now(); };
    const { code, sites } = lowerFunctionWithSites(f, this.lowerEnv, index);
    const lowerMs = performance.now() - t;
    const alloc = this.sbx.reserve(this.region, code.length, kind);
    if (yieldInWindow) {
      pause();
      yield;
      resume();
      const w = this.sbx.openWindow(this.compiler, alloc, { reason: `compile ${f.name}` });
      try {
        for (let off = 0; off < code.length; off += WINDOW_CHUNK) {
          w.write(off, code.subarray(off, off + WINDOW_CHUNK));
          pause();
          yield;
          resume();
        }
      } finally {
        w.close();
      }
    } else {
      this.sbx.withWindow(this.compiler, alloc, { reason: `compile ${f.name}` }, (w) => w.write(0, code));
    }
    this.sbx.seal(alloc);
    this.sbx.publish(alloc);
    pause();
    this.compiled.set(index, { name: f.name, alloc, code, sites, lowerMs, compileMs: busy });
  }

  /** IC counters and the states of every site that left uninitialized. */
  icSummary(): IcStats & { readonly monomorphic: number } {
    const monomorphic = [...this.icStates.values()].filter((s) => s.kind === 'monomorphic' && s.patched).length;
    return { ...this.ic, monomorphic };
  }

  /** The stubs (after installStubs). */
  get engineStubs(): Stubs {
    if (this.stubs === null) throw new JitError('INVARIANT', 'engine stubs are not installed', {});
    return this.stubs;
  }
}

/** `get .x` / `set .x`, for audit reasons. */
function icText(site: IcSite): string {
  return `${site.kind} .${site.name}`;
}
