/**
 * The system-call filter of executor threads: JIT code may make only the runtime's calls.
 * Everything that changes memory protection or keys (mprotect, pkey_mprotect, mmap, munmap,
 * madvise, pkey_alloc, pkey_free), creates threads or processes, or debugs (ptrace) is
 * refused and recorded; in strict mode the thread is killed (SECCOMP_RET_KILL_THREAD).
 * Implemented as a seccomp filter, so it holds for raw SYSCALL instructions too.
 */
import { Errno, SYS } from '../mpk-hw/kernel/constants.js';
import type { SeccompFilter } from '../mpk-hw/kernel/task.js';
import type { AuditLog } from './audit/log.js';

/**
 * The calls an executor may make by default: I/O on its descriptors, futexes, exit.  Not
 * rt_sigreturn: executors cannot install signal handlers (rt_sigaction is refused), and the
 * SDK's own handlers return through the kernel directly, so an rt_sigreturn from JIT code can
 * only be a forged frame, which would load any PKRU it likes.
 */
export const RUNTIME_SYSCALLS: readonly number[] = [
  SYS.read, SYS.write, SYS.close, SYS.futex, SYS.exit, SYS.exit_group, SYS.getpid, SYS.gettid,
];

/** Name of a system call number. */
export function syscallName(nr: number): string {
  return Object.entries(SYS).find(([, n]) => n === nr)?.[0] ?? `syscall ${nr}`;
}

/** Builds the allowlist filter of executor threads: refused calls are recorded (and kill in strict mode). */
export function executorFilter(audit: AuditLog, allowed: readonly number[], strict: boolean,
  isRuntimeCall: (nr: number) => boolean = () => false, refusedElsewhere: (nr: number, args: readonly bigint[]) => boolean = () => false): SeccompFilter {
  const allow = new Set(allowed);
  return (nr, args, task) => {
    // A call on the SDK's own keys or memory is refused (and recorded once) by the owned-resources filter.
    if (allow.has(nr) || isRuntimeCall(nr) || refusedElsewhere(nr, args)) return 'allow';
    audit.emit({ kind: 'syscall.refused', cycle: task.counters.cycles, tid: task.tid,
      detail: { nr, name: syscallName(nr), action: strict ? 'kill-thread' : 'EPERM' } });
    return strict ? 'kill-thread' : { errno: Errno.EPERM };
  };
}

/**
 * The filter every sandboxed thread carries: at each system call it compares the thread's PKRU
 * with the SDK's shadow (`check` records a mismatch and returns false), so a PKRU change made
 * by JIT code or a stray WRPKRU is caught at the next system call; strict mode ends the thread
 * before the call runs.  New threads inherit it, like any seccomp filter.
 */
export function pkruCheckFilter(check: (tid: number) => boolean, strict: () => boolean): SeccompFilter {
  return (_nr, _args, task) => (check(task.tid) || !strict() ? 'allow' : 'kill-thread');
}
