/**
 * Exceptions taken in user mode become signals (arch/x86/kernel/traps.c, mm/fault.c):
 * #PF -> the page-fault handler (SIGSEGV with MAPERR/ACCERR/PKUERR, or a fixed-up retry),
 * #GP -> SIGSEGV with SI_KERNEL and si_addr 0, #UD -> SIGILL ILL_ILLOPN, #DE -> SIGFPE
 * FPE_INTDIV, #BP -> SIGTRAP.  The signal is forced: blocked or ignored, it kills.
 */
import { CpuException, PageFault } from '../fault.js';
import { FPE_INTDIV, ILL_ILLOPN, SIGFPE, SIGILL, SIGSEGV, SIGTRAP, SI_KERNEL } from './constants.js';
import type { Kernel } from './kernel.js';
import { handlePageFault } from './page-fault.js';
import { deliverSignal } from './signals.js';
import type { SigInfo, Task } from './task.js';

/** SI_KERNEL-style code for a trap (TRAP_BRKPT = 1). */
const TRAP_BRKPT = 1;

/** The signal an exception raises, or null when the kernel fixed the cause (retry). */
export function signalFor(k: Kernel, task: Task, e: CpuException): SigInfo | null {
  const at = (signo: number, code: number, addr: number): SigInfo => ({ signo, code, addr, pkey: 0, pid: 0 });
  if (e instanceof PageFault) return handlePageFault(k, task, e);
  switch (e.vector) {
    case 13: return at(SIGSEGV, SI_KERNEL, 0);
    case 6: return at(SIGILL, ILL_ILLOPN, task.regs.rip);
    case 0: return at(SIGFPE, FPE_INTDIV, task.regs.rip);
    case 3: return at(SIGTRAP, TRAP_BRKPT, task.regs.rip);
    default: return at(SIGSEGV, SI_KERNEL, 0);
  }
}

/**
 * Records the trap in the thread before its signal is forced: mm/fault.c set_signal_archinfo
 * for #PF (trap_nr 14, error_code, cr2), traps.c do_trap / gp_user_force_sig_segv for the rest
 * (trap_nr = the vector, error_code 0: #GP(0), #UD, #DE and #BP push none here; cr2 unchanged).
 */
function setTrapInfo(task: Task, e: CpuException, info: SigInfo): void {
  task.trap.trapNr = e.vector;
  if (e instanceof PageFault) {
    task.trap.errorCode = info.err ?? e.errorCode;
    task.trap.cr2 = e.address;
  } else {
    task.trap.errorCode = 0;
  }
}

/** Handles an exception taken by `task` in user mode; returns once the task may continue. */
export function handleException(k: Kernel, task: Task, e: CpuException): void {
  const info = signalFor(k, task, e);
  if (info === null) return;
  setTrapInfo(task, e, info);
  deliverSignal(k, task, info, true);
}
