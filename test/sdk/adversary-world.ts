/**
 * One run of the hostile-control-flow adversary (adversary.test.ts, part 1): a sandbox watched
 * by the fetch monitor, a region of published trampolines (`push rdi; xor edi, edi; ret`), the
 * runtime gate's stubs, and code regions that compiler coroutines fill with allocations in
 * every state (adversary-ops.ts Stop).  Jumper coroutines make executors jump through a
 * trampoline to random addresses in and around every region, host-driven (sbx.enter) or
 * scheduled (sbx.start), all interleaved by machine.scheduler({ seed }).  After every step the
 * invariants of adversary-invariants.ts are checked; every host exception that is not an
 * expected SdkError is collected in `failures`.
 *
 * Why not property-world.ts: its SIGTRAP handler belongs to its model (an executor trapping
 * outside its `enter` ops is an error there), it counts any dead thread as a broken invariant,
 * and its functions' random immediates may hold `EB FE`, on which an unaligned entry spins.
 */
import { Machine, PAGE_SIZE, type HostBody, type RunResult, type Scheduler } from '../../mpk-hw/index.js';
import {
  ALLOC_ALIGN, MemorySink, PkeyFaultError, Sandbox, SdkError, VerifyError, verifyLog,
  type Allocation, type CodeRegion, type SdkThread, type WriteWindow,
} from '../../sdk/index.js';
import { bodyBytes, TRAMPOLINE, type AdvScenario, type AllocLabel, type Episode, type Jump, type Target } from './adversary-ops.js';
import { LogHashes, sandboxProblems, type CheckInput } from './adversary-invariants.js';
import { closeLog, describeError, explain } from './adversary-explain.js';
import { FetchMonitor, type FetchViolation } from './fetch-monitor.js';

/** Instructions a scheduled executor may retire (every path ends far sooner: see adversary-ops.ts). */
const THREAD_BUDGET = 20_000;
/** What an atomic patch writes at offset 0 (straight-line code, cut to the allocation). */
const PATCH = Uint8Array.of(0x90, 0x04, 0x90, 0xc3);

/** Counters of one run. */
export interface AdvStats {
  jumps: number;
  returned: number;
  faulted: number;
  started: number;
  /** Jumps by what the target held when the jump was made. */
  readonly targets: Map<string, number>;
  /** SdkError codes the compilers met (key pressure, seams, the verifier). */
  readonly refusals: Map<string, number>;
}

const bump = (m: Map<string, number>, k: string): void => void m.set(k, (m.get(k) ?? 0) + 1);

const hex = (n: number): string => `0x${n.toString(16)}`;

export class AdvWorld {
  readonly scenario: AdvScenario;
  readonly machine = new Machine();
  readonly mon: FetchMonitor;
  readonly mem = new MemorySink();
  readonly sbx: Sandbox;
  readonly sched: Scheduler;
  /** The published trampoline every jump goes through. */
  readonly tramp: Allocation;
  /** Code regions the compilers fill (not the trampolines', not the stubs'). */
  readonly code: CodeRegion[] = [];
  /** Executors started under the scheduler. */
  readonly started: SdkThread[] = [];
  /** Host exceptions that break the SDK's promise: not an SdkError, or a jump that ended otherwise. */
  readonly failures: string[] = [];
  readonly stats: AdvStats = { jumps: 0, returned: 0, faulted: 0, started: 0, targets: new Map(), refusals: new Map() };
  /**
   * Monitor violations the test can explain, by kind (see explain()); `violations` are the
   * others, each with what its address held when it was found.
   */
  readonly explained = new Map<string, FetchViolation[]>();
  readonly violations: string[] = [];
  /** Allocations whose seal a verifier refused. */
  private readonly refused = new Set<Allocation>();
  /** Every window the compilers were handed. */
  private readonly windows: WriteWindow[] = [];
  private readonly checks: CheckInput;
  private readonly trace: string[] = [];
  /** Monitor violations looked at so far. */
  private seenViolations = 0;

  constructor(s: AdvScenario) {
    this.scenario = s;
    this.mon = new FetchMonitor(this.machine);
    this.sbx = new Sandbox(this.machine, { audit: [this.mem, this.mon.sink], codeKeys: s.codeKeys, policy: s.policy, strict: s.strict });
    this.sched = this.machine.scheduler({ seed: s.seed, threadBudget: THREAD_BUDGET });
    this.checks = { sbx: this.sbx, hashes: new LogHashes(this.mem.records), windows: this.windows };
    const setup = this.sbx.spawn(this.sbx.owner, 'compiler');
    this.sbx.runtime.define('answer', () => 42n);
    this.sbx.runtime.install(setup);
    this.tramp = this.sbx.reserve(this.sbx.createRegion('trampolines', PAGE_SIZE), TRAMPOLINE.length, 'trampoline');
    this.sbx.withWindow(setup, this.tramp, { reason: 'trampoline' }, (w) => this.track(w).write(0, TRAMPOLINE));
    this.sbx.seal(this.tramp);
    this.sbx.publish(this.tramp);
    for (let i = 0; i < s.regions; i++) this.code.push(this.sbx.createRegion(`r${i}`, PAGE_SIZE));
    for (const p of s.compilers) this.host(this.sbx.spawn(this.sbx.owner, 'compiler'), (t) => this.compiler(t, p));
    for (const p of s.jumpers) this.host(this.sbx.spawn(this.sbx.owner, 'runtime'), (t) => this.jumper(t, p));
  }

  private host(t: SdkThread, body: (t: SdkThread) => HostBody): void {
    this.sched.addHost(t.ut.task, body(t));
  }

  private track(w: WriteWindow): WriteWindow {
    this.windows.push(w);
    return w;
  }

  /** A yield to the scheduler; guest threads may run meanwhile, so their violations are looked at after it. */
  private *pause(): HostBody {
    yield undefined;
    this.settle();
  }

  /** Sorts the monitor's new violations while the state they happened in still holds (no host step since). */
  private settle(): void {
    for (; this.seenViolations < this.mon.violations.length; this.seenViolations++) {
      const v = this.mon.violations[this.seenViolations] as FetchViolation;
      const kind = explain(this.sbx, v);
      if (kind === null) this.violations.push(`${v.why} (tid ${v.tid}, rip ${hex(v.rip)}: ${v.bytes}; ${this.classify(v.rip)})`);
      else this.explained.set(kind, [...(this.explained.get(kind) ?? []), v]);
    }
  }

  /** Runs every coroutine to its end, closes the log and verifies it. */
  run(): { result: RunResult; report: ReturnType<typeof verifyLog> } {
    const result = this.sched.run(5_000_000);
    this.check('after the run');
    closeLog(this.sbx);
    return { result, report: verifyLog(this.mem.text()) };
  }

  /** Throws when an invariant is broken (the scheduler's run stops with it). */
  check(where: string): void {
    this.settle();
    const problems = sandboxProblems(this.checks);
    if (problems.length > 0) throw new Error(`${where}: invariants broken:\n  ${problems.join('\n  ')}\nlast steps:\n  ${this.trace.slice(-10).join('\n  ')}`);
  }

  private step(what: string, fn: () => void): void {
    this.trace.push(what);
    fn();
    this.check(what);
  }

  /** A compiler's program: episodes, a yield between any two SDK calls; windows left open close at the end. */
  private *compiler(t: SdkThread, program: readonly Episode[]): HostBody {
    const left: WriteWindow[] = [];
    for (const ep of program) {
      yield* this.pause();
      if (t.ut.task.dead) return void this.failures.push(`compiler thread ${t.tid} died (${left.length} windows open)`);
      yield* this.episode(t, ep, left);
    }
    for (const w of left.reverse()) this.refusedBy(`thread ${t.tid}: close ${w.id} (left open)`, () => void w.close());
  }

  /**
   * Runs `fn`; an SdkError is a refusal (counted), anything else a failure (collected, and
   * rethrown when it is a broken invariant).  Returns whether `fn` threw.
   */
  private refusedBy(what: string, fn: () => void): boolean {
    try {
      this.step(what, fn);
      return false;
    } catch (e) {
      if (e instanceof SdkError) bump(this.stats.refusals, e.code);
      else this.fail(what, e);
      return true;
    }
  }

  /** Collects a host exception that is not the SDK's answer; broken invariants stop the run. */
  private fail(what: string, e: unknown): void {
    if (e instanceof Error && e.message.includes('invariants broken')) throw e;
    this.failures.push(`${what}: ${describeError(e)}`);
  }

  private *episode(t: SdkThread, ep: Episode, left: WriteWindow[]): HostBody {
    const region = this.code[ep.region % this.code.length];
    if (region === undefined) return;
    let a: Allocation | null = null;
    const who = `thread ${t.tid}`;
    if (this.refusedBy(`${who}: reserve ${ep.size} in ${region.name}`, () => { a = this.sbx.reserve(region, ep.size, 'function'); }) || a === null) return;
    const alloc: Allocation = a;
    if (ep.stop === 'reserved') return;
    const bytes = bodyBytes(ep.body, alloc.size);
    let w: WriteWindow | null = null;
    const opts = { reason: 'emit', ...(ep.ranged ? { range: { offset: 0, length: bytes.length } } : {}) };
    if (this.refusedBy(`${who}: open ${alloc.id}`, () => { w = this.track(this.sbx.openWindow(t, alloc, opts)); }) || w === null) return;
    const win: WriteWindow = w;
    yield* this.pause();
    const wrote = !this.refusedBy(`${who}: write ${bytes.length} bytes to ${alloc.id}`, () => win.write(0, bytes));
    if (ep.stop === 'writing' && wrote) return void left.push(win);
    yield* this.pause();
    if (this.refusedBy(`${who}: close ${win.id}`, () => void win.close())) return;
    if (ep.stop === 'writing' || ep.stop === 'staged' || !wrote) return;
    yield* this.pause();
    // Seal and publish in one step (the scheduler runs nothing in between), unless the
    // episode stops at 'sealed' and leaves the allocation sealed across yields.
    const publish = ep.stop !== 'sealed' && ep.stop !== 'rewritten';
    const sealed = !this.refusedBy(`${who}: seal${publish ? ' and publish' : ''} ${alloc.id}`, () => {
      try {
        this.sbx.seal(alloc);
      } catch (e) {
        if (e instanceof VerifyError) this.refused.add(alloc);
        throw e;
      }
      if (publish) this.sbx.publish(alloc);
    });
    if (!sealed) return;
    if (ep.stop === 'rewritten') return yield* this.rewrite(t, alloc, bytes);
    if (ep.stop === 'sealed' || ep.stop === 'published') return;
    yield* this.pause();
    const patch = PATCH.subarray(0, Math.min(PATCH.length, alloc.size));
    if (ep.stop === 'patched') this.refusedBy(`${who}: patch ${alloc.id}`, () => void this.sbx.patch(t, alloc, 0, patch, { reason: 'patch' }));
    else this.refusedBy(`${who}: retire ${alloc.id}`, () => this.sbx.retire(alloc));
  }

  /** Sealed, then opened again at once (back to int3), then written and left staged. */
  private *rewrite(t: SdkThread, alloc: Allocation, bytes: Uint8Array): HostBody {
    let w: WriteWindow | null = null;
    if (this.refusedBy(`thread ${t.tid}: reopen ${alloc.id}`, () => { w = this.track(this.sbx.openWindow(t, alloc, { reason: 'rewrite' })); }) || w === null) return;
    const win: WriteWindow = w;
    yield* this.pause();
    this.refusedBy(`thread ${t.tid}: rewrite ${alloc.id}`, () => win.write(0, bytes));
    this.refusedBy(`thread ${t.tid}: close ${win.id}`, () => void win.close());
  }

  /** A jumper's program: each jump on a fresh executor unless the last one survived. */
  private *jumper(d: SdkThread, program: readonly Jump[]): HostBody {
    let ex: SdkThread | null = null;
    for (const j of program) {
      for (let i = 0; i <= j.wait; i++) yield* this.pause();
      const to = this.resolve(j.target);
      const kind = this.classify(to);
      bump(this.stats.targets, kind);
      this.stats.jumps++;
      const what = `thread ${d.tid}: ${j.via} a jump to ${hex(to)} (${kind})`;
      this.trace.push(what);
      try {
        if (j.via === 'enter' && (ex === null || ex.ut.task.dead)) ex = this.sbx.spawn(d, 'executor');
        this.jump(j, j.via === 'start' || ex === null ? this.sbx.spawn(d, 'executor') : ex, to);
      } catch (e) {
        if (e instanceof PkeyFaultError && j.via === 'enter') this.stats.faulted++;
        else this.fail(what, e);
      }
      this.check(what);
    }
  }

  /** One jump through the trampoline to `to` on executor `t`. */
  private jump(j: Jump, t: SdkThread, to: number): void {
    if (j.via === 'start') {
      this.sbx.start(this.sched, t, this.tramp, [to]);
      this.started.push(t);
      this.stats.started++;
      return;
    }
    this.sbx.enter(t, this.tramp, [to]);
    this.stats.returned++;
  }

  /** The address a target names now. */
  resolve(t: Target): number {
    const regions = this.sbx.regions;
    const r = regions[t.region % regions.length] as CodeRegion;
    const pool = t.near === 'state' ? regions.flatMap((x) => x.allocations).filter((a) => this.label(a) === t.state) : r.allocations;
    const a = pool[pool.length - 1 - (t.alloc % Math.max(1, pool.length))];
    const [lo, hi] = t.near === 'staging' ? [r.stagingStart, r.stagingStart + r.size]
      : t.near !== 'region' && a !== undefined ? [a.start - 8, a.start + Math.ceil(a.size / ALLOC_ALIGN) * ALLOC_ALIGN + 8]
        : [r.start - 64, r.start + r.size + 64];
    return lo + Math.floor(t.at * (hi - lo));
  }

  /** An allocation's label now. */
  label(a: Allocation): AllocLabel {
    if (a.state !== 'writing') return a.state;
    return this.refused.has(a) ? 'refused' : this.sbx.openWindowsOn(a).length > 0 ? 'writing' : 'staged';
  }

  /** What an address holds now, for coverage counts. */
  classify(addr: number): string {
    for (const r of this.sbx.regions) {
      if (addr >= r.stagingStart && addr < r.stagingStart + r.size) return 'staging';
      if (addr >= r.start - PAGE_SIZE && addr < r.start) return 'guard';
      if (addr >= r.start + r.size && addr < r.start + r.size + PAGE_SIZE) return 'guard';
      if (addr < r.start || addr >= r.start + r.size) continue;
      const a = r.allocationAt(addr - r.start);
      if (a !== undefined) return this.label(a);
      return r.allocations.some((x) => addr >= x.start && addr < x.start + Math.ceil(x.size / ALLOC_ALIGN) * ALLOC_ALIGN) ? 'padding' : 'free';
    }
    return 'elsewhere';
  }
}
