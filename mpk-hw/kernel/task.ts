/**
 * Processes and tasks (threads).  Per-thread state (registers, saved PKRU, signal stack and
 * mask) is kept apart from per-process state (address space, signal actions, files).
 */
import { Counters } from '../costs.js';
import type { HwThread } from '../hw-thread.js';
import { RegisterFile } from '../cpu/regs.js';
import type { Mm } from './mm.js';
import type { FdTable } from './files.js';
import type { SignalContext } from './signals.js';

/** A signal handler run by host code (with the frame in guest memory, like a real handler). */
export type HostSignalHandler = (ctx: SignalContext) => void;

/** What a signal does: the default action, ignore, a host callback, or a guest code address. */
export type SigHandler = 'default' | 'ignore' | HostSignalHandler | number;

/** One entry of the signal-action table (struct k_sigaction). */
export interface SigAction {
  readonly handler: SigHandler;
  /** SA_* flags. */
  readonly flags: number;
  /** Signals blocked while the handler runs (bit n-1 for signal n). */
  readonly mask: bigint;
  /** sa_restorer: where the handler returns to (guest handlers). */
  readonly restorer: number;
}

/**
 * What a seccomp filter decides for one system call (seccomp(2): SECCOMP_RET_ALLOW,
 * SECCOMP_RET_ERRNO, SECCOMP_RET_KILL_THREAD, SECCOMP_RET_KILL_PROCESS, and
 * SECCOMP_RET_USER_NOTIF, where a supervisor handles the call and supplies its result:
 * `{ result }` here).
 */
export type SeccompAction = 'allow' | { readonly errno: number } | { readonly result: bigint } | 'kill-thread' | 'kill-process';

/** A seccomp filter: sees the number and arguments before the kernel does. */
export type SeccompFilter = (nr: number, args: readonly bigint[], task: Task) => SeccompAction;

/** The alternate signal stack (stack_t). */
export interface AltStack {
  sp: number;
  size: number;
  /** SS_DISABLE when none. */
  flags: number;
}

/** Information about a signal (the fields of siginfo_t this model fills in). */
export interface SigInfo {
  readonly signo: number;
  readonly code: number;
  /** si_addr for faults. */
  readonly addr: number;
  /** si_pkey for SEGV_PKUERR, else 0. */
  readonly pkey: number;
  /** si_pid / si_uid for kill and tkill. */
  readonly pid: number;
  /** The #PF error code, which Linux reports in the frame's uc_mcontext.err (faults only). */
  readonly err?: number;
}

/** Linux thread_struct's trap fields. */
export interface TrapState {
  /** The exception vector (X86_TRAP_*: 13 #GP, 14 #PF, ...). */
  trapNr: number;
  /** Its error code (the #PF error code; 0 for #GP(0) and traps without one). */
  errorCode: number;
  /** The faulting address of the last #PF (only page faults set it). */
  cr2: number;
}

/** How a process ended. */
export interface ExitStatus {
  /** Exit code when it exited normally. */
  readonly code: number | null;
  /** Terminating signal, or null. */
  readonly signal: number | null;
  /** The siginfo of the terminating signal. */
  readonly info: SigInfo | null;
}

/** A process: one address space, its signal actions and files, and its threads. */
export class Process {
  readonly pid: number;
  /** The address space. */
  mm: Mm;
  /** Threads, in creation order. */
  readonly tasks: Task[] = [];
  /** Signal number -> action (absent means default). */
  readonly sigactions = new Map<number, SigAction>();
  /** Open files. */
  readonly fds: FdTable;
  /** Set when the process has ended. */
  exit: ExitStatus | null = null;
  /** Event counters summed over the process's threads. */
  readonly counters = new Counters();
  /** The tracing process (ptrace), or null. */
  tracer: Process | null = null;
  /** The process that forked this one, or null. */
  parent: Process | null = null;

  constructor(pid: number, mm: Mm, fds: FdTable) {
    this.pid = pid;
    this.mm = mm;
    this.fds = fds;
  }

  /** Whether the process is still alive. */
  get alive(): boolean {
    return this.exit === null;
  }
}

/** One thread of a process. */
export class Task {
  readonly tid: number;
  readonly process: Process;
  /** Registers (used in place while the task runs). */
  readonly regs = new RegisterFile();
  /** PKRU saved while the task is not on a CPU (Linux thread.pkru). */
  pkru: number;
  /** The CPU the task is running on, or null. */
  cpu: HwThread | null = null;
  /** The CPU it last ran on. */
  lastCpu: HwThread | null = null;
  /** sigaltstack settings. */
  altstack: AltStack = { sp: 0, size: 0, flags: 2 /* SS_DISABLE */ };
  /** Blocked signals (bit n-1 for signal n). */
  blocked = 0n;
  /** Signals sent but not yet delivered. */
  readonly pending: SigInfo[] = [];
  /** Whether the thread has exited. */
  dead = false;
  /**
   * Installed seccomp filters, oldest first.  Like seccomp they can only be added, and a new
   * thread inherits its creator's.  The most restrictive decision wins.
   */
  seccomp: readonly SeccompFilter[] = [];
  /** Whether the thread runs guest instructions under the scheduler (else it is host-driven). */
  guest = false;
  /** The futex word the thread waits on (FUTEX_WAIT), or null. */
  futexWait: number | null = null;
  /** Exceptions taken in a row without an instruction retiring (see guest.ts noteFault). */
  faultStreak = 0;
  /** Depth of signal handlers currently running on this thread (host handlers nest). */
  handlerDepth = 0;
  /**
   * The last trap that raised a signal (thread.trap_nr, error_code, cr2): every signal frame
   * reports them in uc_mcontext trapno/err/cr2, whatever the signal (signal_64.c setup_sigcontext).
   */
  readonly trap: TrapState = { trapNr: 0, errorCode: 0, cr2: 0 };
  /** Event counters of this thread. */
  readonly counters = new Counters();

  constructor(tid: number, process: Process, pkru: number) {
    this.tid = tid;
    this.process = process;
    this.pkru = pkru >>> 0;
  }
}

/** The bit of signal `sig` in a signal mask. */
export function sigbit(sig: number): bigint {
  return 1n << BigInt(sig - 1);
}
