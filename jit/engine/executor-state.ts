/**
 * What each executor thread owns: its guest heap (arrays and strings it makes), its globals
 * array (in that heap, reached by JIT code through R15), its guest stack with a guard page,
 * the lines it printed, why it stopped, if it did, and the steps its runtime calls did (its
 * heap and the runtime reach guest memory through a view that charges them: work-meter.ts).
 * Executors share the code, the string
 * constants (immutable, in the compiler's constants heap) and nothing else, so every executor
 * runs the whole program as `node FILE` would.
 */
import { MAP_ANONYMOUS, MAP_PRIVATE, PROT_NONE, PROT_READ, PROT_WRITE } from '../../mpk-hw/kernel/constants.js';
import { PAGE_SIZE } from '../../mpk-hw/phys-mem.js';
import type { UserThread } from '../../mpk-hw/user-thread.js';
import type { Sandbox } from '../../sdk/sandbox.js';
import type { IrGlobal } from '../ir/ir.js';
import { JitError } from '../errors.js';
import { GuestHeap, type GuestMemory } from '../runtime/heap.js';
import { WorkMeter, meteredMemory } from '../runtime/work-meter.js';
import { HOLE, UNDEFINED } from '../runtime/values.js';
import { allocFunction } from '../runtime/functions.js';

/** How an executor's run ended. */
export type ExecutorEnd =
  | { readonly kind: 'finished' }
  /** Stopped where node would throw, or where pkjit cannot answer as node would: the message. */
  | { readonly kind: 'stopped'; readonly message: string }
  /** An exception nothing caught: node exits 1 with it on stderr; the message names it. */
  | { readonly kind: 'threw'; readonly message: string };

/** One executor's private state. */
export interface ExecutorState {
  /** Executor number, 0-based, in start order. */
  readonly index: number;
  /** Guest memory as this executor's runtime calls reach it: every access charged to `meter`. */
  readonly mem: GuestMemory;
  /** Steps of this executor's runtime calls, against its --max-steps. */
  readonly meter: WorkMeter;
  readonly heap: GuestHeap;
  /** Address of global 0 (8 bytes per global). */
  readonly globals: number;
  /** The guard page below the stack: a fault there is a stack overflow. */
  readonly guard: { readonly start: number; readonly end: number };
  /** Top of the stack (the thread's initial RSP). */
  readonly stackTop: number;
  readonly output: string[];
  end: ExecutorEnd | null;
  /** The exception propagating (compiled code holds THROWN in RAX meanwhile), or null. */
  pending: bigint | null;
  /** Where the last `throw` statement was (line, column), or null for one the runtime raised. */
  thrownAt: { readonly line: number; readonly column: number } | null;
}

/** Maps `bytes` of read/write memory on behalf of `mem`'s process; throws when the kernel refuses. */
export function mapMemory(mem: UserThread, bytes: number, what: string): number {
  const at = mem.mmap(0, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS);
  if (at < 0) throw new JitError('INVARIANT', `mmap of ${what} (${bytes} bytes) failed: ${at}`, {});
  return at;
}

/** Sizes and budgets of one executor. */
export interface ExecutorLimits {
  /** Guest heap, in bytes. */
  readonly heapBytes: number;
  /** Guest stack above its guard page, in bytes. */
  readonly stackBytes: number;
  /** Most steps its runtime calls may do (work-meter.ts): the run's --max-steps. */
  readonly runtimeSteps: number;
}

/**
 * Makes an executor's heap (with its globals array at the start), on the sandbox's guest-data
 * key, and its stack: `stackBytes` of read/write memory above one PROT_NONE guard page, as a
 * thread library maps it.
 */
export function makeExecutorState(sbx: Sandbox, index: number, globals: readonly IrGlobal[], functions: number,
  limits: ExecutorLimits): ExecutorState {
  const { heapBytes, stackBytes } = limits;
  const mem = sbx.owner.ut;
  const meter = new WorkMeter(limits.runtimeSteps);
  const metered = meteredMemory(mem, meter);
  const heapStart = sbx.createGuestData(`executor ${index}'s heap`, heapBytes);
  const heap = new GuestHeap(metered, heapStart, heapStart + heapBytes);
  const table = heap.alloc(Math.max(8, 8 * (globals.length + functions)));
  // A global in its TDZ or not yet created holds HOLE, which no JS value boxes to (values.ts).
  globals.forEach((g, i) => mem.write64(table + 8 * i, g.initial === 'undefined' ? UNDEFINED : HOLE));
  // Then the executor's function object of each top-level function (the `func` instruction's value).
  for (let f = 0; f < functions; f++) mem.write64(table + 8 * (globals.length + f), allocFunction(heap, f, 0));
  const base = mapMemory(mem, stackBytes + PAGE_SIZE, `executor ${index}'s stack`);
  const r = mem.mprotect(base, PAGE_SIZE, PROT_NONE);
  if (r < 0) throw new JitError('INVARIANT', `mprotect of the stack guard page failed: ${r}`, {});
  return {
    index, mem: metered, meter, heap, globals: table, guard: { start: base, end: base + PAGE_SIZE }, stackTop: base + PAGE_SIZE + stackBytes,
    output: [], end: null, pending: null, thrownAt: null,
  };
}
