/**
 * The sandbox's machinery: one simulated process, its threads under role policies, code
 * regions on SDK-owned keys, write windows, sealing, and the audit log.  SDK-internal: the
 * public `Sandbox` (sandbox.ts) checks every argument and calls this; the PKRU gate, the audit
 * emitter, the key manager and the owned-resources filter are reachable only from here.
 */
import { createHash } from 'node:crypto';
import { MAP_ANONYMOUS, MAP_FIXED, MAP_PRIVATE, PROT_EXEC, PROT_NONE, PROT_READ, PROT_WRITE, SA_ONSTACK, SA_SIGINFO, formatSyscallResult } from '../mpk-hw/kernel/constants.js';
import type { Machine } from '../mpk-hw/machine.js';
import { PAGE_SIZE } from '../mpk-hw/phys-mem.js';
import { AuditLog, MemorySink } from './audit/log.js';
import type { AuditRecord } from './audit/schema.js';
import { FAULT_SIGNALS, faultHandler, type FaultDiagnosis } from './faults.js';
import { sandboxHandler } from './signals.js';
import type { SigactionOptions, UserHandler, UserThread } from '../mpk-hw/user-thread.js';
import { enter as enterCode, holdThreads, startCode, type EnterOptions } from './enter.js';
import type { Scheduler } from '../mpk-hw/kernel/scheduler.js';
import { patch as patchCode, type PatchOptions, type PatchReport } from './patch.js';
import { sandboxStats, type SandboxStats } from './stats.js';
import { RuntimeGate } from './runtime-gate.js';
import type { GuestCallResult } from '../mpk-hw/guest.js';
import { hex32, hexAddr } from './audit/schema.js';
import { CodeRegion, reserveIn, sealState, type Allocation } from './code-region.js';
import { CodeServices, type CodeHandle, type CodeSource, type HandleOps, type LoadOptions } from './code-handle.js';
import { START_RETURN_NR, type StartedCode } from './start-return.js';
import { collect } from './reclaim.js';
import { SdkError } from './errors.js';
import { KeyManager } from './keys.js';
import { PkruGate } from './pkru-gate.js';
import { baselinePkru, roleName, type Role } from './policy.js';
import { SdkThread } from './threads.js';
import type { WriteWindow, WindowOptions } from './write-window.js';
import { openWindow, withWindow } from './windows.js';
import { checkIntegrity, publish as publishAlloc, retire as retireAlloc, seal as sealAlloc, type SealReceipt } from './seal.js';
import type { Verifier } from './verifier.js';
import { executorFilter, pkruCheckFilter } from './syscall-filter.js';
import { Owned } from './owned.js';
import type { SeccompFilter } from '../mpk-hw/kernel/task.js';
import { auditSetup, resolveOptions, type ResolvedOptions, type SandboxOptions } from './options.js';



/** Size of the alternate signal stack of threads that run JIT code. */
const ALTSTACK_BYTES = 8 * PAGE_SIZE;
/** The sandbox's internal state and operations. */
export class SandboxCore {
  readonly machine: Machine;
  readonly audit: AuditLog;
  readonly gate: PkruGate;
  readonly keys: KeyManager;
  /** The SDK's own runtime thread. */
  readonly owner: SdkThread;
  /** Key of the runtime data (function tables, stub targets): read-only for executors. */
  readonly runtimeDataKey: number;
  /** The key of guest data (option guestData), or null. */
  readonly guestDataKey: number | null;
  readonly threads = new Map<number, SdkThread>();
  readonly regions: CodeRegion[] = [];
  readonly options: ResolvedOptions;
  /** Hash of the policy, carried in seal receipts. */
  readonly policyHash: string;
  private windowCount = 0;
  /** The PKRU check at every system call of every sandboxed thread (one instance, inherited by new threads). */
  private readonly pkruFilter = pkruCheckFilter((tid) => {
    const th = this.threads.get(tid);
    return th === undefined || th.ut.task.dead || this.checkAndRepair(th, 'syscall');
  }, () => this.options.strict);
  /** Runtime calls from JIT code (see runtime-gate.ts). */
  readonly runtime: RuntimeGate = new RuntimeGate(this);
  private readonly gateFilter = this.runtime.filter();
  /** sbx.load's handles, the start return trampoline, the loader thread (code-handle.ts). */
  readonly code: CodeServices = new CodeServices(this);
  private readonly returnFilter = this.code.filter();
  /** Every record, for diagnoses (the log's own memory sink). */
  private readonly memory = new MemorySink();
  /** The last fault of each thread. */
  private readonly faults = new Map<number, FaultDiagnosis>();
  /** Open windows by id. */
  readonly windows = new Map<string, WriteWindow>();
  /** The SDK's keys and mappings, and the filter that keeps other callers off them. */
  private readonly owned = new Owned();
  private readonly ownedFilter: SeccompFilter;
  /** Whether close() wrote the log's log.close record. */
  closed = false;

  constructor(machine: Machine, opts: SandboxOptions = {}) {
    this.machine = machine;
    this.options = Object.freeze(resolveOptions(opts));
    this.policyHash = createHash('sha256').update(JSON.stringify(this.options)).digest('hex');
    const { sinks, keying } = auditSetup(opts.audit);
    this.audit = new AuditLog([this.memory, ...sinks], keying);
    this.ownedFilter = this.owned.filter(this.audit, () => this.options.strict);
    const ut = machine.spawn();
    this.audit.emit({ kind: 'log.open', cycle: 0, tid: null, detail: { pid: ut.pid, policyHash: this.policyHash, ...this.options } });
    this.gate = new PkruGate(this.audit);
    this.keys = new KeyManager(ut, this.audit, this.options.codeKeys, this.owned);
    this.runtimeDataKey = this.keys.allocate('runtime data');
    this.keys.cold();
    this.guestDataKey = this.options.guestData ? this.keys.allocate('guest data') : null;
    this.owner = this.register(ut, 'runtime', 'thread.attach');
    // On the alternate stack where the thread has one, so that a fault on a full stack (a guest
    // stack overflow) still reaches the handler instead of killing the process (sigaltstack(2)).
    for (const sig of FAULT_SIGNALS) ut.sigaction(sig, sandboxHandler(this, faultHandler(this)), { flags: SA_SIGINFO | SA_ONSTACK });
  }

  /** Closes the audit log on the owner's clock; idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.audit.close(this.ownerCycles());
  }

  /** Runs `fn` as the SDK: its system calls on SDK keys and memory pass the owned-resources filter (SDK-internal). */
  privileged<T>(fn: () => T): T {
    return this.owned.privileged(fn);
  }

  /** Whether a hardware key is allocated in the sandboxed process now. */
  keyAllocated(key: number): boolean {
    const pk = this.owner.ut.task.process.mm.pkeys;
    return key !== pk.executeOnlyPkey && (pk.allocationMap & (1 << key)) !== 0;
  }

  /**
   * An SDK entry on `t`: compares its PKRU with the shadow; an unaudited change is recorded and,
   * in strict mode, ends the thread.
   */
  checkThread(t: SdkThread, where: string): void {
    if (this.checkAndRepair(t, where) || !this.options.strict) return;
    // Strict: the thread ends.  Its own exit is a system call, which the PKRU check filter would
    // judge again (a second pkru.unaudited, a seccomp kill): the SDK's value goes back first,
    // recorded, so that the exit is the SDK's own.
    this.gate.write(t, t.shadow, 'repair', { detail: { action: 'kill-thread' } });
    t.ut.exit(128 + 9);
  }

  /**
   * Compares the thread's PKRU with its shadow; on a difference (already recorded as
   * `pkru.unaudited`) puts the SDK's value back, recorded as a `pkru` flip with cause 'repair'.
   * Returns false when there was a difference.
   */
  private checkAndRepair(t: SdkThread, where: string): boolean {
    if (this.gate.check(t, where) === null) return true;
    t.stats.unauditedPkru++;
    // Whatever the thread could write meanwhile may have changed code: re-check every
    // published allocation before it is entered again.
    for (const r of this.regions) for (const a of r.allocations) sealState(a).verifiedSinceSeal = false;
    if (!this.options.strict) this.gate.write(t, t.shadow, 'repair');
    return false;
  }

  /**
   * Installs a signal handler for the sandboxed process under the SDK's signal policy (see
   * signals.ts): the handler runs with its thread's role baseline; entry and return are audited.
   */
  sigaction(sig: number, handler: UserHandler, opts: SigactionOptions = {}): void {
    this.owner.ut.sigaction(sig, sandboxHandler(this, handler), opts);
  }

  /** Patches published code (see patch.ts). */
  patch(thread: SdkThread, a: Allocation, offset: number, bytes: Uint8Array, opts: PatchOptions): PatchReport {
    return patchCode(this, thread, a, offset, bytes, opts);
  }

  /** Threads running code in a region right now (inside an enter). */
  executorsIn(region: CodeRegion): number[] {
    return [...this.threads.values()].filter((t) => t.runningIn === region && !t.ut.task.dead).map((t) => t.tid);
  }

  /** Calls published code on a thread (see enter.ts). */
  enter(t: SdkThread, a: Allocation, args: readonly (number | bigint)[] = [], opts: EnterOptions = {}): GuestCallResult {
    return enterCode(this, t, a, args, opts);
  }

  /** Starts published code on a thread under a scheduler, returning into the SDK's trampoline (see enter.ts startCode). */
  start(sched: Scheduler, t: SdkThread, a: Allocation, args: readonly (number | bigint)[] = [], offset = 0): StartedCode {
    const ret = this.code.returnAddress();
    startCode(this, sched, t, a, args, offset, ret);
    return this.code.started(t);
  }

  /** Loads code in one call and returns its handle (code-handle.ts). */
  load(region: CodeRegion, code: CodeSource, opts: LoadOptions, ops: HandleOps): CodeHandle {
    return this.code.load(region, code, opts, ops);
  }

  /** Retires replaced bodies and reclaims retired space of `region` where no thread can be (reclaim.ts). */
  collect(region: CodeRegion): { retired: number; reclaimed: number } {
    return collect(this, region);
  }

  /** Holds scheduled threads at a safepoint until the returned release (see enter.ts holdThreads). */
  hold(sched: Scheduler, threads: readonly SdkThread[]): () => void {
    return holdThreads(sched, threads);
  }

  /** The region containing an address, if any. */
  regionAt(addr: number): CodeRegion | undefined {
    return this.regions.find((r) => addr >= r.start && addr < r.start + r.size);
  }

  /** The records written so far (when a memory sink is attached; else an empty list). */
  records(): readonly AuditRecord[] {
    return this.memory.records;
  }

  /** Remembers a fault for the thread's next SDK call to report. */
  noteFault(d: FaultDiagnosis): void {
    this.faults.set(d.tid, d);
  }

  /** The last fault of a thread, if any. */
  lastFault(tid: number): FaultDiagnosis | undefined {
    return this.faults.get(tid);
  }

  /** The baseline PKRU of a role under this sandbox's keys. */
  baseline(role: Role): number {
    return baselinePkru(role, this.options.sealMode,
      { runtimeData: this.runtimeDataKey, code: [...this.keys.heldKeys(), this.keys.coldKey], guestData: this.guestDataKey });
  }

  private register(ut: UserThread, role: Role, kind: 'thread.spawn' | 'thread.attach', parent?: number): SdkThread {
    const inherited = ut.rdpkru();
    const t = new SdkThread(ut, role, inherited);
    // The baseline is applied before the thread runs anything, then the thread is recorded with
    // the PKRU it starts from (and the one it arrived with, which may hold its creator's window).
    this.gate.write(t, this.baseline(role), kind);
    this.threads.set(ut.tid, t);
    this.audit.emit({ kind, cycle: ut.task.counters.cycles, tid: ut.tid, pkruBefore: hex32(t.shadow),
      detail: { role: roleName(role), inherited: hex32(inherited), ...(parent !== undefined ? { parent } : {}) } });
    if (!ut.task.seccomp.includes(this.pkruFilter)) ut.task.seccomp = [...ut.task.seccomp, this.pkruFilter, this.ownedFilter, this.gateFilter, this.returnFilter];
    // Every role that may run JIT code (executors, custom roles without code write rights)
    // carries the system-call allowlist.
    if (!t.canWriteCode && roleName(role) !== 'runtime') {
      // An alternate signal stack first (the allowlist refuses sigaltstack afterwards).
      const alt = ut.mmap(0, ALTSTACK_BYTES, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS);
      if (alt < 0 || ut.sigaltstack(alt, ALTSTACK_BYTES) !== 0) throw new SdkError('ALTSTACK', `no alternate signal stack for thread ${ut.tid}: ${formatSyscallResult(alt)}`);
      ut.task.seccomp = [...ut.task.seccomp, executorFilter(this.audit, this.options.executorSyscalls, this.options.strict,
        (nr) => this.runtime.isRuntimeCall(nr) || nr === START_RETURN_NR, (nr, args) => this.owned.refuses(nr, args))];
    }
    return t;
  }

  /** A new thread with `role`, created by `parent` (on the stack below `stackTop` when given); it starts from its role's baseline. */
  spawn(parent: SdkThread, role: Role, stackTop?: number): SdkThread {
    this.checkThread(parent, 'spawn');
    return this.register(parent.ut.clone(stackTop), role, 'thread.spawn', parent.tid);
  }

  /** Puts a thread the SDK did not create under a role. */
  attach(ut: UserThread, role: Role): SdkThread {
    if (this.threads.has(ut.tid)) throw new SdkError('THREAD_KNOWN', `thread ${ut.tid} is already attached`);
    return this.register(ut, role, 'thread.attach');
  }

  /**
   * A new code region of at least `size` bytes (whole pages): int3-filled code pages between
   * two guard pages (PROT_NONE), and a staging image of the same size that is never
   * executable (see code-region.ts).  pkey policy: code RWX and staging RW, both on the
   * cold key; mprotect policy: code R+X and staging R on key 0, flipped by windows and seals.
   */
  createRegion(name: string, size: number): CodeRegion {
    if (this.regions.some((r) => r.name === name)) throw new SdkError('REGION_NAME', `a region named ${name} exists`);
    const bytes = Math.ceil(size / PAGE_SIZE) * PAGE_SIZE;
    const mprotect = this.options.policy === 'mprotect';
    const ut = this.owner.ut;
    const base = this.owned.privileged(() => ut.mmap(0, bytes + 2 * PAGE_SIZE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS));
    if (base < 0) throw new SdkError('REGION_MAP', `mmap of ${bytes} bytes and two guard pages for region ${name}: ${formatSyscallResult(base)}`);
    const start = base + PAGE_SIZE;
    const prot = mprotect ? PROT_READ | PROT_EXEC : PROT_READ | PROT_WRITE | PROT_EXEC;
    // The code pages replace the middle of the reservation (MAP_FIXED: mmap(2)), the guards stay PROT_NONE.
    const r0 = this.owned.privileged(() => ut.mmap(start, bytes, prot, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED));
    this.owned.addRange(base, bytes + 2 * PAGE_SIZE, `region ${name}`);
    if (r0 !== start) throw new SdkError('REGION_MAP', `mmap of region ${name}'s code pages: ${formatSyscallResult(r0)}`);
    // int3 everywhere no verified code is: a stray jump into the region traps (SDM Vol.2 INT3).
    if (!this.machine.poke(ut.pid, start, new Uint8Array(bytes).fill(0xcc))) throw new SdkError('INVARIANT', `region ${name} is not mapped`);
    const staging = this.owned.privileged(() => ut.mmap(0, bytes, mprotect ? PROT_READ : PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS));
    if (staging < 0) throw new SdkError('REGION_MAP', `mmap of ${bytes} bytes of staging for region ${name}: ${formatSyscallResult(staging)}`);
    this.owned.addRange(staging, bytes, `the staging image of region ${name}`);
    const r = new CodeRegion(name, start, bytes, staging, this.options.sealMode);
    this.regions.push(r);
    this.audit.emit({ kind: 'region.create', cycle: this.ownerCycles(), tid: this.owner.tid, region: name,
      range: [hexAddr(start), hexAddr(start + bytes)], detail: { fill: 'int3', prot: mprotect ? 'RX' : 'RWX',
        guards: [[hexAddr(base), hexAddr(start)], [hexAddr(start + bytes), hexAddr(start + bytes + PAGE_SIZE)]],
        staging: [hexAddr(staging), hexAddr(staging + bytes)] } });
    if (!mprotect) this.keys.retag(r, this.keys.cold(), 'new region');
    return r;
  }

  /**
   * Runtime data JIT code may read but never change (function tables, stub targets): `size`
   * bytes (whole pages) on the runtime-data key, which executors hold read-only while compiler
   * and runtime threads may write it.  Returns the address.
   */
  createRuntimeData(name: string, size: number): number {
    return this.mapData(`runtime data ${name}`, size, this.runtimeDataKey, { runtimeData: true });
  }

  /** Maps `size` bytes (whole pages) of guest data on the guest-data key; returns the address. */
  createGuestData(name: string, size: number): number {
    if (this.guestDataKey === null) throw new SdkError('NO_GUEST_DATA', `guest data ${name}: the sandbox was made without the guestData option`);
    return this.mapData(`guest data ${name}`, size, this.guestDataKey, { guestData: true });
  }

  /** Maps read/write pages tagged with `key`, recorded as a key.retag with `detail`. */
  private mapData(what: string, size: number, key: number, detail: Record<string, boolean>): number {
    const bytes = Math.ceil(size / PAGE_SIZE) * PAGE_SIZE;
    const start = this.owned.privileged(() => this.owner.ut.mmap(0, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS));
    if (start < 0) throw new SdkError('REGION_MAP', `mmap of ${bytes} bytes for ${what}: ${formatSyscallResult(start)}`);
    this.owned.addRange(start, bytes, what);
    const r = this.owned.privileged(() => this.owner.ut.pkeyMprotect(start, bytes, PROT_READ | PROT_WRITE, key));
    if (r !== 0) throw new SdkError('RETAG_FAILED', `pkey_mprotect of ${what}: ${formatSyscallResult(r)}`);
    this.audit.emit({ kind: 'key.retag', cycle: this.ownerCycles(), tid: this.owner.tid, key,
      range: [hexAddr(start), hexAddr(start + bytes)], reason: what, detail });
    return start;
  }

  /** Statistics: per region and thread (from the audit log), key cache, and the W^X policy's costs. */
  stats(): SandboxStats {
    return sandboxStats(this);
  }

  /** Reserves an allocation in a region. */
  reserve(region: CodeRegion, size: number, kind: string): Allocation {
    let a: Allocation;
    try {
      a = reserveIn(region, size, kind);
    } catch (e) {
      // Out of space: reclaim what no thread can be in, then try once more.
      if (!(e instanceof SdkError) || e.code !== 'REGION_FULL' || collect(this, region).reclaimed === 0) throw e;
      a = reserveIn(region, size, kind);
    }
    // Its staging image starts as int3 too: bytes a window never wrote seal as int3.
    if (!this.machine.poke(this.owner.ut.pid, a.stagingStart, new Uint8Array(a.size).fill(0xcc))) throw new SdkError('INVARIANT', `region ${region.name}'s staging is not mapped`);
    this.audit.emit({ kind: 'alloc.reserve', cycle: this.ownerCycles(), tid: this.owner.tid, region: region.name, alloc: a.id,
      range: [hexAddr(a.start), hexAddr(a.start + a.size)], detail: { kind } });
    return a;
  }

  /** Opens a write window for `thread` on `alloc` (see windows.ts). */
  openWindow(thread: SdkThread, alloc: Allocation, opts: WindowOptions): WriteWindow {
    return openWindow(this, thread, alloc, opts);
  }

  /** Runs `fn` with a window that is closed in `finally`; a callback that returns a promise is an error. */
  withWindow<T>(thread: SdkThread, alloc: Allocation, opts: WindowOptions, fn: (w: WriteWindow) => T): T {
    return withWindow(this, thread, alloc, opts, fn);
  }

  /** A new window id. */
  nextWindowId(): string {
    return `w${this.windowCount++}`;
  }

  /** The SDK thread's simulated cycles (the clock of process-wide records). */
  ownerCycles(): number {
    return this.owner.ut.task.counters.cycles;
  }

  /** Ids of the windows open on an allocation. */
  openWindowsOn(a: Allocation): string[] {
    return [...this.windows.values()].filter((w) => w.alloc === a && !w.closed).map((w) => w.id);
  }

  /** Verifies and seals written code; returns the receipt (throws VerifyError on findings). */
  seal(a: Allocation, verifiers: readonly Verifier[] = [], opts: { allowSyscall?: boolean } = {}): SealReceipt {
    return sealAlloc(this, a, verifiers, opts);
  }

  /** Makes sealed code enterable. */
  publish(a: Allocation): void {
    publishAlloc(this, a);
  }

  /** Fills code with int3 and forbids entering it again. */
  retire(a: Allocation): void {
    retireAlloc(this, a);
  }

  /** Re-checks that published code still holds its sealed bytes. */
  checkIntegrity(a: Allocation): boolean {
    return checkIntegrity(this, a);
  }
}
