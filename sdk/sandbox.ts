/**
 * The sandbox a JIT embeds: one simulated process, its threads under role policies, code
 * regions on SDK-owned keys, write windows, sealing, and the audit log.
 *
 * This is the API boundary.  Every method checks its arguments at run time (TypeScript callers
 * are protected by the types; JavaScript callers and wrong casts are not) and refuses a bad one
 * with an SdkError that shows the value; the machine's own errors are translated (boundary.ts).
 * The machinery (sandbox-core.ts) is private: the PKRU gate, the audit emitter, the key manager
 * and the owned-resources filter are not reachable from `pkjit/sdk`.
 */
import type { Machine } from '../mpk-hw/machine.js';
import type { Scheduler } from '../mpk-hw/kernel/scheduler.js';
import type { GuestCallResult } from '../mpk-hw/guest.js';
import type { SigactionOptions, UserHandler, UserThread } from '../mpk-hw/user-thread.js';
import type { AuditRecord } from './audit/schema.js';
import { guarded } from './boundary.js';
import { Allocation, CodeRegion } from './code-region.js';
import type { EnterOptions } from './enter.js';
import { SdkError } from './errors.js';
import type { FaultDiagnosis } from './faults.js';
import type { KeyStats } from './keys.js';
import type { ResolvedOptions, SandboxOptions } from './options.js';
import type { PatchOptions, PatchReport } from './patch.js';
import { checkRole, type Role } from './policy.js';
import { SandboxCore } from './sandbox-core.js';
import { checkCodeSource, checkLoadOptions, type CodeHandle, type CodeSource, type HandleOps, type LoadOptions } from './code-handle.js';
import type { StartedCode } from './start-return.js';
import type { SealReceipt } from './seal.js';
import type { SandboxStats } from './stats.js';
import { SdkThread } from './threads.js';
import { checkArgs, checkEnterOptions, checkMachine, checkPatch, checkScheduler, checkSealArgs, checkSigaction, checkUserThread } from './sandbox-checks.js';
import { checkInt, checkString, show } from './validate.js';
import type { Verifier } from './verifier.js';
import type { WindowOptions } from './window-options.js';
import type { WriteWindow } from './write-window.js';
import type { RuntimeGate } from './runtime-gate.js';

export type { SandboxOptions } from './options.js';

/** Region names the SDK uses for its own code: the runtime gate's stubs, the start return trampoline. */
const RESERVED_REGIONS: readonly string[] = ['runtime-stubs', 'sdk'];

/** Largest region or data mapping one call may ask for, in bytes (1 GiB). */
const MAX_MAPPING = 1 << 30;

let coreOf: (s: Sandbox) => SandboxCore;

/** The machinery behind a sandbox (SDK-internal and tests; not exported from sdk/index.ts). */
export function core(s: Sandbox): SandboxCore {
  return coreOf(s);
}

/** The sandbox. */
export class Sandbox implements Disposable {
  readonly #core: SandboxCore;

  static {
    coreOf = (s) => s.#core;
  }

  /** `opts` is checked: unknown keys, wrong types and values are refused (BAD_OPTION). */
  constructor(machine: Machine, opts: SandboxOptions = {}) {
    checkMachine(machine);
    this.#core = new SandboxCore(machine, opts);
  }

  /** The simulated machine. */
  get machine(): Machine { return this.#core.machine; }
  /** The SDK's own runtime thread (the process's first thread). */
  get owner(): SdkThread { return this.#core.owner; }
  /** The options in force, defaults applied (frozen). */
  get options(): ResolvedOptions { return this.#core.options; }
  /** sha256 of the options, carried in seal receipts. */
  get policyHash(): string { return this.#core.policyHash; }
  /** Key of the runtime data (function tables, stub targets): read-only for executors. */
  get runtimeDataKey(): number { return this.#core.runtimeDataKey; }
  /** The key of guest data (option guestData), or null. */
  get guestDataKey(): number | null { return this.#core.guestDataKey; }
  /** Runtime functions JIT code calls through SDK stubs (define, then install). */
  get runtime(): RuntimeGate { return this.#core.runtime; }
  /** The code regions, in creation order (a copy). */
  get regions(): readonly CodeRegion[] { return [...this.#core.regions]; }
  /** The threads under the SDK, by tid (a copy). */
  get threads(): ReadonlyMap<number, SdkThread> { return new Map(this.#core.threads); }
  /** The shared key of regions that hold no hardware key of their own. */
  get coldKey(): number { return this.#core.keys.coldKey; }

  /** The hardware key a region holds now, or null (it is on the cold key). */
  keyOf(region: CodeRegion): number | null { return this.#core.keys.keyOf(this.#region(region)); }
  /** Every hardware key held by a region now. */
  heldKeys(): number[] { return this.#core.keys.heldKeys(); }
  /** Key-cache counters (a copy). */
  keyStats(): KeyStats { return { ...this.#core.keys.stats }; }

  /** A new thread with `role`, created by `parent` (on the stack below `stackTop` when given); it starts from its role's baseline. */
  spawn(parent: SdkThread, role: Role, stackTop?: number): SdkThread {
    const p = this.#thread(parent, 'spawn: parent');
    const r = checkRole(role);
    if (stackTop !== undefined) checkInt('spawn: stackTop', stackTop, 1, Number.MAX_SAFE_INTEGER);
    return this.#call(`spawn from thread ${p.tid}`, () => this.#core.spawn(p, r, stackTop));
  }

  /** Puts a thread of the sandboxed process that the SDK did not create under a role. */
  attach(ut: UserThread, role: Role): SdkThread {
    checkUserThread(ut, this.#core.owner.ut.pid);
    const r = checkRole(role);
    return this.#call(`attach thread ${ut.tid}`, () => this.#core.attach(ut, r));
  }

  /** Installs a signal handler for the sandboxed process under the SDK's signal policy (signals.ts). */
  sigaction(sig: number, handler: UserHandler, opts: SigactionOptions = {}): void {
    checkSigaction(sig, handler, opts);
    this.#call(`sigaction(${sig})`, () => this.#core.sigaction(sig, handler, opts));
  }

  /** A new code region of at least `size` bytes (whole pages), between guard pages, int3-filled. */
  createRegion(name: string, size: number): CodeRegion {
    checkString('createRegion: name', name);
    if (RESERVED_REGIONS.includes(name)) throw new SdkError('REGION_NAME', `createRegion: the region name ${show(name)} is reserved for the SDK's own code`);
    checkInt(`createRegion(${show(name)}): size in bytes`, size, 1, MAX_MAPPING, 'BAD_SIZE');
    return this.#call(`createRegion(${name})`, () => this.#core.createRegion(name, size));
  }

  /** `size` bytes (whole pages) of runtime data: read-only for executors, read/write for compiler and runtime threads.  Returns the address. */
  createRuntimeData(name: string, size: number): number {
    checkString('createRuntimeData: name', name);
    checkInt(`createRuntimeData(${show(name)}): size in bytes`, size, 1, MAX_MAPPING, 'BAD_SIZE');
    return this.#call(`createRuntimeData(${name})`, () => this.#core.createRuntimeData(name, size));
  }

  /** `size` bytes (whole pages) of guest data on the guest-data key (option guestData); returns the address. */
  createGuestData(name: string, size: number): number {
    checkString('createGuestData: name', name);
    checkInt(`createGuestData(${show(name)}): size in bytes`, size, 1, MAX_MAPPING, 'BAD_SIZE');
    return this.#call(`createGuestData(${name})`, () => this.#core.createGuestData(name, size));
  }

  /** Reserves `size` bytes of a region (rounded up to 16). */
  reserve(region: CodeRegion, size: number, kind: string): Allocation {
    const r = this.#region(region);
    checkInt(`reserve in ${r.name}: size in bytes`, size, 1, r.size, 'BAD_SIZE');
    checkString('reserve: kind', kind, 'BAD_ARGUMENT', true);
    return this.#call(`reserve in ${r.name}`, () => this.#core.reserve(r, size, kind));
  }

  /** Opens a write window for `thread` on `alloc`: the bytes go to its staging image until seal. */
  openWindow(thread: SdkThread, alloc: Allocation, opts: WindowOptions): WriteWindow {
    const t = this.#thread(thread, 'openWindow: thread');
    const a = this.#alloc(alloc, 'openWindow');
    return this.#call(`openWindow on ${a.id}`, () => this.#core.openWindow(t, a, opts));
  }

  /** Runs `fn` with a window that is closed in `finally`; a callback that returns a promise is an error. */
  withWindow<T>(thread: SdkThread, alloc: Allocation, opts: WindowOptions, fn: (w: WriteWindow) => T): T {
    const t = this.#thread(thread, 'withWindow: thread');
    const a = this.#alloc(alloc, 'withWindow');
    if (typeof fn !== 'function') throw new SdkError('BAD_ARGUMENT', `withWindow on ${a.id} needs a callback (got ${show(fn)})`);
    return this.#call(`withWindow on ${a.id}`, () => this.#core.withWindow(t, a, opts, fn));
  }

  /** Verifies the staged bytes with their real seams and copies them into the code pages; throws VerifyError on findings. */
  seal(a: Allocation, verifiers: readonly Verifier[] = [], opts: { allowSyscall?: boolean } = {}): SealReceipt {
    const x = this.#alloc(a, 'seal');
    checkSealArgs(verifiers, opts);
    return this.#call(`seal ${x.id}`, () => this.#core.seal(x, verifiers, opts));
  }

  /** Makes sealed code enterable ("call seal() first" otherwise). */
  publish(a: Allocation): void {
    const x = this.#alloc(a, 'publish');
    this.#call(`publish ${x.id}`, () => this.#core.publish(x));
  }

  /** Fills code with int3 and forbids entering it again. */
  retire(a: Allocation): void {
    const x = this.#alloc(a, 'retire');
    this.#call(`retire ${x.id}`, () => this.#core.retire(x));
  }

  /** Re-checks that published code still holds its sealed bytes. */
  checkIntegrity(a: Allocation): boolean {
    const x = this.#alloc(a, 'checkIntegrity');
    return this.#call(`checkIntegrity ${x.id}`, () => this.#core.checkIntegrity(x));
  }

  /** Patches published code from `thread`: verified with its seams before any byte changes (patch.ts). */
  patch(thread: SdkThread, a: Allocation, offset: number, bytes: Uint8Array, opts: PatchOptions): PatchReport {
    const t = this.#thread(thread, 'patch: thread');
    const x = this.#alloc(a, 'patch');
    checkPatch(x, offset, bytes, opts);
    return this.#call(`patch ${x.id}`, () => this.#core.patch(t, x, offset, bytes, opts));
  }

  /** Calls published code on a thread with up to 6 integer arguments; returns RAX (enter.ts). */
  enter(t: SdkThread, a: Allocation, args: readonly (number | bigint)[] = [], opts: EnterOptions = {}): GuestCallResult {
    const th = this.#thread(t, 'enter: thread');
    const x = this.#alloc(a, 'enter');
    const regs = checkArgs('enter', args);
    checkEnterOptions(x, opts);
    return this.#call(`enter ${x.id} on thread ${th.tid}`, () => this.#core.enter(th, x, regs, opts));
  }

  /**
   * Starts published code on a thread under a scheduler, with up to 6 integer arguments
   * (enter.ts startCode).  It is entered as by a call: a normal `ret` goes to the SDK's return
   * trampoline, which ends the thread with RAX in the returned StartedCode's `result`.
   */
  start(sched: Scheduler, t: SdkThread, a: Allocation, args: readonly (number | bigint)[] = [], offset = 0): StartedCode {
    checkScheduler(sched, this.#core.machine);
    const th = this.#thread(t, 'start: thread');
    const x = this.#alloc(a, 'start');
    const regs = checkArgs('start', args);
    checkEnterOptions(x, { offset });
    return this.#call(`start ${x.id} on thread ${th.tid}`, () => this.#core.start(sched, th, x, regs, offset));
  }

  /**
   * Reserves, stages, verifies, seals and publishes `code` in one call (code-handle.ts): `code`
   * is the bytes or a function of the address they will run at (it may be called twice; the
   * length must not grow).  Returns a handle whose slot in runtime data holds the entry; a
   * refused body (VerifyError) never becomes executable and its space is reclaimed.
   */
  load(region: CodeRegion, code: CodeSource, opts: LoadOptions): CodeHandle {
    const r = this.#region(region);
    const src = checkCodeSource(code);
    this.#loadOptions(opts);
    return this.#call(`load in ${r.name}`, () => this.#core.load(r, src, opts, this.#handleOps));
  }

  /**
   * Retires the bodies handles replaced and reclaims the space of retired code in `region`,
   * each once no thread can be in it (a quiescent point, reclaim.ts).  Reserving in a full
   * region does this by itself.
   */
  collect(region: CodeRegion): { retired: number; reclaimed: number } {
    const r = this.#region(region);
    return this.#call(`collect in ${r.name}`, () => this.#core.collect(r));
  }

  /** What code handles of this sandbox call: the checked, guarded API. */
  readonly #handleOps: HandleOps = {
    enter: (thread, body, args, opts) => this.enter(thread, body, args, opts),
    start: (sched, thread, body, args) => this.start(sched, thread, body, args),
    replace: (h, code, opts, swap) => {
      const src = checkCodeSource(code);
      this.#loadOptions(opts);
      this.#call(`replace ${h.id}`, () => this.#core.code.replace(h, src, opts, swap));
    },
    dispose: (h, body) => this.#call(`dispose ${h.id}`, () => this.#core.code.dispose(h, body)),
  };

  #loadOptions(opts: LoadOptions): void {
    checkLoadOptions(opts);
    if (opts.writer !== undefined) this.#thread(opts.writer, 'load option writer');
    if (opts.verifiers !== undefined) checkSealArgs(opts.verifiers, {});
  }

  /** Holds scheduled threads at a safepoint until the returned release (enter.ts holdThreads). */
  hold(sched: Scheduler, threads: readonly SdkThread[]): () => void {
    checkScheduler(sched, this.#core.machine);
    if (!Array.isArray(threads)) throw new SdkError('BAD_ARGUMENT', `hold needs an array of threads (got ${show(threads)})`);
    const ts = threads.map((t, i) => this.#thread(t, `hold: threads[${i}]`));
    return this.#core.hold(sched, ts);
  }

  /** Threads running code in a region right now. */
  executorsIn(region: CodeRegion): number[] { return this.#core.executorsIn(this.#region(region)); }
  /** The region containing an address, if any. */
  regionAt(addr: number): CodeRegion | undefined { return this.#core.regionAt(addr); }
  /** Every record written so far. */
  records(): readonly AuditRecord[] { return this.#core.records(); }
  /** The last fault of a thread, if any. */
  lastFault(tid: number): FaultDiagnosis | undefined { return this.#core.lastFault(tid); }
  /** The baseline PKRU of a role under this sandbox's keys. */
  baseline(role: Role): number { return this.#core.baseline(checkRole(role)); }
  /** Whether a hardware key is allocated in the sandboxed process now. */
  keyAllocated(key: number): boolean { return this.#core.keyAllocated(checkInt('keyAllocated: key', key, 0, 15)); }
  /** Ids of the windows open on an allocation. */
  openWindowsOn(a: Allocation): string[] { return this.#core.openWindowsOn(this.#alloc(a, 'openWindowsOn')); }
  /** Statistics: per region and thread (from the audit log), key cache, and the W^X policy's costs. */
  stats(): SandboxStats { return this.#core.stats(); }

  /** Closes the audit log (a log.close record on the sandbox's own clock); idempotent. */
  close(): void {
    this.#core.close();
  }

  [Symbol.dispose](): void {
    this.close();
  }

  /** console.log shows a summary, not the whole machine. */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    const c = this.#core;
    return `Sandbox { pid: ${c.owner.ut.pid}, policy: ${c.options.policy}, strict: ${c.options.strict}, threads: ${c.threads.size}, ` +
      `regions: [${c.regions.map((r) => r.name).join(', ')}], records: ${c.records().length}${c.closed ? ', closed' : ''} }`;
  }

  /** Runs an SDK call with the machine's errors translated (boundary.ts). */
  #call<T>(what: string, fn: () => T): T {
    if (this.#core.closed) throw new SdkError('SANDBOX_CLOSED', `${what}: the sandbox is closed (its audit log has its log.close record)`);
    return guarded(what, (tid) => this.#core.lastFault(tid), fn);
  }

  /** A thread of this sandbox. */
  #thread(t: unknown, what: string): SdkThread {
    if (!(t instanceof SdkThread)) throw new SdkError('BAD_ARGUMENT', `${what} must be an SdkThread from sbx.spawn or sbx.attach (got ${show(t)})`);
    if (this.#core.threads.get(t.tid) !== t) throw new SdkError('THREAD_UNKNOWN', `${what}: thread ${t.tid} belongs to another sandbox`);
    return t;
  }

  /** A region of this sandbox. */
  #region(r: unknown): CodeRegion {
    if (!(r instanceof CodeRegion)) throw new SdkError('BAD_ARGUMENT', `a CodeRegion from sbx.createRegion is needed (got ${show(r)})`);
    if (!this.#core.regions.includes(r)) throw new SdkError('BAD_ARGUMENT', `region ${r.name} belongs to another sandbox`);
    return r;
  }

  /** An allocation of this sandbox. */
  #alloc(a: unknown, what: string): Allocation {
    if (!(a instanceof Allocation)) throw new SdkError('BAD_ARGUMENT', `${what} needs an Allocation from sbx.reserve (got ${show(a)})`);
    if (!this.#core.regions.includes(a.region)) throw new SdkError('BAD_ARGUMENT', `${what}: allocation ${a.id} belongs to another sandbox`);
    return a;
  }
}
