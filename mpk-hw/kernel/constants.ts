/**
 * Linux x86-64 ABI numbers used by the kernel layer: errno, system-call numbers, mmap and
 * mprotect flags, pkey rights, signals and si_code values.
 * Sources: include/uapi/asm-generic/errno-base.h, errno.h; arch/x86/entry/syscalls/syscall_64.tbl;
 * include/uapi/asm-generic/mman-common.h; include/uapi/asm-generic/signal.h, siginfo.h;
 * include/uapi/linux/ptrace.h; include/uapi/linux/elf.h.
 */

/** errno values (positive; system calls return their negation). */
export const Errno = {
  EPERM: 1, ENOENT: 2, ESRCH: 3, EINTR: 4, EIO: 5, EBADF: 9, ECHILD: 10, EAGAIN: 11, ENOMEM: 12,
  EACCES: 13, EFAULT: 14, EBUSY: 16, EEXIST: 17, ENODEV: 19, EINVAL: 22, EMFILE: 24, ESPIPE: 29,
  EPIPE: 32, ENOSYS: 38, ENOSPC: 28, ETIMEDOUT: 110, EFBIG: 27, ENFILE: 23, EOPNOTSUPP: 95,
} as const;
export type ErrnoName = keyof typeof Errno;

/** The name of an errno value, e.g. `EINVAL` for 22. */
export function errnoName(errno: number): string {
  for (const [k, v] of Object.entries(Errno)) if (v === errno) return k;
  return `errno ${errno}`;
}

/** Renders a raw system-call result: `0x7f0000000000`, `3`, or `-EINVAL`. */
export function formatSyscallResult(r: number): string {
  return r < 0 && r > -4096 ? `-${errnoName(-r)}` : r > 0xffff ? '0x' + r.toString(16) : String(r);
}

/** x86-64 system-call numbers (syscall_64.tbl). */
export const SYS = {
  read: 0, write: 1, open: 2, close: 3, mmap: 9, mprotect: 10, munmap: 11, rt_sigaction: 13,
  rt_sigprocmask: 14, rt_sigreturn: 15, pipe: 22, madvise: 28, getpid: 39, clone: 56, fork: 57,
  exit: 60, kill: 62, ptrace: 101, sigaltstack: 131, gettid: 186, tkill: 200, futex: 202,
  exit_group: 231, tgkill: 234, vmsplice: 278, pipe2: 293, pkey_mprotect: 329, pkey_alloc: 330,
  pkey_free: 331, ftruncate: 77, memfd_create: 319,
} as const;

// mman-common.h
export const PROT_NONE = 0x0;
export const PROT_READ = 0x1;
export const PROT_WRITE = 0x2;
export const PROT_EXEC = 0x4;
export const PROT_SEM = 0x8;
export const PROT_GROWSDOWN = 0x01000000;
export const PROT_GROWSUP = 0x02000000;
export const MAP_SHARED = 0x01;
export const MAP_PRIVATE = 0x02;
export const MAP_SHARED_VALIDATE = 0x03;
export const MAP_DROPPABLE = 0x08;
export const MAP_TYPE = 0x0f;
export const MAP_FIXED = 0x10;
export const MAP_ANONYMOUS = 0x20;
export const MAP_GROWSDOWN = 0x0100;
export const MAP_LOCKED = 0x2000;
export const MAP_NORESERVE = 0x4000;
export const MAP_POPULATE = 0x8000;
export const MAP_HUGETLB = 0x40000;
export const MAP_FIXED_NOREPLACE = 0x100000;
export const MADV_DONTNEED = 4;
export const MADV_WILLNEED = 3;
export const MADV_HUGEPAGE = 14;
export const MADV_NOHUGEPAGE = 15;

/** pkey_alloc access rights.  mman-common.h. */
export const PKEY_UNRESTRICTED = 0x0;
export const PKEY_DISABLE_ACCESS = 0x1;
export const PKEY_DISABLE_WRITE = 0x2;
export const PKEY_ACCESS_MASK = PKEY_DISABLE_ACCESS | PKEY_DISABLE_WRITE;

// signal.h (x86)
export const SIGILL = 4;
export const SIGTRAP = 5;
export const SIGBUS = 7;
export const SIGFPE = 8;
export const SIGKILL = 9;
export const SIGUSR1 = 10;
export const SIGSEGV = 11;
export const SIGUSR2 = 12;
export const SIGALRM = 14;
export const SIGCHLD = 17;
export const SIGSTOP = 19;
export const SIGSYS = 31;
export const NSIG = 64;
export const SA_SIGINFO = 0x4;
export const SA_ONSTACK = 0x08000000;
export const SA_RESTORER = 0x04000000;
export const SA_NODEFER = 0x40000000;
export const SA_RESETHAND = 0x80000000;
export const SS_ONSTACK = 1;
export const SS_DISABLE = 2;
/** ss_flags bit: the altstack is disarmed while a handler runs on it (uapi/linux/signal.h, 1U << 31). */
export const SS_AUTODISARM = 0x80000000;
export const MINSIGSTKSZ = 2048;
export const SIG_DFL = 0;
export const SIG_IGN = 1;

// siginfo.h
export const SI_USER = 0;
export const SI_KERNEL = 0x80;
export const SI_TKILL = -6;
export const SEGV_MAPERR = 1;
export const SEGV_ACCERR = 2;
export const SEGV_BNDERR = 3;
export const SEGV_PKUERR = 4;
export const ILL_ILLOPN = 2;
export const FPE_INTDIV = 1;
export const BUS_ADRERR = 2;
export const MFD_CLOEXEC = 1;
export const MFD_ALLOW_SEALING = 2;

/** Names of signals, for messages. */
export function signalName(sig: number): string {
  const names: Record<number, string> = {
    4: 'SIGILL', 5: 'SIGTRAP', 7: 'SIGBUS', 8: 'SIGFPE', 9: 'SIGKILL', 10: 'SIGUSR1', 11: 'SIGSEGV',
    12: 'SIGUSR2', 14: 'SIGALRM', 17: 'SIGCHLD', 19: 'SIGSTOP', 31: 'SIGSYS',
  };
  return names[sig] ?? `signal ${sig}`;
}

/** Names of SIGSEGV codes. */
export function segvCodeName(code: number): string {
  return ({ 1: 'SEGV_MAPERR', 2: 'SEGV_ACCERR', 3: 'SEGV_BNDERR', 4: 'SEGV_PKUERR', 0x80: 'SI_KERNEL' } as Record<number, string>)[code] ?? `code ${code}`;
}

// ptrace.h, elf.h
export const PTRACE_TRACEME = 0;
export const PTRACE_PEEKTEXT = 1;
export const PTRACE_PEEKDATA = 2;
export const PTRACE_POKETEXT = 4;
export const PTRACE_POKEDATA = 5;
export const PTRACE_ATTACH = 16;
export const PTRACE_DETACH = 17;
export const PTRACE_GETREGSET = 0x4204;
export const PTRACE_SETREGSET = 0x4205;
export const NT_X86_XSTATE = 0x202;

// futex.h
export const FUTEX_WAIT = 0;
export const FUTEX_WAKE = 1;
export const FUTEX_PRIVATE_FLAG = 128;

// fcntl.h
export const O_RDONLY = 0;
export const O_WRONLY = 1;
export const O_RDWR = 2;

/** x86-64 user address-space limit (TASK_SIZE_MAX with 4-level paging). */
export const TASK_SIZE = 0x7ffffffff000;
/** Lowest address mmap may map (vm.mmap_min_addr default). */
export const MMAP_MIN_ADDR = 0x10000;
/** Where top-down mmap placement starts searching (below the main stack). */
export const MMAP_BASE = 0x7f0000000000;
