/**
 * The W^X policy's costs split into setup and per window, from the audit log and the process's
 * counters (mpk-hw/costs.ts). An audit sink reads the counters at every record: what changed
 * since the record before is the cost of the operation the record reports (every SDK flip, mprotect
 * and pkey_mprotect is recorded right after it is made). A record belongs to a window when it
 * names one (the pkey policy's WRPKRU pair), when it is an mprotect made for one (reason
 * `window wN` / `window wN closed`), or when it is a window's stall (`quiesce`); the rest is
 * setup: pkey_alloc, tagging regions, runtime data and heaps with pkey_mprotect, guard pages,
 * and the TLB shootdowns they cause on every CPU that has the mm loaded.
 *
 * Setup is measured on its own too (setupBench), in two orders: the engine's (each executor's heap
 * is tagged, then its thread spawned, so every later tag shoots down the CPUs the earlier
 * executors were placed on) and a careful embedder's (every heap and the SDK's own region
 * created before the first executor is spawned, when only the compiler's CPU has the mm loaded).
 */
import type { Machine } from '../mpk-hw/machine.js';
import type { CostModel } from '../mpk-hw/costs.js';
import type { Process } from '../mpk-hw/kernel/task.js';
import type { AuditRecord } from '../sdk/audit/schema.js';
import { core } from '../sdk/sandbox.js';
import type { SdkThread } from '../sdk/threads.js';
import { compileToIr, prepare, runProgram } from '../jit/engine/engine.js';
import { makeExecutorState, type ExecutorState } from '../jit/engine/executor-state.js';

/** Permission-change events and the cycles they cost under the cost model. */
export interface PermissionTally {
  wrpkru: number;
  mprotectCalls: number;
  mprotectPages: number;
  pkeyMprotectCalls: number;
  pkeyMprotectPages: number;
  tlbShootdowns: number;
  /** Modelled cycles of the events above (as sdk/stats.ts counts permissionCycles). */
  cycles: number;
}

const EVENTS = ['wrpkru', 'mprotectCalls', 'mprotectPages', 'pkeyMprotectCalls', 'pkeyMprotectPages', 'tlbShootdowns'] as const;

/** An empty tally. */
export function emptyTally(): PermissionTally {
  return { wrpkru: 0, mprotectCalls: 0, mprotectPages: 0, pkeyMprotectCalls: 0, pkeyMprotectPages: 0, tlbShootdowns: 0, cycles: 0 };
}

/** The cycles of `t`'s events under `m`. */
export function tallyCycles(t: Omit<PermissionTally, 'cycles'>, m: CostModel): number {
  return t.wrpkru * m.wrpkru + t.mprotectCalls * m.mprotectCall + t.mprotectPages * m.mprotectPerPage +
    t.pkeyMprotectCalls * m.pkeyMprotectCall + t.pkeyMprotectPages * m.pkeyMprotectPerPage + t.tlbShootdowns * m.tlbShootdownPerCpu;
}

/** Whether a record is part of a write window (its flips, its mprotects, its stall). */
export function isWindowRecord(r: Pick<AuditRecord, 'kind' | 'window' | 'reason'>): boolean {
  if (r.window !== undefined || r.kind === 'quiesce') return true;
  return r.kind === 'mprotect' && /^window w\d+( closed)?$/.test(r.reason ?? '');
}

/** Costs split at the audit records: inside windows and outside them. */
export class CostSplit {
  readonly window = emptyTally();
  readonly outside = emptyTally();
  /** Write windows opened (window.open records), and executor stall cycles (quiesce records). */
  windows = 0;
  stallCycles = 0;
  #machine: Machine | null = null;
  #last: Record<string, number> = {};

  /** The machine whose (only) process is measured: pass as RunOptions.onMachine. */
  readonly onMachine = (m: Machine): void => { this.#machine = m; };

  /** The audit sink: pass in RunOptions.audit. */
  readonly sink = { write: (r: AuditRecord): void => this.record(r) };

  private process(): Process {
    const p = this.#machine === null ? undefined : [...this.#machine.kernel.processes.values()][0];
    if (p === undefined) throw new Error('CostSplit: no machine or process (pass onMachine)');
    return p;
  }

  private record(r: AuditRecord): void {
    this.take(isWindowRecord(r) ? this.window : this.outside);
    if (r.kind === 'window.open') this.windows++;
    if (r.kind === 'quiesce') this.stallCycles += Number(r.detail?.['stalledCycles'] ?? 0);
  }

  /** Counts what changed since the last record as outside windows (call when done). */
  settle(): void {
    this.take(this.outside);
  }

  private take(to: PermissionTally): void {
    const p = this.process();
    for (const e of EVENTS) {
      const now = p.counters[e];
      to[e] += now - (this.#last[e] ?? 0);
      this.#last[e] = now;
    }
    to.cycles = tallyCycles(to, this.#machine?.kernel.config.costs as CostModel);
  }
}

/** One (policy, executors) row: the whole run split into setup and per-window costs. */
export interface WxRow {
  readonly policy: 'pkey' | 'mprotect';
  readonly executors: number;
  readonly windows: number;
  /** Permission cycles outside windows (setup, engine order) and inside them. */
  readonly setupCycles: number;
  readonly setupShootdowns: number;
  readonly windowCycles: number;
  /** Per window: permission cycles, TLB shootdowns, executor stall cycles. */
  readonly cyclesPerWindow: number;
  readonly shootdownsPerWindow: number;
  readonly stallPerWindow: number;
  /** The run's permissionCycles (sdk stats): setupCycles + windowCycles. */
  readonly permissionCycles: number;
  /** Setup measured alone, in the engine's order and tagging before any executor is spawned. */
  readonly setup: { readonly engine: PermissionTally; readonly tagFirst: PermissionTally };
  readonly wallMs: number;
}

/** Runs `src` with `n` executors under `policy`; the split of its costs and the run's permissionCycles. */
export function splitRun(src: string, policy: 'pkey' | 'mprotect', n: number): { split: CostSplit; permissionCycles: number; wallMs: number } {
  const split = new CostSplit();
  const t0 = performance.now();
  const r = runProgram(src, 'policy.js', { executors: n, policy, seed: 1, onMachine: split.onMachine, audit: [split.sink] });
  const wallMs = performance.now() - t0;
  split.settle();
  if (r.exitCode !== 0) throw new Error(`policy workload: exit ${r.exitCode}: ${r.error ?? ''}`);
  return { split, permissionCycles: r.stats.permissionCycles, wallMs };
}

/** The engine's sizes of an executor (jit/engine/engine.ts defaults). */
const LIMITS = { heapBytes: 16 * 1024 * 1024, stackBytes: 1024 * 1024, runtimeSteps: 50_000_000 };

/**
 * The setup of a run alone, up to the last executor's start (nothing runs): the permission costs
 * outside windows. 'engine' orders it as jit/engine/engine.ts does (every heap, then the spawns;
 * the SDK's own region at the first start); 'tag-first' also makes the SDK's region before
 * spawning any executor.
 */
export function setupBench(src: string, policy: 'pkey' | 'mprotect', n: number, order: 'engine' | 'tag-first'): PermissionTally {
  const ir = compileToIr(src, 'policy.js');
  if (!('script' in ir)) throw new Error(`policy workload refused: ${ir.error ?? ''}`);
  const split = new CostSplit();
  const executors = new Map<number, ExecutorState>();
  const p = prepare(ir, 'policy.js', { executors: n, policy, onMachine: split.onMachine, audit: [split.sink] }, executors);
  const sched = p.sbx.machine.scheduler({ seed: 1 });
  const make = (i: number): ExecutorState => makeExecutorState(p.sbx, i, ir.globals, ir.functions.length, LIMITS);
  const spawn = (st: ExecutorState): SdkThread => {
    const t = p.sbx.spawn(p.sbx.owner, 'executor', st.stackTop);
    executors.set(t.tid, st);
    return t;
  };
  // Both make every heap first, as the engine does since 5833266; 'tag-first' also makes the
  // SDK's own region before the first spawn (the engine leaves that to the first start).
  const states = Array.from({ length: n }, (_, i) => make(i));
  if (order === 'tag-first') core(p.sbx).code.returnAddress();
  const threads: SdkThread[] = states.map(spawn);
  const stubs = p.compiler.engineStubs;
  for (const t of threads) p.sbx.start(sched, t, stubs.alloc, [executors.get(t.tid)?.globals ?? 0], stubs.thunk);
  split.settle();
  return { ...split.outside };
}

/** The W^X section: both policies, each executor count, side by side in one run. */
export function wxBench(src: string, executors: readonly number[], progress: (what: string) => void): WxRow[] {
  const rows: WxRow[] = [];
  for (const n of executors) {
    for (const policy of ['pkey', 'mprotect'] as const) {
      progress(`W^X policy: ${policy}, ${n} executor${n === 1 ? '' : 's'}`);
      const { split, permissionCycles, wallMs } = splitRun(src, policy, n);
      const w = Math.max(1, split.windows);
      rows.push({
        policy, executors: n, windows: split.windows,
        setupCycles: split.outside.cycles, setupShootdowns: split.outside.tlbShootdowns, windowCycles: split.window.cycles,
        cyclesPerWindow: split.window.cycles / w, shootdownsPerWindow: split.window.tlbShootdowns / w, stallPerWindow: split.stallCycles / w,
        permissionCycles,
        setup: { engine: setupBench(src, policy, n, 'engine'), tagFirst: setupBench(src, policy, n, 'tag-first') },
        wallMs,
      });
    }
  }
  return rows;
}
