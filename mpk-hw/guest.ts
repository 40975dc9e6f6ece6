/**
 * Running guest code from host code: `callGuest` makes a host-driven thread call a function at
 * a guest address with the System V AMD64 calling convention (arguments in RDI, RSI, RDX, RCX,
 * R8, R9; result in RAX) and runs it on the CPU until it returns.  The return address pushed
 * is HOST_RETURN, an address below vm.mmap_min_addr that can never be mapped, so the `ret`
 * back to the host shows up as an instruction fetch fault there.  System calls, faults and
 * signals (guest or host handlers) are handled by the kernel exactly as for scheduled threads.
 */
import { Gpr } from './cpu/regs.js';
import { MpkHwError, hex } from './errors.js';
import { PageFault } from './fault.js';
import type { Kernel } from './kernel/kernel.js';
import { deliverPending } from './kernel/signals.js';
import { guestSyscall } from './kernel/syscalls.js';
import type { Task } from './kernel/task.js';
import { handleException } from './kernel/traps.js';

/** The return address of a host call: below mmap_min_addr (0x10000), never mappable. */
export const HOST_RETURN = 0x1000;

/** Options of a guest call. */
export interface GuestCallOptions {
  /** Most instructions the call may retire (default 100 million). */
  readonly budget?: number;
}

/** What a guest call did. */
export interface GuestCallResult {
  /** RAX at return. */
  readonly rax: bigint;
  /** Instructions retired. */
  readonly instructions: number;
}

const ARG_REGS = [Gpr.RDI, Gpr.RSI, Gpr.RDX, Gpr.RCX, Gpr.R8, Gpr.R9];

/**
 * Counts exceptions taken without an instruction retiring in between: a handler that never
 * fixes the cause would make the same instruction fault forever, so after the kernel's
 * faultRetryLimit the machine stops with FAULT_LOOP instead of spinning.
 */
export function noteFault(k: Kernel, task: Task, retired: number, what: string): void {
  task.faultStreak = retired > 0 ? 1 : task.faultStreak + 1;
  if (task.faultStreak > k.config.faultRetryLimit) {
    task.faultStreak = 0;
    throw new MpkHwError('FAULT_LOOP', `thread ${task.tid}: ${k.config.faultRetryLimit} faults in a row at rip ${hex(task.regs.rip)} (last: ${what})`);
  }
}

/** Whether an exception is the `ret` to HOST_RETURN. */
function returnedToHost(e: unknown): boolean {
  return e instanceof PageFault && e.access === 'fetch' && e.address === HOST_RETURN;
}

/**
 * Calls the guest function at `entry` on `task` (host-driven) and runs it to its return.
 * `push` writes the return address on the thread's stack as the thread itself would.
 */
export function callGuest(k: Kernel, task: Task, entry: number, args: readonly bigint[], push: (rsp: number) => void,
  opts: GuestCallOptions = {}): GuestCallResult {
  if (args.length > ARG_REGS.length) throw new MpkHwError('GUEST_CALL', `at most ${ARG_REGS.length} register arguments`);
  const r = task.regs;
  const rsp = r.getNum(Gpr.RSP) - 8;
  push(rsp);
  r.setNum(Gpr.RSP, rsp);
  args.forEach((v, i) => r.set64(ARG_REGS[i] as Gpr, v));
  r.rip = entry;
  const budget = opts.budget ?? 100_000_000;
  const wasGuest = task.guest;
  task.guest = true;
  let retired = 0;
  try {
    for (;;) {
      deliverPending(k, task);
      const hw = k.ensureOnCpu(task);
      const core = hw.core;
      if (core === null) throw new MpkHwError('NO_CPU', 'this machine has no CPU interpreter attached');
      const before = core.stats.instructions;
      const exit = core.run(r, Math.min(1_000_000, budget - retired));
      const n = core.stats.instructions - before;
      retired += n;
      k.charge(task, null, n);
      if (exit.kind === 'syscall') guestSyscall(k, task);
      else if (exit.kind === 'exception') {
        if (returnedToHost(exit.exception)) return { rax: r.get64(Gpr.RAX), instructions: retired };
        noteFault(k, task, n, exit.exception.message);
        handleException(k, task, exit.exception);
      } else if (retired >= budget) {
        throw new MpkHwError('BUDGET', `guest call to ${hex(entry)} ran ${retired} instructions without returning (rip ${hex(r.rip)})`);
      }
    }
  } finally {
    task.guest = wasGuest;
  }
}
