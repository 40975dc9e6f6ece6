/** The options of a sandbox, their defaults and their checks. */
import type { AuditSink } from './audit/log.js';
import { SdkError } from './errors.js';
import type { SealMode } from './policy.js';
import { RUNTIME_SYSCALLS } from './syscall-filter.js';

/** Options of a sandbox. */
export interface SandboxOptions {
  /** Where audit records go (default: kept in memory only). */
  readonly audit?: readonly AuditSink[];
  /** Hardware keys code regions may hold at once (default and most: 12, or 11 with guestData; fewer forces key virtualisation). */
  readonly codeKeys?: number;
  /** Seal mode of new regions (default 'execute-only'). */
  readonly sealMode?: SealMode;
  /** Whether JIT code may contain direct system calls (default false). */
  readonly allowSyscall?: boolean;
  /** System calls executor threads may make (default RUNTIME_SYSCALLS). */
  readonly executorSyscalls?: readonly number[];
  /** Strict mode: a refused system call or an unaudited PKRU change kills the thread (default false). */
  readonly strict?: boolean;
  /**
   * W^X policy: 'pkey' (default: per-thread windows through protection keys) or 'mprotect'
   * (process-wide RW/RX flips, for comparison on the same workload).
   */
  readonly policy?: 'pkey' | 'mprotect';
  /**
   * Allocate a key for guest data (a JIT's heap): every role reads and writes it, and
   * `createGuestData` maps memory tagged with it (default false).
   */
  readonly guestData?: boolean;
}

/** Every option but the audit sinks, with its default applied. */
export type ResolvedOptions = Required<Omit<SandboxOptions, 'audit'>>;

/** Applies the defaults and checks the options; throws SdkError for an unsupported or impossible one. */
export function resolveOptions(opts: SandboxOptions): ResolvedOptions {
  if (opts.sealMode === 'read-execute') {
    // Threads would need read rights on code keys allocated after they started; not done yet.
    throw new SdkError('UNSUPPORTED', "sealMode 'read-execute' is not supported yet; code is sealed execute-only");
  }
  const guestData = opts.guestData ?? false;
  // 16 keys: key 0, the kernel's execute-only key, runtime data, the cold key and (option) guest data.
  const maxCodeKeys = guestData ? 11 : 12;
  const codeKeys = opts.codeKeys ?? maxCodeKeys;
  if (!Number.isInteger(codeKeys) || codeKeys < 1 || codeKeys > maxCodeKeys) {
    throw new SdkError('BAD_OPTION', `codeKeys must be 1..${maxCodeKeys}${guestData ? ' with guestData' : ''} (got ${codeKeys})`);
  }
  return { codeKeys, sealMode: opts.sealMode ?? 'execute-only', allowSyscall: opts.allowSyscall ?? false,
    executorSyscalls: opts.executorSyscalls ?? RUNTIME_SYSCALLS, strict: opts.strict ?? false, policy: opts.policy ?? 'pkey', guestData };
}
