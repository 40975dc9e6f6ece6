/**
 * The system-call table: Linux x86-64 numbers, arguments as unsigned 64-bit register values
 * (rdi, rsi, rdx, r10, r8, r9), result as a number (negative errno on failure).  Bad arguments
 * return -errno exactly as Linux would; nothing here throws for a bad argument.
 */
import { Errno, SA_RESTORER, SIGKILL, SIGSTOP, SIGSYS, SI_TKILL, SI_USER, SYS } from './constants.js';
import { TaskGone, type Kernel } from './kernel.js';
import { sysMadvise, sysMmap, sysMprotectPkey, sysMunmap } from './mman.js';
import { sysPkeyAlloc, sysPkeyFree } from './pkeys.js';
import { sysFtruncate, sysFutex, sysMemfdCreate, sysOpen, sysPipe, sysRead, sysVmsplice, sysWrite } from './files.js';
import { copyFromUser, copyToUser } from './page-fault.js';
import { sysPtrace } from './ptrace.js';
import { deliverPending, doSigaltstack, reportedAltstackFlags, rtSigreturn, sendSignal } from './signals.js';
import { smapsText } from './smaps.js';
import { Gpr } from '../cpu/regs.js';
import type { SeccompAction, SigInfo, Task } from './task.js';

type Args = readonly bigint[];
type Handler = (k: Kernel, t: Task, a: Args) => number;

/** Low 32 bits as a signed int (C `int` arguments). */
const int = (v: bigint | undefined): number => Number(BigInt.asIntN(32, v ?? 0n));
/** A user pointer; values at or above 2^53 are clamped to a non-canonical address (-EFAULT). */
const ptr = (v: bigint | undefined): number => (v ?? 0n) < 2n ** 53n ? Number(v ?? 0n) : 2 ** 53;
const a = (args: Args, i: number): bigint => args[i] ?? 0n;
const CLONE_VM = 0x100n;

function put64(k: Kernel, t: Task, va: number, values: bigint[]): boolean {
  const b = new Uint8Array(8 * values.length);
  const v = new DataView(b.buffer);
  values.forEach((x, i) => v.setBigUint64(8 * i, BigInt.asUintN(64, x), true));
  return copyToUser(k, t, va, b);
}

function get64(k: Kernel, t: Task, va: number, n: number): bigint[] | null {
  const b = copyFromUser(k, t, va, 8 * n);
  if (b === null) return null;
  const v = new DataView(b.buffer);
  return Array.from({ length: n }, (_, i) => v.getBigUint64(8 * i, true));
}

/** rt_sigaction(sig, act, oact, sigsetsize) with a guest struct k_sigaction {handler, flags, restorer, mask}. */
function sysRtSigaction(k: Kernel, t: Task, args: Args): number {
  const sig = int(a(args, 0));
  if (a(args, 3) !== 8n) return -Errno.EINVAL;
  if (sig < 1 || sig > 64) return -Errno.EINVAL;
  const actVa = ptr(a(args, 1));
  const oactVa = ptr(a(args, 2));
  let next: bigint[] | null = null;
  if (actVa !== 0) {
    next = get64(k, t, actVa, 4);
    if (next === null) return -Errno.EFAULT;
    if (sig === SIGKILL || sig === SIGSTOP) return -Errno.EINVAL;
  }
  const cur = t.process.sigactions.get(sig);
  if (oactVa !== 0) {
    const h = cur === undefined || cur.handler === 'default' ? 0n : cur.handler === 'ignore' ? 1n :
      typeof cur.handler === 'number' ? BigInt(cur.handler) : 0n;
    if (!put64(k, t, oactVa, [h, BigInt(cur?.flags ?? 0), BigInt(cur?.restorer ?? 0), cur?.mask ?? 0n])) return -Errno.EFAULT;
  }
  if (next !== null) {
    const [h = 0n, flags = 0n, restorer = 0n, mask = 0n] = next;
    t.process.sigactions.set(sig, { handler: h === 0n ? 'default' : h === 1n ? 'ignore' : Number(h & 0xffffffffffffn),
      flags: Number(flags & 0xffffffffn), restorer: Number(flags & BigInt(SA_RESTORER)) ? Number(restorer & 0xffffffffffffn) : 0, mask });
  }
  return 0;
}

/** rt_sigprocmask(how, set, oset, sigsetsize). */
function sysRtSigprocmask(k: Kernel, t: Task, args: Args): number {
  if (a(args, 3) !== 8n) return -Errno.EINVAL;
  const how = int(a(args, 0));
  const setVa = ptr(a(args, 1));
  const osetVa = ptr(a(args, 2));
  const old = t.blocked;
  if (setVa !== 0) {
    const s = get64(k, t, setVa, 1);
    if (s === null) return -Errno.EFAULT;
    const set = (s[0] ?? 0n) & ~((1n << BigInt(SIGKILL - 1)) | (1n << BigInt(SIGSTOP - 1)));
    if (how === 0) t.blocked |= set;
    else if (how === 1) t.blocked &= ~set;
    else if (how === 2) t.blocked = set;
    else return -Errno.EINVAL;
  }
  if (osetVa !== 0 && !put64(k, t, osetVa, [old])) return -Errno.EFAULT;
  return 0;
}

/** sigaltstack(ss, oss) with guest stack_t {ss_sp, ss_flags, ss_size}. */
function sysSigaltstack(k: Kernel, t: Task, args: Args): number {
  const ssVa = ptr(a(args, 0));
  const ossVa = ptr(a(args, 1));
  const sp = t.regs.getNum(Gpr.RSP);
  const old = { ...t.altstack };
  if (ssVa !== 0) {
    const s = get64(k, t, ssVa, 3);
    if (s === null) return -Errno.EFAULT;
    const r = doSigaltstack(t, { sp: Number((s[0] ?? 0n) & 0xffffffffffffn), flags: int(s[1]), size: Number((s[2] ?? 0n) & 0xffffffffffffn) }, sp);
    if (r !== 0) return r;
  }
  if (ossVa !== 0) {
    const flags = reportedAltstackFlags(old, sp);
    if (!put64(k, t, ossVa, [BigInt(old.sp), BigInt(flags), BigInt(old.size)])) return -Errno.EFAULT;
  }
  return 0;
}

function signalInfo(t: Task, sig: number, code: number): SigInfo {
  return { signo: sig, code, addr: 0, pkey: 0, pid: t.process.pid };
}

function sysKill(k: Kernel, t: Task, pid: number, sig: number, code: number, tgid: number | null): number {
  if (sig < 0 || sig > 64) return -Errno.EINVAL;
  const target = code === SI_USER ? k.processes.get(pid)?.tasks.find((x) => !x.dead) : k.tasks.get(pid);
  if (target === undefined || target.dead || (tgid !== null && target.process.pid !== tgid)) return -Errno.ESRCH;
  return sendSignal(k, target, signalInfo(t, sig, code));
}

function exitNow(k: Kernel, t: Task, code: number, group: boolean): never {
  if (group) k.endProcess(t.process, { code, signal: null, info: null });
  else k.exitThread(t, code);
  throw new TaskGone(t, t.process.exit, group ? `process ${t.process.pid} exited with ${code}` : `thread ${t.tid} exited with ${code}`);
}

const TABLE: Record<number, Handler> = {
  [SYS.read]: (k, t, x) => sysRead(k, t, int(a(x, 0)), ptr(a(x, 1)), Number(a(x, 2) & 0x7fffffffn)),
  [SYS.write]: (k, t, x) => sysWrite(k, t, int(a(x, 0)), ptr(a(x, 1)), Number(a(x, 2) & 0x7fffffffn)),
  [SYS.open]: (k, t, x) => sysOpen(k, t, ptr(a(x, 0)), (pid) => {
    const p = k.processes.get(pid);
    return p === undefined || !p.alive ? null : smapsText(p.mm, k.config.pku);
  }),
  [SYS.close]: (_k, t, x) => (t.process.fds.close(int(a(x, 0))) ? 0 : -Errno.EBADF),
  [SYS.mmap]: (k, t, x) => sysMmap(k, t, a(x, 0), a(x, 1), a(x, 2), a(x, 3), a(x, 4), a(x, 5)),
  [SYS.mprotect]: (k, t, x) => sysMprotectPkey(k, t, a(x, 0), a(x, 1), a(x, 2), -1),
  [SYS.munmap]: (k, t, x) => sysMunmap(k, t, a(x, 0), a(x, 1)),
  [SYS.rt_sigaction]: sysRtSigaction,
  [SYS.rt_sigprocmask]: sysRtSigprocmask,
  [SYS.pipe]: (k, t, x) => sysPipe(k, t, ptr(a(x, 0))),
  [SYS.pipe2]: (k, t, x) => (a(x, 1) === 0n ? sysPipe(k, t, ptr(a(x, 0))) : -Errno.EINVAL),
  [SYS.madvise]: (k, t, x) => sysMadvise(k, t, a(x, 0), a(x, 1), int(a(x, 2))),
  [SYS.getpid]: (_k, t) => t.process.pid,
  [SYS.gettid]: (_k, t) => t.tid,
  [SYS.clone]: (k, t, x) => ((a(x, 0) & CLONE_VM) !== 0n ? k.cloneThread(t, ptr(a(x, 1))).tid : k.fork(t).process.pid),
  [SYS.fork]: (k, t) => k.fork(t).process.pid,
  [SYS.exit]: (k, t, x) => exitNow(k, t, int(a(x, 0)) & 0xff, false),
  [SYS.exit_group]: (k, t, x) => exitNow(k, t, int(a(x, 0)) & 0xff, true),
  [SYS.kill]: (k, t, x) => sysKill(k, t, int(a(x, 0)), int(a(x, 1)), SI_USER, null),
  [SYS.tkill]: (k, t, x) => sysKill(k, t, int(a(x, 0)), int(a(x, 1)), SI_TKILL, null),
  [SYS.tgkill]: (k, t, x) => sysKill(k, t, int(a(x, 1)), int(a(x, 2)), SI_TKILL, int(a(x, 0))),
  [SYS.ptrace]: (k, t, x) => sysPtrace(k, t, int(a(x, 0)), int(a(x, 1)), ptr(a(x, 2)), a(x, 3)),
  [SYS.sigaltstack]: sysSigaltstack,
  [SYS.futex]: (k, t, x) => sysFutex(k, t, ptr(a(x, 0)), int(a(x, 1)), int(a(x, 2))),
  [SYS.vmsplice]: (k, t, x) => sysVmsplice(k, t, int(a(x, 0)), ptr(a(x, 1)), Number(a(x, 2) & 0xffffn)),
  [SYS.pkey_mprotect]: (k, t, x) => sysMprotectPkey(k, t, a(x, 0), a(x, 1), a(x, 2), int(a(x, 3))),
  [SYS.pkey_alloc]: (k, t, x) => sysPkeyAlloc(k, t, a(x, 0), a(x, 1)),
  [SYS.pkey_free]: (k, t, x) => sysPkeyFree(k, t, int(a(x, 0))),
  [SYS.memfd_create]: (k, t, x) => sysMemfdCreate(k, t, ptr(a(x, 0)), int(a(x, 1))),
  [SYS.ftruncate]: (_k, t, x) => sysFtruncate(t, int(a(x, 0)), BigInt.asIntN(64, a(x, 1))),
};

/** Runs system call `nr` for `task`, then delivers pending signals as on return to user mode. */
export function syscall(k: Kernel, task: Task, nr: number, args: Args): number {
  const r = dispatch(k, task, nr, args);
  return r === 'restored' ? task.regs.getNum(Gpr.RAX) : typeof r === 'bigint' ? Number(BigInt.asIntN(64, r)) : r;
}

/** The system call itself; 'restored' when rt_sigreturn replaced every register (RAX included). */
function dispatch(k: Kernel, task: Task, nr: number, args: Args): number | bigint | 'restored' {
  k.ensureOnCpu(task);
  k.charge(task, 'syscalls', k.config.costs.syscallEntry);
  const verdict = seccompVerdict(task, nr, args);
  if (verdict !== 'allow') {
    if (typeof verdict === 'object') return 'errno' in verdict ? -verdict.errno : verdict.result;
    const info = { signo: SIGSYS, code: 1 /* SYS_SECCOMP */, addr: task.regs.rip, pkey: 0, pid: 0 };
    if (verdict === 'kill-process') k.killProcess(task.process, info);
    else k.exitThread(task, 128 + SIGSYS);
    throw new TaskGone(task, task.process.exit, `thread ${task.tid} killed by seccomp at system call ${nr}`);
  }
  if (nr === SYS.rt_sigreturn) {
    rtSigreturn(k, task);
    return 'restored';
  }
  const h = TABLE[nr];
  const r = h === undefined ? -Errno.ENOSYS : h(k, task, args);
  if (!task.dead) deliverPending(k, task);
  return r;
}

/**
 * A SYSCALL instruction retired on `task`: the number is in RAX, arguments in RDI, RSI, RDX,
 * R10, R8, R9, and the result goes to RAX (the CPU already put the return RIP in RCX and
 * RFLAGS in R11).  A completed rt_sigreturn leaves the restored RAX alone; a refused one
 * (seccomp) returns its error in RAX like any call.
 */
export function guestSyscall(k: Kernel, task: Task): void {
  const r = task.regs;
  const nr = r.hi[Gpr.RAX] === 0 ? r.lo[Gpr.RAX] ?? 0 : -1;
  const args = [Gpr.RDI, Gpr.RSI, Gpr.RDX, Gpr.R10, Gpr.R8, Gpr.R9].map((g) => r.get64(g));
  const result = dispatch(k, task, nr, args);
  if (!task.dead && result !== 'restored') r.set64(Gpr.RAX, BigInt(result));
}

/** The combined decision of a task's seccomp filters: kill-process > kill-thread > errno > allow. */
function seccompVerdict(task: Task, nr: number, args: Args): SeccompAction {
  let worst: SeccompAction = 'allow';
  // Precedence as seccomp(2): KILL_PROCESS > KILL_THREAD > ERRNO > USER_NOTIF > ALLOW.
  const rank = (a: SeccompAction): number => (a === 'allow' ? 0 : typeof a === 'object' ? ('errno' in a ? 2 : 1) : a === 'kill-thread' ? 3 : 4);
  for (const f of task.seccomp) {
    const v = f(nr, args, task);
    if (rank(v) > rank(worst)) worst = v;
  }
  return worst;
}

/** Names of the implemented system calls, by number. */
export const IMPLEMENTED_SYSCALLS: ReadonlyMap<number, string> = new Map(
  Object.entries(SYS).filter(([, n]) => n in TABLE || n === SYS.rt_sigreturn).map(([name, n]) => [n, name]));
