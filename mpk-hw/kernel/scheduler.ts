/**
 * A deterministic scheduler: simulated threads over the machine's hardware threads, time
 * slices of a quantum of instructions, seeded preemption points, blocking and wake-up.
 * Guest threads run instructions on a core; host-driven threads run as coroutines whose
 * every memory access and PKRU write still goes through the machine under their own PKRU.
 * The same seed always gives the same interleaving.
 */
import type { CpuException } from '../fault.js';
import type { HwThread } from '../hw-thread.js';
import type { RegisterFile } from '../cpu/regs.js';
import { MpkHwError } from '../errors.js';
import { TaskGone, type Kernel } from './kernel.js';
import { deliverPending } from './signals.js';
import { guestSyscall } from './syscalls.js';
import type { Task } from './task.js';
import { handleException } from './traps.js';
import { noteFault } from '../guest.js';

/** Why a core stopped running a thread. */
export type CoreExit =
  | { readonly kind: 'syscall' }
  | { readonly kind: 'exception'; readonly exception: CpuException }
  | { readonly kind: 'budget' };

/** What the scheduler needs of a processor core (mpk-hw/cpu's Cpu is one). */
export interface Core {
  /** Runs instructions from `regs` until an exit or `budget` instructions have retired. */
  run(regs: RegisterFile, budget: number): CoreExit;
  /** Counters; `instructions` is the number retired so far. */
  readonly stats: { readonly instructions: number };
}

/** Builds the core of a hardware thread. */
export type CoreFactory = (hw: HwThread) => Core;

/** What a host coroutine yields to wait: it runs again once `until()` holds. */
export interface HostWait {
  readonly until: () => boolean;
  /** What it waits for (for deadlock reports). */
  readonly why: string;
}

/** A host-driven thread's body: yields between operations (or a HostWait to block). */
export type HostBody = Generator<HostWait | undefined, void, undefined>;

/** Scheduling options. */
export interface SchedulerOptions {
  /** Instructions per time slice (default 200). */
  readonly quantum?: number;
  /** Seed of the preemption points and of the order within each round (default 1). */
  readonly seed?: number;
  /** End slices at random points in 1..quantum (default true). */
  readonly randomPreemption?: boolean;
  /**
   * Most instructions one guest thread may retire in all; a thread that reaches it is no longer
   * scheduled (it stays alive, in `overBudget`). Default: no limit.
   */
  readonly threadBudget?: number;
}

/** How a run ended. */
export interface RunResult {
  readonly reason: 'done' | 'deadlock' | 'budget';
  /** Guest instructions retired during the run. */
  readonly instructions: number;
  /** Slices and host steps scheduled. */
  readonly slices: number;
  /** Threads still blocked at the end, with what they wait for. */
  readonly blocked: readonly string[];
}

interface Entry {
  readonly task: Task;
  readonly host: HostBody | null;
  wait: HostWait | null;
  done: boolean;
  /** Instructions this guest thread retired under this scheduler. */
  retired: number;
}

/** mulberry32: a small deterministic PRNG. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let x = Math.imul(s ^ (s >>> 15), s | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 2 ** 32;
  };
}

/** The scheduler of one machine. */
export class Scheduler {
  readonly kernel: Kernel;
  private readonly cores: Core[];
  private readonly entries: Entry[] = [];
  private readonly quantum: number;
  private readonly random: boolean;
  private readonly rng: () => number;
  private readonly threadBudget: number;
  /** Guest threads that reached the thread budget (see SchedulerOptions.threadBudget). */
  readonly overBudget = new Set<Task>();

  constructor(kernel: Kernel, makeCore: CoreFactory, opts: SchedulerOptions = {}) {
    this.kernel = kernel;
    this.cores = kernel.cpus.map(makeCore);
    this.quantum = Math.max(1, Math.floor(opts.quantum ?? 200));
    this.random = opts.randomPreemption ?? true;
    this.rng = prng(opts.seed ?? 1);
    this.threadBudget = opts.threadBudget ?? Infinity;
  }

  /** Runs `task` as a guest thread from `entry` (its RIP). */
  addGuest(task: Task, entry: number): void {
    task.guest = true;
    task.regs.rip = entry;
    this.entries.push({ task, host: null, wait: null, done: false, retired: 0 });
  }

  /** Runs a host coroutine as the body of a host-driven thread `task`. */
  addHost(task: Task, body: HostBody): void {
    this.entries.push({ task, host: body, wait: null, done: false, retired: 0 });
  }

  /**
   * Threads held at an instruction boundary: not scheduled until released (how a runtime stops
   * the world at a safepoint, e.g. to change the protection of code other threads run).
   */
  readonly held = new Set<Task>();

  private ready(e: Entry): boolean {
    if (e.done || e.task.dead || this.held.has(e.task)) return false;
    if (e.host !== null) return e.wait === null || e.wait.until();
    return e.task.futexWait === null;
  }

  /** Runs until every thread has finished, all are blocked, or `maxInstructions` retired. */
  run(maxInstructions = 10_000_000): RunResult {
    let instructions = 0;
    let slices = 0;
    // One array for every round (no allocation per round; the same rng draws in the same order).
    const ready = this.readyBuf;
    for (;;) {
      ready.length = 0;
      for (const e of this.entries) {
        if (e.task.dead) e.done = true;
        if (this.ready(e)) ready.push(e);
      }
      if (ready.length === 0) {
        const blocked = this.entries.filter((e) => !e.done).map((e) => this.describeWait(e));
        return { reason: blocked.length === 0 ? 'done' : 'deadlock', instructions, slices, blocked };
      }
      this.shuffle(ready);
      for (const e of ready) {
        if (instructions >= maxInstructions) return { reason: 'budget', instructions, slices, blocked: [] };
        if (!this.ready(e)) continue;
        slices++;
        instructions += this.step(e, maxInstructions - instructions);
      }
    }
  }

  private describeWait(e: Entry): string {
    const what = this.held.has(e.task) ? 'release (held)'
      : e.host !== null ? e.wait?.why ?? 'nothing' : `futex 0x${(e.task.futexWait ?? 0).toString(16)}`;
    return `thread ${e.task.tid} waits for ${what}`;
  }

  private shuffle(a: Entry[]): void {
    for (let i = a.length - 1; i > 0; i--) {
      const j = Math.floor(this.rng() * (i + 1));
      const t = a[i] as Entry;
      a[i] = a[j] as Entry;
      a[j] = t;
    }
  }

  /** The ready entries of the current round (reused). */
  private readonly readyBuf: Entry[] = [];

  /** One slice of a guest thread or one step of a host coroutine; returns instructions retired. */
  private step(e: Entry, budgetLeft: number): number {
    try {
      if (e.host !== null) {
        const r = e.host.next();
        if (r.done === true) e.done = true;
        else e.wait = r.value ?? null;
        return 0;
      }
      const retired = this.slice(e.task, Math.min(budgetLeft, this.threadBudget - e.retired));
      e.retired += retired;
      if (e.retired >= this.threadBudget && !e.task.dead) {
        e.done = true;
        this.overBudget.add(e.task);
      }
      return retired;
    } catch (err) {
      if (!(err instanceof TaskGone)) throw err;
      e.done = true;
      // The slice ran before its last instruction ended the thread (exit, a fatal signal): its
      // instructions were retired and charged, and count like any others.
      e.retired += this.sliceRetired;
      return this.sliceRetired;
    }
  }

  /** Instructions the current slice retired so far (read when the slice ends its thread). */
  private sliceRetired = 0;

  private slice(task: Task, budgetLeft: number): number {
    this.sliceRetired = 0;
    const k = this.kernel;
    deliverPending(k, task);
    const hw = k.ensureOnCpu(task);
    const core = this.cores[hw.id];
    if (core === undefined) throw new MpkHwError('INVARIANT', `no core for CPU ${hw.id}`);
    const n = this.random ? 1 + Math.floor(this.rng() * this.quantum) : this.quantum;
    const before = core.stats.instructions;
    const exit = core.run(task.regs, Math.min(n, budgetLeft));
    const retired = core.stats.instructions - before;
    this.sliceRetired = retired;
    k.charge(task, null, retired);
    if (exit.kind === 'syscall') guestSyscall(k, task);
    else if (exit.kind === 'exception') {
      noteFault(k, task, retired, exit.exception.message);
      handleException(k, task, exit.exception);
    }
    return retired;
  }
}
