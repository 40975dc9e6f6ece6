/**
 * Host-driven user threads: host code performs a thread's memory accesses, PKRU writes and
 * system calls, and every one goes through the machine exactly as the thread's own
 * instructions would: the MMU checks the thread's PKRU, faults become signals whose handlers
 * run with the frame in guest memory, and the faulting access is retried after rt_sigreturn.
 */
import { Gpr } from './cpu/regs.js';
import { CpuException, GeneralProtection, PageFault, type Access } from './fault.js';
import { MpkHwError, hex } from './errors.js';
import type { HwThread } from './hw-thread.js';
import { PAGE_SIZE } from './phys-mem.js';
import { xrstorPkru, xsavePkru, type XsaveMemory } from './xsave.js';
import { MAP_ANONYMOUS, MAP_PRIVATE, PROT_READ, PROT_WRITE, SYS } from './kernel/constants.js';
import { TaskGone, type Kernel } from './kernel/kernel.js';
import { deliverPending, type SignalContext } from './kernel/signals.js';
import { handleException } from './kernel/traps.js';
import { callGuest, HOST_RETURN, type GuestCallOptions, type GuestCallResult } from './guest.js';
import { syscall } from './kernel/syscalls.js';
import { SI_ADDR, SI_CODE, SI_PKEY } from './kernel/sigframe.js';
import type { Task } from './kernel/task.js';

/** What a host signal handler receives: the kernel's context plus the thread to act through. */
export interface HandlerContext extends SignalContext {
  /** The interrupted thread, now running the handler (PKRU = init_pkru_value). */
  readonly thread: UserThread;
  /** Reads si_signo, si_code, si_addr and si_pkey back from the frame in guest memory. */
  readSiginfo(): { signo: number; code: number; addr: number; pkey: number };
}

/** A host signal handler. */
export type UserHandler = (ctx: HandlerContext) => void;

/** Options of sigaction. */
export interface SigactionOptions {
  /** SA_* flags (SA_SIGINFO is implied for host handlers). */
  readonly flags?: number;
  /** Signals blocked while the handler runs. */
  readonly mask?: bigint;
}

type Arg = number | bigint;
const toU64 = (v: Arg): bigint => BigInt.asUintN(64, typeof v === 'bigint' ? v : BigInt(Math.trunc(v)));

/** A thread of a simulated process, driven by host code. */
export class UserThread {
  readonly kernel: Kernel;
  readonly task: Task;
  /** A page of this thread's own memory used to pass syscall arguments (allocated on demand). */
  private scratchPage = 0;

  constructor(kernel: Kernel, task: Task) {
    this.kernel = kernel;
    this.task = task;
  }

  get tid(): number { return this.task.tid; }
  get pid(): number { return this.task.process.pid; }
  /** Whether the thread can still run. */
  get alive(): boolean { return !this.task.dead; }

  /**
   * Runs a user-mode operation, turning faults into signals and retrying after the handler.
   * An access spanning many pages takes one fault per page that needs one (demand paging,
   * pages translated in ascending order), so the count of faults in a row towards
   * faultRetryLimit starts again only when a fault is higher than every earlier one of this
   * access: a handler that keeps any page faulting (even alternating pages) still reaches it.
   */
  private user<T>(op: (cpu: HwThread) => T): T {
    const k = this.kernel;
    let highest = -1;
    for (let faults = 0; ; faults++) {
      if (this.task.dead) throw new TaskGone(this.task, this.task.process.exit, `thread ${this.tid} is not running`);
      deliverPending(k, this.task);
      const cpu = k.ensureOnCpu(this.task);
      try {
        return op(cpu);
      } catch (e) {
        if (!(e instanceof CpuException)) throw e;
        const address = e instanceof PageFault ? e.address : null;
        if (address !== null && address > highest) {
          faults = 0;
          highest = address;
        }
        if (faults >= k.config.faultRetryLimit) {
          throw new MpkHwError('FAULT_LOOP', `thread ${this.tid}: ${faults} faults in a row on one access (last: ${e.message})`);
        }
        handleException(k, this.task, e);
      }
    }
  }

  /** Translates every page of [va, va+n) for `access` before any byte moves (precise faults). */
  private pieces(cpu: HwThread, va: number, n: number, access: Access): Array<[number, number, number]> {
    const out: Array<[number, number, number]> = [];
    for (let off = 0; off < n;) {
      const addr = va + off;
      const len = Math.min(n - off, PAGE_SIZE - (addr % PAGE_SIZE));
      out.push([cpu.mmu.translate(addr, access, cpu.pkru), off, len]);
      off += len;
    }
    return out;
  }

  /** Reads `n` bytes at `va` as the thread would (data reads, PKRU checked). */
  read(va: number, n: number): Uint8Array {
    return this.user((cpu) => this.copyOut(cpu, va, n, 'read'));
  }

  /** Instruction fetch of `n` bytes at `va` (NX checked, PKRU never). */
  fetch(va: number, n: number): Uint8Array {
    return this.user((cpu) => this.copyOut(cpu, va, n, 'fetch'));
  }

  private copyOut(cpu: HwThread, va: number, n: number, access: Access): Uint8Array {
    this.chargeAccess(n);
    const out = new Uint8Array(n);
    for (const [pa, off, len] of this.pieces(cpu, va, n, access)) out.set(this.kernel.mem.readInFrame(pa, len), off);
    return out;
  }

  /** Writes bytes at `va` as the thread would. */
  write(va: number, bytes: Uint8Array): void {
    this.chargeAccess(bytes.length);
    this.user((cpu) => {
      for (const [pa, off, len] of this.pieces(cpu, va, bytes.length, 'write')) {
        this.kernel.mem.writeInFrame(pa, bytes.subarray(off, off + len));
      }
    });
  }

  /** Charges the cycles of moving `n` bytes (one access per 8 bytes). */
  private chargeAccess(n: number): void {
    this.kernel.charge(this.task, null, Math.max(1, Math.ceil(n / 8)) * this.kernel.config.costs.memoryAccess);
  }

  read8(va: number): number { return this.read(va, 1)[0] as number; }
  read32(va: number): number { return new DataView(this.read(va, 4).buffer).getUint32(0, true); }
  read64(va: number): bigint { return new DataView(this.read(va, 8).buffer).getBigUint64(0, true); }
  write8(va: number, v: number): void { this.write(va, Uint8Array.of(v & 0xff)); }
  write32(va: number, v: number): void {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setUint32(0, v >>> 0, true);
    this.write(va, b);
  }
  write64(va: number, v: bigint): void {
    const b = new Uint8Array(8);
    new DataView(b.buffer).setBigUint64(0, BigInt.asUintN(64, v), true);
    this.write(va, b);
  }

  /** WRPKRU with EAX = value (ECX and EDX as given, 0 by default). */
  wrpkru(value: number, ecx = 0, edx = 0): void {
    this.user((cpu) => {
      cpu.wrpkru(value, ecx, edx);
      this.kernel.charge(this.task, 'wrpkru', this.kernel.config.costs.wrpkru);
    });
  }

  /** RDPKRU (ECX as given, 0 by default). */
  rdpkru(ecx = 0): number {
    return this.user((cpu) => {
      this.kernel.charge(this.task, 'rdpkru', this.kernel.config.costs.rdpkru);
      return cpu.rdpkru(ecx);
    });
  }

  /** XSAVE with EDX:EAX = rfbm of the PKRU component into the area at `addr` (64-byte aligned). */
  xsave(addr: number, rfbm: number): void {
    this.user((cpu) => {
      if (addr % 64 !== 0) throw new GeneralProtection(`XSAVE area ${hex(addr)} not 64-byte aligned`);
      xsavePkru(this.xsaveMemory(addr), this.kernel.config.xsave, cpu.pkru, cpu.xinusePkru, rfbm);
    });
  }

  /** XRSTOR with EDX:EAX = rfbm from the area at `addr`: XSTATE_BV[9] = 0 loads PKRU = 0. */
  xrstor(addr: number, rfbm: number): void {
    this.user((cpu) => {
      if (addr % 64 !== 0) throw new GeneralProtection(`XRSTOR area ${hex(addr)} not 64-byte aligned`);
      const r = xrstorPkru(this.xsaveMemory(addr), this.kernel.config.xsave, rfbm);
      if (r !== null) {
        cpu.pkru = r.pkru;
        cpu.xinusePkru = r.xinuse;
      }
    });
  }

  private xsaveMemory(base: number): XsaveMemory {
    const cpu = this.kernel.ensureOnCpu(this.task);
    const at = (o: number, access: Access): number => cpu.mmu.translate(base + o, access, cpu.pkru);
    const mem = this.kernel.mem;
    return {
      read32: (o) => new DataView(mem.readInFrame(at(o, 'read'), 4).buffer).getUint32(0, true),
      write32: (o, v) => {
        const b = new Uint8Array(4);
        new DataView(b.buffer).setUint32(0, v >>> 0, true);
        mem.writeInFrame(at(o, 'write'), b);
      },
    };
  }

  /**
   * Calls guest code at `entry` on this thread (System V arguments in RDI, RSI, RDX, RCX, R8,
   * R9) and runs it on the CPU until it returns; faults, system calls and signals are handled
   * by the kernel as for any thread.
   */
  call(entry: number, args: readonly Arg[] = [], opts: GuestCallOptions = {}): GuestCallResult {
    if (this.task.dead) throw new TaskGone(this.task, this.task.process.exit, `thread ${this.tid} is not running`);
    return callGuest(this.kernel, this.task, entry, args.map(toU64), (rsp) => this.write64(rsp, BigInt(HOST_RETURN)), opts);
  }

  /** Raw system call: returns the result register (negative errno on failure). */
  syscall(nr: number, ...args: Arg[]): number {
    if (this.task.dead) throw new TaskGone(this.task, this.task.process.exit, `thread ${this.tid} is not running`);
    return syscall(this.kernel, this.task, nr, args.map(toU64));
  }

  mmap(addr: Arg, len: Arg, prot: Arg, flags: Arg = MAP_PRIVATE | MAP_ANONYMOUS, fd: Arg = -1, off: Arg = 0): number {
    return this.syscall(SYS.mmap, addr, len, prot, flags, fd, off);
  }
  munmap(addr: Arg, len: Arg): number { return this.syscall(SYS.munmap, addr, len); }
  mprotect(addr: Arg, len: Arg, prot: Arg): number { return this.syscall(SYS.mprotect, addr, len, prot); }
  pkeyMprotect(addr: Arg, len: Arg, prot: Arg, pkey: Arg): number { return this.syscall(SYS.pkey_mprotect, addr, len, prot, pkey); }
  pkeyAlloc(flags: Arg = 0, rights: Arg = 0): number { return this.syscall(SYS.pkey_alloc, flags, rights); }
  pkeyFree(pkey: Arg): number { return this.syscall(SYS.pkey_free, pkey); }
  madvise(addr: Arg, len: Arg, advice: Arg): number { return this.syscall(SYS.madvise, addr, len, advice); }
  tkill(tid: number, sig: number): number { return this.syscall(SYS.tkill, tid, sig); }
  /** raise(): tkill to this thread; the handler runs before this returns. */
  raise(sig: number): number { return this.tkill(this.tid, sig); }
  /** exit: ends this thread (throws TaskGone to unwind the host code driving it). */
  exit(code: number): never { this.syscall(SYS.exit, code); throw new MpkHwError('INVARIANT', 'exit returned'); }

  /** Installs a signal action (host handler, or the default/ignore disposition). */
  sigaction(sig: number, handler: UserHandler | 'default' | 'ignore', opts: SigactionOptions = {}): void {
    const h = typeof handler === 'function' ? (ctx: SignalContext) => handler(this.handlerContext(ctx)) : handler;
    this.task.process.sigactions.set(sig, { handler: h, flags: opts.flags ?? 0, mask: opts.mask ?? 0n, restorer: 0 });
  }

  private handlerContext(ctx: SignalContext): HandlerContext {
    const thread = this.kernel.tasks.get(ctx.task.tid) === this.task ? this : new UserThread(this.kernel, ctx.task);
    return {
      ...ctx,
      thread,
      readSiginfo: () => {
        const b = new DataView(thread.read(ctx.siginfoAddr, 0x24).buffer);
        return { signo: b.getInt32(0, true), code: b.getInt32(SI_CODE, true),
          addr: Number(b.getBigUint64(SI_ADDR, true)), pkey: b.getUint32(SI_PKEY, true) };
      },
    };
  }

  /** sigaltstack with a new stack (or SS_DISABLE); returns 0 or -errno. */
  sigaltstack(sp: number, size: number, flags = 0): number {
    const s = this.scratch();
    this.write64(s, BigInt(sp));
    this.write64(s + 8, BigInt(flags));
    this.write64(s + 16, BigInt(size));
    return this.syscall(SYS.sigaltstack, s, 0);
  }

  /** A new thread in this process (raw clone with CLONE_VM); a stack is mapped when none is given. */
  clone(stackTop?: number): UserThread {
    let top = stackTop;
    if (top === undefined) {
      const size = this.kernel.config.stackSize;
      const base = this.mmap(0, size, PROT_READ | PROT_WRITE);
      if (base < 0) throw new MpkHwError('CLONE_FAILED', `no memory for a thread stack: ${base}`);
      top = base + size;
    }
    const r = this.syscall(SYS.clone, 0x100 | 0x800 | 0x10000, top);
    const t = this.kernel.tasks.get(r);
    if (t === undefined) throw new MpkHwError('CLONE_FAILED', `clone failed: ${r}`);
    return new UserThread(this.kernel, t);
  }

  /** fork: returns the child's main thread. */
  fork(): UserThread {
    const pid = this.syscall(SYS.fork);
    const t = this.kernel.processes.get(pid)?.tasks[0];
    if (t === undefined) throw new MpkHwError('FORK_FAILED', `fork failed: ${pid}`);
    return new UserThread(this.kernel, t);
  }

  /** A page of the thread's memory for passing syscall arguments (key 0, read/write). */
  scratch(): number {
    if (this.scratchPage === 0) {
      const p = this.mmap(0, PAGE_SIZE, PROT_READ | PROT_WRITE);
      if (p < 0) throw new MpkHwError('NO_MEMORY', `scratch page: ${p}`);
      this.scratchPage = p;
    }
    return this.scratchPage;
  }

  /** The stack pointer. */
  get rsp(): number { return this.task.regs.getNum(Gpr.RSP); }
}
