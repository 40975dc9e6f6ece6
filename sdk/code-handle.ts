/**
 * The one-call code API: `sbx.load(region, code, { reason })` reserves, stages, verifies, seals
 * and publishes in one step and returns a CodeHandle (after wasmtime's CodeMemory::publish and
 * V8's WritableJitAllocation: the caller never holds a writable view of executable code).
 *
 * A handle owns an 8-byte entry slot in runtime data (read-only for executors) that always
 * holds the entry of its current body.  JIT code that calls through the slot
 * (`call [rip -> slot]`) and `handle.call` both follow `replace`: a new body is loaded and
 * verified first, then the slot is switched with one aligned 8-byte store, which no thread can
 * observe half-done (SDM Vol.3A 9.1.1: aligned quadword accesses are atomic; here threads
 * interleave at instruction boundaries).  The old body is retired, and its space reclaimed,
 * at its quiescent point (reclaim.ts).
 *
 * `start` (and `sbx.start`) enters code like a call: [rsp] holds the address of the SDK's
 * return trampoline, `mov rdi, rax; mov eax, START_RETURN_NR; syscall`, verified and sealed
 * like any code, so a body that returns normally ends its thread with RAX recorded
 * (StartedCode.result) instead of faulting at a made-up address.
 */
import type { Scheduler } from '../mpk-hw/kernel/scheduler.js';
import type { SeccompFilter } from '../mpk-hw/kernel/task.js';
import type { GuestCallResult } from '../mpk-hw/guest.js';
import { hexAddr } from './audit/schema.js';
import { peekFit, type Allocation, type CodeRegion } from './code-region.js';
import type { EnterOptions } from './enter.js';
import { SdkError } from './errors.js';
import { collect, quiescent } from './reclaim.js';
import { START_RETURN_NR, StartedCode, trampolineBytes } from './start-return.js';
import type { SandboxCore } from './sandbox-core.js';
import { installSdkCode, retireNow } from './seal.js';
import type { SdkThread } from './threads.js';
import { checkBool, checkOptions, checkString, isBytes, refuse } from './validate.js';
import type { Verifier } from './verifier.js';

/** Code to load: the bytes, or a function of the address they will run at (for rel32 to other code). */
export type CodeSource = Uint8Array | ((address: number) => Uint8Array);

/** Options of `sbx.load` and `handle.replace`. */
export interface LoadOptions {
  /** Why the code is loaded: goes into the audit log (required, non-empty). */
  readonly reason: string;
  /** Caller's site (file:line or a label). */
  readonly site?: string;
  /** The thread that writes the bytes (a compiler-role thread); default: the SDK's own loader thread. */
  readonly writer?: SdkThread;
  /** What the code is, for reports (default 'function'). */
  readonly kind?: string;
  /** Verifiers run at seal and at publish, besides the SDK's own. */
  readonly verifiers?: readonly Verifier[];
  /** Whether the code may contain SYSCALL (default: the sandbox's allowSyscall option). */
  readonly allowSyscall?: boolean;
}

const LOAD_KEYS = ['reason', 'site', 'writer', 'kind', 'verifiers', 'allowSyscall'] as const;

/** Checks load options at the API boundary (threads are checked against the sandbox by the caller). */
export function checkLoadOptions(opts: unknown): void {
  if (opts === undefined || opts === null) refuse('load options', opts, "an object with a reason ({ reason: 'why' })", 'BAD_OPTION');
  checkOptions('load options', opts, LOAD_KEYS);
  const o = opts as Record<string, unknown>;
  checkString('load option reason (required: why the code is loaded, for the audit log)', o['reason'], 'BAD_OPTION');
  if (o['site'] !== undefined) checkString('load option site', o['site'], 'BAD_OPTION');
  if (o['kind'] !== undefined) checkString('load option kind', o['kind'], 'BAD_OPTION');
  if (o['allowSyscall'] !== undefined) checkBool('load option allowSyscall', o['allowSyscall']);
  const v = o['verifiers'];
  if (v !== undefined && (!Array.isArray(v) || v.some((f: unknown) => f === null || typeof f !== 'object' ||
    typeof (f as { name?: unknown }).name !== 'string' || typeof (f as { check?: unknown }).check !== 'function'))) {
    refuse('load option verifiers', v, 'an array of verifiers { name, check(input) }', 'BAD_OPTION');
  }
}

/** Checks the code argument of load/replace. */
export function checkCodeSource(code: unknown): CodeSource {
  if (isBytes(code) || typeof code === 'function') return code as CodeSource;
  return refuse('load: code', code, 'a Uint8Array of machine code or a function (address) => Uint8Array');
}

/** The bytes `code` gives for `address`, checked. */
function produce(code: CodeSource, address: number): Uint8Array {
  const bytes = typeof code === 'function' ? code(address) : code;
  if (!isBytes(bytes)) refuse(`load: code(${hexAddr(address)})`, bytes, 'a Uint8Array of machine code');
  if (bytes.length === 0) throw new SdkError('BAD_SIZE', 'load: the code is empty');
  return bytes;
}

/** A loaded body of code and its entry slot. */
export class CodeHandle implements Disposable {
  /** The region its bodies live in. */
  readonly region: CodeRegion;
  /** Address of its entry slot in runtime data (8 bytes, read-only for executors): JIT code calls `[slot]`. */
  readonly slot: number;
  /** Its id in the audit log's `replace` records. */
  readonly id: string;
  readonly #sbx: SandboxCore;
  readonly #ops: HandleOps;
  #body: Allocation;
  #disposed = false;

  /** SDK-internal: handles come from sbx.load. */
  constructor(sbx: SandboxCore, ops: HandleOps, id: string, body: Allocation, slot: number) {
    this.#sbx = sbx;
    this.#ops = ops;
    this.id = id;
    this.region = body.region;
    this.#body = body;
    this.slot = slot;
  }

  /** The allocation of the current body. */
  get body(): Allocation {
    return this.#body;
  }

  /** The entry address of the current body. */
  get address(): number {
    return this.#body.start;
  }

  /** Whether it was disposed (its body retired; calls refused). */
  get disposed(): boolean {
    return this.#disposed;
  }

  /** Calls the current body on an executor thread with up to 6 integer arguments; returns RAX as a signed 64-bit value. */
  call(thread: SdkThread, ...args: (number | bigint)[]): bigint {
    return BigInt.asIntN(64, this.enter(thread, args).rax);
  }

  /** Calls the current body and returns the whole result (RAX unsigned, cycles, ...), with entry options. */
  enter(thread: SdkThread, args: readonly (number | bigint)[] = [], opts: EnterOptions = {}): GuestCallResult {
    this.#live('call');
    return this.#ops.enter(thread, this.#body, args, opts);
  }

  /** Starts the current body on a thread under a scheduler; a normal return ends the thread with its result recorded. */
  start(sched: Scheduler, thread: SdkThread, ...args: (number | bigint)[]): StartedCode {
    this.#live('start');
    return this.#ops.start(sched, thread, this.#body, args);
  }

  /**
   * Loads `code` as the new body (verified and published first), switches the slot to it, and
   * retires the old body at its quiescent point (at once when no thread can be in it).
   */
  replace(code: CodeSource, opts: LoadOptions): this {
    this.#live('replace');
    this.#ops.replace(this, code, opts, (next) => {
      const old = this.#body;
      this.#body = next;
      return old;
    });
    return this;
  }

  /** Retires the current body (at its quiescent point) and points the slot at an int3 trap; idempotent. */
  dispose(): void {
    if (this.#disposed || this.#sbx.closed) return;
    this.#disposed = true;
    this.#ops.dispose(this, this.#body);
  }

  [Symbol.dispose](): void {
    this.dispose();
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return `CodeHandle { ${this.id}, body: ${this.#body.id} at ${hexAddr(this.#body.start)}, slot: ${hexAddr(this.slot)}${this.#disposed ? ', disposed' : ''} }`;
  }

  #live(what: string): void {
    if (this.#disposed) throw new SdkError('HANDLE_DISPOSED', `${what} on ${this.id}: the handle was disposed (its code is retired)`);
  }
}

/** What a handle asks of the sandbox (the facade supplies checked, guarded versions). */
export interface HandleOps {
  enter(thread: SdkThread, body: Allocation, args: readonly (number | bigint)[], opts: EnterOptions): GuestCallResult;
  start(sched: Scheduler, thread: SdkThread, body: Allocation, args: readonly (number | bigint)[]): StartedCode;
  replace(h: CodeHandle, code: CodeSource, opts: LoadOptions, swap: (next: Allocation) => Allocation): void;
  dispose(h: CodeHandle, body: Allocation): void;
}

/** Bytes of runtime data per page of slots. */
const SLOT_PAGE = 4096;

/** The SDK's code services of one sandbox: its loader thread, the return trampoline, entry slots, replaced bodies. */
export class CodeServices {
  readonly #sbx: SandboxCore;
  #loader: SdkThread | null = null;
  #sdkRegion: { region: CodeRegion; trampoline: number } | null = null;
  #slots: { next: number; end: number } = { next: 0, end: 0 };
  #handles = 0;
  /** Bodies a replace or dispose left behind, by the handle id that left them. */
  readonly #pending = new Map<Allocation, string>();
  /** Threads started with a return trampoline, by tid. */
  readonly #started = new Map<number, StartedCode>();

  constructor(sbx: SandboxCore) {
    this.#sbx = sbx;
  }

  /** The thread loads write with by default: a compiler thread of the SDK's own, spawned at first use. */
  loader(): SdkThread {
    this.#loader ??= this.#sbx.spawn(this.#sbx.owner, 'compiler');
    return this.#loader;
  }

  /** The SDK's own region ('sdk': the return trampoline; the rest int3), created at first use. */
  #sdk(): { region: CodeRegion; trampoline: number } {
    if (this.#sdkRegion !== null) return this.#sdkRegion;
    const sbx = this.#sbx;
    const region = sbx.createRegion('sdk', 4096);
    const a = sbx.reserve(region, 16, 'start return trampoline');
    installSdkCode(sbx, a, trampolineBytes(), true);
    this.#sdkRegion = { region, trampoline: a.start };
    return this.#sdkRegion;
  }

  /** Where started code returns to. */
  returnAddress(): number {
    return this.#sdk().trampoline;
  }

  /** An int3 byte of the SDK's region that is never allocated: where a disposed handle's slot points. */
  trapAddress(): number {
    const { region } = this.#sdk();
    return region.start + region.size - 1;
  }

  /** Notes a thread started with the trampoline as its return address. */
  started(t: SdkThread): StartedCode {
    // Threads that ended some other way (exit, a fault, a kill) leave their entries behind: drop them.
    for (const [tid, x] of this.#started) if (x.thread.ut.task.dead) this.#started.delete(tid);
    const s = new StartedCode(t);
    this.#started.set(t.tid, s);
    return s;
  }

  /** The filter that serves the trampoline's system call: records RAX, ends the thread. */
  filter(): SeccompFilter {
    return (nr, args, task) => {
      if (nr !== START_RETURN_NR) return 'allow';
      const s = this.#started.get(task.tid);
      // Only a started thread ends here; any other (a hostile jump) gets EPERM and runs into the int3 after it.
      if (s === undefined) return { errno: 1 /* EPERM */ };
      const rax = args[0] ?? 0n;
      StartedCode.returned(s, rax);
      this.#started.delete(task.tid);
      this.#sbx.audit.emit({ kind: 'thread.exit', cycle: task.counters.cycles, tid: task.tid, reason: 'returned from started code',
        detail: { by: 'start return trampoline', rax: `0x${BigInt.asUintN(64, rax).toString(16)}`, action: 'kill-thread' } });
      return 'kill-thread';
    };
  }

  /** A new entry slot in runtime data (slots are never reused: a stale caller of a disposed handle reaches the trap). */
  #slot(): number {
    if (this.#slots.next + 8 > this.#slots.end) {
      const base = this.#sbx.createRuntimeData(`code handle slots ${this.#handles}`, SLOT_PAGE);
      this.#slots = { next: base, end: base + SLOT_PAGE };
    }
    const s = this.#slots.next;
    this.#slots.next += 8;
    return s;
  }

  /** Writes an entry into a slot: one aligned 8-byte store by the SDK's runtime thread (rights on runtime data). */
  #setSlot(slot: number, entry: number): void {
    this.#sbx.owner.ut.write64(slot, BigInt(entry));
  }

  /** Reserves, stages, verifies, seals and publishes `code` in `region`; a refused body never becomes executable and its space is reclaimed. */
  body(region: CodeRegion, code: CodeSource, opts: LoadOptions): Allocation {
    const sbx = this.#sbx;
    const writer = opts.writer ?? this.loader();
    // A function of the address is asked first for the place first fit would give its bytes;
    // if they do not fit there, again for the place they got (the length may not grow).
    const probe = typeof code === 'function' ? peekFit(region) : undefined;
    let bytes = produce(code, region.start + (probe ?? 0));
    if (bytes.length > region.size) throw new SdkError('BAD_SIZE', `load: the code is ${bytes.length} bytes; region ${region.name} has ${region.size}`);
    const a = sbx.reserve(region, bytes.length, opts.kind ?? 'function');
    try {
      if (typeof code === 'function' && a.offset !== probe) {
        bytes = produce(code, a.start);
        if (bytes.length > a.size) {
          throw new SdkError('LOAD_SIZE', `load: code(${hexAddr(a.start)}) gave ${bytes.length} bytes, more than the ${a.size} ` +
            'it gave for the first address tried; the length must not grow with the address');
        }
      }
      sbx.withWindow(writer, a, { reason: opts.reason, ...(opts.site !== undefined ? { site: opts.site } : {}) }, (w) => w.write(0, bytes));
      sbx.seal(a, opts.verifiers ?? [], opts.allowSyscall !== undefined ? { allowSyscall: opts.allowSyscall } : {});
      sbx.publish(a);
    } catch (e) {
      // Still int3 in the code pages: retire it and give the space back when no thread can be in it.
      if (a.state !== 'retired' && sbx.openWindowsOn(a).length === 0) retireNow(sbx, a, { refused: true });
      collect(sbx, region);
      throw e;
    }
    return a;
  }

  /** sbx.load: a body and a handle whose slot holds its entry. */
  load(region: CodeRegion, code: CodeSource, opts: LoadOptions, ops: HandleOps): CodeHandle {
    const body = this.body(region, code, opts);
    const slot = this.#slot();
    this.#setSlot(slot, body.start);
    const h = new CodeHandle(this.#sbx, ops, `handle${this.#handles++}`, body, slot);
    this.#sbx.audit.emit({ kind: 'replace', cycle: this.#sbx.ownerCycles(), tid: this.#sbx.owner.tid, region: region.name, alloc: body.id,
      reason: opts.reason, ...(opts.site !== undefined ? { site: opts.site } : {}),
      detail: { handle: h.id, slot: hexAddr(slot), from: null, to: body.id } });
    return h;
  }

  /** handle.replace: load the new body, switch the slot, leave the old body to retire at its quiescent point. */
  replace(h: CodeHandle, code: CodeSource, opts: LoadOptions, swap: (next: Allocation) => Allocation): void {
    const next = this.body(h.region, code, opts);
    if (h.disposed) {
      // The code source disposed the handle meanwhile: the new body goes the way of the old one.
      this.#pending.set(next, h.id);
      collect(this.#sbx, h.region);
      throw new SdkError('HANDLE_DISPOSED', `replace on ${h.id}: the handle was disposed while its new body was loading`);
    }
    this.#setSlot(h.slot, next.start);
    const old = swap(next);
    this.#sbx.audit.emit({ kind: 'replace', cycle: this.#sbx.ownerCycles(), tid: this.#sbx.owner.tid, region: h.region.name, alloc: next.id,
      reason: opts.reason, ...(opts.site !== undefined ? { site: opts.site } : {}),
      detail: { handle: h.id, slot: hexAddr(h.slot), from: old.id, to: next.id } });
    this.#pending.set(old, h.id);
    collect(this.#sbx, h.region);
  }

  /** handle.dispose: the slot points at a trap, the body retires at its quiescent point. */
  dispose(h: CodeHandle, body: Allocation): void {
    this.#setSlot(h.slot, this.trapAddress());
    this.#sbx.audit.emit({ kind: 'replace', cycle: this.#sbx.ownerCycles(), tid: this.#sbx.owner.tid, region: h.region.name, alloc: body.id,
      reason: 'handle disposed', detail: { handle: h.id, slot: hexAddr(h.slot), from: body.id, to: null } });
    this.#pending.set(body, h.id);
    collect(this.#sbx, h.region);
  }

  /** Retires the left-behind bodies of `region` no thread can be in now; returns how many. */
  retirePending(region: CodeRegion): number {
    let n = 0;
    for (const [a, handle] of [...this.#pending]) {
      if (a.region !== region || this.#sbx.openWindowsOn(a).length > 0 || !quiescent(this.#sbx, a)) continue;
      this.#pending.delete(a);
      if (a.state !== 'retired') retireNow(this.#sbx, a, { replacedIn: handle });
      n++;
    }
    return n;
  }

  /** Bodies still waiting for their quiescent point. */
  pendingCount(): number {
    return this.#pending.size;
  }
}

