/**
 * The world of the hostile-API adversary (adversary.test.ts, part 2): a sandbox watched by the
 * fetch monitor with objects in every state (threads of each role, a dead executor, regions,
 * allocations reserved, being written, staged, sealed, published, retired and refused, an open
 * and a closed window, a scheduler, raw and attached user threads, code handles live, replaced,
 * disposed and replaced under a scheduled thread), and a second sandbox on
 * another machine whose objects are handed to the first.  The adversary (adversary-api.ts)
 * picks arguments from these pools; what a call returns joins them.  After every call the
 * invariants of adversary-invariants.ts must hold on both sandboxes, and the monitor must
 * find nothing.
 */
import { Machine, type Scheduler } from '../../mpk-hw/index.js';
import { MemorySink, PkeyFaultError, Sandbox, VerifyError, type Allocation, type CodeHandle, type SdkThread,
  type WriteWindow } from '../../sdk/index.js';
import { closeLog, explain } from './adversary-explain.js';
import { LogHashes, sandboxProblems } from './adversary-invariants.js';
import { GADGET } from './adversary-ops.js';
import { OwnError, type LitContext } from './adversary-values.js';
import { FetchMonitor } from './fetch-monitor.js';

/** The kinds of SDK object an argument can be picked from. */
export type PoolName = 'thread' | 'ut' | 'region' | 'alloc' | 'window' | 'sched' | 'release' | 'machine' | 'handle';

/** One object a call may get: how a counterexample names it, and the object (made fresh for machines). */
export interface Entry {
  readonly show: string;
  readonly get: () => unknown;
}

const FN7 = Uint8Array.of(0xb8, 7, 0, 0, 0, 0xc3); // mov eax, 7; ret
const FN8 = Uint8Array.of(0xb8, 8, 0, 0, 0, 0xc3); // mov eax, 8; ret
const TRAP = Uint8Array.of(0xcc); // int3

/** One sandbox of the world with what the checks need. */
interface Box {
  readonly sbx: Sandbox;
  readonly mem: MemorySink;
  readonly mon: FetchMonitor;
  readonly hashes: LogHashes;
  readonly sched: Scheduler;
}

function box(opts: { guestData?: boolean } = {}): Box {
  const machine = new Machine();
  const mon = new FetchMonitor(machine);
  const mem = new MemorySink();
  const sbx = new Sandbox(machine, { audit: [mem, mon.sink], ...opts });
  return { sbx, mem, mon, hashes: new LogHashes(mem.records), sched: machine.scheduler({ seed: 7, threadBudget: 10_000 }) };
}

export class ApiWorld {
  readonly own: Box = box({ guestData: true });
  readonly foreign: Box = box();
  readonly pools: Record<PoolName, Entry[]> = { thread: [], ut: [], region: [], alloc: [], window: [], sched: [], release: [], machine: [], handle: [] };
  /** Every window either sandbox handed out (for the checks). */
  readonly windows: WriteWindow[] = [];
  /** Whether the handles are loaded (withHandles: they double the cost of a world, and only the code API needs them). */
  private handlesLoaded = false;
  /** What literals naming the world's objects read (adversary-values.ts). */
  readonly ctx: LitContext = { sbx: this.own.sbx, thread: (n) => this.pools.thread[n]?.get() };

  constructor() {
    this.populate(this.own, '', true);
    this.populate(this.foreign, 'foreign ', false);
    const { sbx } = this.own;
    this.add('ut', 'an unattached thread of the process', sbx.owner.ut.clone());
    this.add('machine', 'a fresh Machine', () => new Machine(), true);
    this.add('machine', "the sandbox's own machine", sbx.machine);
  }

  get sbx(): Sandbox {
    return this.own.sbx;
  }

  /**
   * What a method needs before it can be tried (well-typed calls that must succeed): a hold's
   * release, a defined runtime function, installed stubs.
   */
  prepare(method: string): void {
    const { sbx, sched } = this.own;
    const compiler = this.pools.thread[1]?.get() as SdkThread;
    const executor = this.pools.thread[3]?.get() as SdkThread;
    if (method === 'release') this.add('release', `release of hold(scheduler, [executor ${executor.tid}])`, sbx.hold(sched, [executor]));
    if (method === 'runtime.install' || method === 'enter a runtime stub') {
      sbx.runtime.define('answer', (args) => (args[0] ?? 0n) + 42n);
      sbx.runtime.define('fails', () => { throw new OwnError('runtime function'); });
    }
    if (method === 'enter a runtime stub') sbx.runtime.install(compiler);
    if (method.startsWith('handle') || method === 'collect') this.withHandles();
  }

  /** Loads the handles of both sandboxes, once (before the first pick from the handle pool). */
  withHandles(): void {
    if (this.handlesLoaded) return;
    this.handlesLoaded = true;
    this.loadHandles(this.own, '', true);
    this.loadHandles(this.foreign, 'foreign ', false);
  }

  /** Adds an object to a pool (`fresh`: `v` makes a new one per call); a handle's current body joins the allocations. */
  add(pool: PoolName, show: string, v: unknown, fresh = false): void {
    this.pools[pool].push({ show, get: fresh ? (v as () => unknown) : () => v });
    if (pool === 'window') this.windows.push(v as WriteWindow);
    if (pool === 'handle' && !fresh) this.pools.alloc.push({ show: `the body of ${show}`, get: () => (v as CodeHandle).body });
  }

  /**
   * Handles of sbx.load in a region of their own (whatever the calls so far did to r0 and r1):
   * one live (returns 7); when `full` also one replaced once (returns 8), one disposed, and one
   * replaced while a scheduled thread (started, not yet run) is in its old body, which waits
   * for its quiescent point (collect retires it only after the thread has left).
   */
  private loadHandles(b: Box, tag: string, full: boolean): void {
    const { sbx } = b;
    const region = sbx.createRegion('handles', 4096);
    this.add('region', `${tag}region handles`, region);
    const handle = (what: string): CodeHandle => {
      const h = sbx.load(region, FN7, { reason: 'setup' });
      this.add('handle', `${tag}${h.id} (${what})`, h);
      return h;
    };
    handle('returns 7');
    if (!full) return;
    handle('replaced: returns 8').replace(FN8, { reason: 'setup: replace' });
    handle('disposed').dispose();
    const busy = handle('replaced: a scheduled thread is in its old body');
    const t = sbx.spawn(sbx.owner, 'executor');
    this.add('thread', `executor ${t.tid} (started on ${busy.id}'s old body, not run yet)`, t);
    busy.start(b.sched, t);
    busy.replace(FN8, { reason: 'setup: replace under a thread' });
  }

  /** Threads, regions, allocations (in every state when `full`) and windows of one sandbox. */
  private populate(b: Box, tag: string, full: boolean): void {
    const { sbx } = b;
    const thread = (t: SdkThread, what: string): SdkThread => (this.add('thread', `${tag}${what} ${t.tid}`, t), t);
    thread(sbx.owner, 'owner (runtime)');
    const c = thread(sbx.spawn(sbx.owner, 'compiler'), 'compiler');
    const busy = thread(sbx.spawn(sbx.owner, 'compiler'), 'compiler (holds a window)');
    thread(sbx.spawn(sbx.owner, 'executor'), 'executor');
    thread(sbx.spawn(sbx.owner, { name: 'worker', rights: { code: 'none', runtimeData: 'read' } }), 'worker (custom role)');
    const dead = thread(sbx.spawn(sbx.owner, 'executor'), 'dead executor');
    this.add('ut', `${tag}an attached thread (compiler ${c.tid})`, c.ut);
    this.add('sched', `${tag}scheduler`, b.sched);
    const r0 = sbx.createRegion('r0', 4096);
    this.add('region', `${tag}region r0`, r0);
    this.add('region', `${tag}region r1`, sbx.createRegion('r1', 8192));
    const alloc = (what: string, code: Uint8Array | null, upTo: 'reserved' | 'staged' | 'sealed' | 'published' | 'retired'): Allocation => {
      const a = sbx.reserve(r0, 16, 'function');
      this.add('alloc', `${tag}${a.id} (${what})`, a);
      if (code === null) return a;
      sbx.withWindow(c, a, { reason: 'setup' }, (w) => w.write(0, code));
      if (upTo === 'staged') return a;
      sbx.seal(a);
      if (upTo !== 'sealed') sbx.publish(a);
      if (upTo === 'retired') sbx.retire(a);
      return a;
    };
    alloc('reserved', null, 'reserved');
    if (full) alloc('staged', FN7, 'staged');
    if (full) alloc('sealed', FN7, 'sealed');
    alloc('published, returns 7', FN7, 'published');
    const trap = alloc('published, int3', TRAP, 'published');
    if (full) {
      alloc('retired', FN7, 'retired');
      const refused = alloc('refused', GADGET, 'staged');
      try {
        sbx.seal(refused);
      } catch (e) {
        if (!(e instanceof VerifyError)) throw e;
      }
    }
    const writing = sbx.reserve(r0, 16, 'function');
    this.add('alloc', `${tag}${writing.id} (being written)`, writing);
    const open = sbx.openWindow(busy, writing, { reason: 'setup: left open' });
    open.write(0, FN7);
    this.add('window', `${tag}open window ${open.id} (compiler ${busy.tid})`, open);
    const closed = sbx.openWindow(c, sbx.reserve(r0, 16, 'function'), { reason: 'setup: closed' });
    closed.close();
    this.add('window', `${tag}closed window ${closed.id}`, closed);
    // The dead executor ran into int3; its fault ended it.
    try {
      sbx.enter(dead, trap);
    } catch (e) {
      if (!(e instanceof PkeyFaultError)) throw e;
    }
  }

  /** Every broken invariant of either sandbox, and every monitor violation the test cannot explain. */
  problems(): string[] {
    const out: string[] = [];
    for (const [name, b] of [['', this.own], ['foreign sandbox: ', this.foreign]] as const) {
      out.push(...sandboxProblems({ sbx: b.sbx, hashes: b.hashes, windows: this.windows }).map((p) => name + p));
      for (const v of b.mon.violations) if (explain(b.sbx, v) === null) out.push(`${name}monitor: ${v.why} (tid ${v.tid}, ${v.bytes})`);
    }
    return out;
  }

  /**
   * The end of a run: scheduled threads run (bounded), windows still open close (innermost
   * first), and each sandbox's log closes.  Returns the log texts and what threw meanwhile.
   */
  finish(): { logs: string[]; threw: string[] } {
    const threw: string[] = [];
    const attempt = (what: string, fn: () => void): void => {
      try {
        fn();
      } catch (e) {
        threw.push(`${what}: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
      }
    };
    for (const b of [this.own, this.foreign]) attempt('scheduler run', () => void b.sched.run(200_000));
    for (const w of [...this.windows].reverse()) if (!w.closed && !w.thread.ut.task.dead) attempt(`close ${w.id}`, () => void w.close());
    for (const b of [this.own, this.foreign]) attempt('close the log', () => closeLog(b.sbx));
    return { logs: [this.own.mem.text(), this.foreign.mem.text()], threw };
  }
}
