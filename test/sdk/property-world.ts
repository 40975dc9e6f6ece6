/**
 * One random run of the SDK property tests: a sandbox on a fresh machine, code regions under
 * key pressure, and one host coroutine per thread (compilers, executors, the SDK's runtime
 * thread, and threads spawned on the way), interleaved by machine.scheduler({ seed }).  Each
 * coroutine yields between operations; after every operation (and inside every signal
 * handler) the machine-level invariants of property-invariants.ts are checked.
 *
 * The World keeps a model of every allocation: its state, its exact bytes as the operations
 * wrote them, and its open windows.  property-steps.ts (compiler operations) and
 * property-threads.ts (spawns, signals, entries) apply an operation and check the SDK's
 * answer (a result, or the SdkError code) against the model.
 */
import { Machine, SIGTRAP, SIGUSR1, TaskGone, type HostBody, type RunResult, type Scheduler } from '../../mpk-hw/index.js';
import { verifyLog, type VerifyReport } from '../../sdk/audit/check.js';
import { MemorySink } from '../../sdk/audit/log.js';
import type { Allocation, AllocState } from '../../sdk/code-region.js';
import { Sandbox } from '../../sdk/sandbox.js';
import type { SdkThread } from '../../sdk/threads.js';
import type { WriteWindow } from '../../sdk/write-window.js';
import { machineProblems } from './property-invariants.js';
import type { Op, Scenario } from './property-ops.js';
import { runnable } from './property-model.js';
import { applyOp, describeOp, onSignal, onTrap } from './property-threads.js';

/** Sequences that are legal API use but that the SDK gets wrong; off in the green properties. */
export interface Flags {
  /** In `throwIn`, leave the nested window open when the callback throws (else it is closed first). */
  readonly leakNested?: boolean;
  /** Also check invariant (f): no forbidden sequence overlaps published code, seams included. */
  readonly checkSeams?: boolean;
}

/** What the model knows of one allocation. */
export interface AllocModel {
  readonly a: Allocation;
  /** Its bytes as the operations wrote them (FN_SIZE): the staging image, then (patched) the code. */
  readonly bytes: Uint8Array;
  /** What its code pages hold: int3 until publish copies `bytes` in, and again after retire. */
  readonly code: Uint8Array;
  /** Whether its functions contain an int3 (the executor then stops in the SIGTRAP handler). */
  readonly trap: boolean;
  state: AllocState;
}

/** A window as the model knows it. */
export interface WinModel {
  readonly w: WriteWindow;
  readonly m: AllocModel;
}

/** Counters of what a run exercised. */
export interface RunStats {
  steps: number;
  entries: number;
  traps: number;
  signals: number;
  spawns: number;
  refusals: number;
  patches: number;
  seals: number;
  evictions: number;
  /** Functions compiled inside a SIGUSR1 handler. */
  handlerCompiles: number;
}

/** One run. */
const WORLD_KEY = new Uint8Array(32).fill(0x3c);

export class World {
  readonly scenario: Scenario;
  readonly sbx: Sandbox;
  readonly mem = new MemorySink();
  readonly sched: Scheduler;
  readonly flags: Flags;
  /** Every allocation, in reservation order. */
  readonly allocs: AllocModel[] = [];
  /** Windows each thread opened (open and closed), in order, by tid. */
  readonly windows = new Map<number, WinModel[]>();
  /** The compilers created before the run. */
  readonly compilers: SdkThread[];
  readonly stats: RunStats = { steps: 0, entries: 0, traps: 0, signals: 0, spawns: 0, refusals: 0, patches: 0, seals: 0, evictions: 0,
    handlerCompiles: 0 };
  /** How often each SdkError code was (rightly) thrown. */
  readonly refusedCodes = new Map<string, number>();
  /** What a compiler raising SIGUSR1 compiles in its handler, or null. */
  compileInHandler: Extract<Op, { t: 'raise' }> | null = null;
  /** The allocation an executor is running now (inside enter), or null. */
  running: AllocModel | null = null;
  /** Coroutines of threads that may write code and have not finished their program. */
  private writers = 0;
  /** The last operations, for failure messages. */
  private readonly trace: string[] = [];
  /** Programs not yet handed to spawned threads. */
  private readonly pools: { compiler: Array<readonly Op[]>; executor: Array<readonly Op[]> };

  constructor(scenario: Scenario, flags: Flags = {}) {
    this.scenario = scenario;
    this.flags = flags;
    // A fixed key and log id: the same scenario writes the same log, byte for byte.
    this.sbx = new Sandbox(new Machine(), { audit: { sinks: [this.mem], key: WORLD_KEY, logId: 'f'.repeat(32) }, codeKeys: scenario.codeKeys });
    this.sched = this.sbx.machine.scheduler({ seed: scenario.seed });
    this.pools = { compiler: [...scenario.spawned.compiler], executor: [...scenario.spawned.executor] };
    for (let i = 0; i < scenario.regions; i++) this.sbx.createRegion(`r${i}`, 4096);
    this.sbx.sigaction(SIGUSR1, (ctx) => this.inHandler(ctx.thread.tid, 'SIGUSR1'));
    this.sbx.sigaction(SIGTRAP, (ctx) => this.inHandler(ctx.thread.tid, 'SIGTRAP'));
    this.compilers = scenario.compilers.map((p) => this.start(this.sbx.spawn(this.sbx.owner, 'compiler'), p));
    for (const p of scenario.executors) this.start(this.sbx.spawn(this.sbx.owner, 'executor'), p);
    this.start(this.sbx.owner, scenario.runtime);
  }

  /** Adds a thread's program to the scheduler. */
  start(t: SdkThread, program: readonly Op[]): SdkThread {
    this.sched.addHost(t.ut.task, this.body(t, program));
    return t;
  }

  /** A thread spawned by an operation: it runs the next program of its role (or none). */
  spawned(child: SdkThread, role: 'compiler' | 'executor'): void {
    this.stats.spawns++;
    this.start(child, this.pools[role].shift() ?? []);
  }

  private *body(t: SdkThread, program: readonly Op[]): HostBody {
    if (t.canWriteCode) this.writers++;
    for (const op of program) {
      yield undefined;
      // An executor waits for code to run while some compiler may still publish it.
      if (op.t === 'enter' && !op.wild && !this.allocs.some(runnable)) {
        yield { until: () => this.writers === 0 || this.allocs.some(runnable), why: 'published code' };
      }
      const what = `thread ${t.tid} (${t.roleName}): ${describeOp(op)}`;
      this.trace.push(what);
      try {
        applyOp(this, t, op);
      } catch (e) {
        throw this.failure(what, e instanceof TaskGone ? `the thread died: ${e.message}` : e instanceof Error ? e.message : String(e));
      }
      this.stats.steps++;
      this.check(what);
    }
    if (t.canWriteCode) this.writers--;
  }

  private inHandler(tid: number, sig: 'SIGUSR1' | 'SIGTRAP'): void {
    if (sig === 'SIGUSR1') this.stats.signals++;
    else this.stats.traps++;
    const t = this.sbx.threads.get(tid);
    if (t === undefined) throw new Error(`${sig} on thread ${tid}, which the SDK does not know`);
    this.check(`in the ${sig} handler of thread ${tid}`, t);
    if (sig === 'SIGTRAP') onTrap(this, t);
    else onSignal(this, t);
  }

  /** Windows `t` holds open now, oldest first. */
  openOf(t: SdkThread): WinModel[] {
    return (this.windows.get(t.tid) ?? []).filter((x) => !x.w.closed);
  }

  /** Throws when an invariant does not hold on the machine; `inHandler` is a thread running a handler. */
  check(where: string, inHandler?: SdkThread): void {
    const problems = machineProblems(this, inHandler);
    if (problems.length > 0) throw this.failure(where, `invariants broken:\n  ${problems.join('\n  ')}`);
  }

  private failure(where: string, message: string): Error {
    return new Error(`seed ${this.scenario.seed}, codeKeys ${this.scenario.codeKeys}: ${where}: ${message}\n` +
      `last steps:\n  ${this.trace.slice(-12).join('\n  ')}`);
  }

  /** Runs every coroutine to its end, closes leftover windows, closes the log and verifies it. */
  run(): { result: RunResult; report: VerifyReport; text: string } {
    const result = this.sched.run();
    for (const list of this.windows.values()) for (const x of [...list].reverse()) if (!x.w.closed) this.closeWindow(x);
    this.check('after the run');
    this.stats.evictions = this.sbx.keyStats().evictions;
    this.sbx.close();
    const text = this.mem.text();
    return { result, report: verifyLog(text), text };
  }

  /** Closes a window and updates the model. */
  closeWindow(x: WinModel): void {
    x.w.close();
  }

  /** Windows open on an allocation now. */
  windowsOn(m: AllocModel): number {
    let n = 0;
    for (const list of this.windows.values()) for (const x of list) if (x.m === m && !x.w.closed) n++;
    return n;
  }
}
