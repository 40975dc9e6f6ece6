/** The options of a sandbox, their defaults and their checks. */
import type { AuditSink } from './audit/log.js';
import { SdkError } from './errors.js';
import { checkBool, checkEnum, checkInt, checkOptions, refuse } from './validate.js';
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

const OPTION_KEYS = ['audit', 'codeKeys', 'sealMode', 'allowSyscall', 'executorSyscalls', 'strict', 'policy', 'guestData'] as const;

/** Applies the defaults and checks the options; throws SdkError BAD_OPTION for a wrong, unsupported or impossible one. */
export function resolveOptions(opts: unknown): ResolvedOptions {
  checkOptions('Sandbox options', opts, OPTION_KEYS);
  const o = (opts ?? {}) as Record<string, unknown>;
  if (o['audit'] !== undefined) checkSinks(o['audit']);
  const sealMode = o['sealMode'] === undefined ? 'execute-only' : checkEnum('option sealMode', o['sealMode'], ['execute-only', 'read-execute'] as const);
  if (sealMode === 'read-execute') {
    // Threads would need read rights on code keys allocated after they started; not done yet.
    throw new SdkError('UNSUPPORTED', "sealMode 'read-execute' is not supported yet; code is sealed execute-only");
  }
  const policy = o['policy'] === undefined ? 'pkey' : checkEnum('option policy', o['policy'], ['pkey', 'mprotect'] as const);
  const bool = (k: string, d: boolean): boolean => (o[k] === undefined ? d : checkBool(`option ${k}`, o[k]));
  const guestData = bool('guestData', false);
  // 16 keys: key 0, the kernel's execute-only key, runtime data, the cold key and (option) guest data.
  const maxCodeKeys = guestData ? 11 : 12;
  const codeKeys = o['codeKeys'] === undefined ? maxCodeKeys
    : checkInt(`option codeKeys${guestData ? ' (with guestData)' : ''}`, o['codeKeys'], 1, maxCodeKeys, 'BAD_OPTION');
  const executorSyscalls = o['executorSyscalls'] === undefined ? RUNTIME_SYSCALLS : checkSyscalls(o['executorSyscalls']);
  return { codeKeys, sealMode, allowSyscall: bool('allowSyscall', false), executorSyscalls, strict: bool('strict', false), policy, guestData };
}

function checkSinks(v: unknown): void {
  if (!Array.isArray(v)) refuse('option audit', v, 'an array of audit sinks (MemorySink, FileSink, CallbackSink)', 'BAD_OPTION');
  v.forEach((s: unknown, i) => {
    if (s === null || typeof s !== 'object' || typeof (s as { write?: unknown }).write !== 'function') {
      refuse(`option audit[${i}]`, s, 'an audit sink (an object with write(record, line))', 'BAD_OPTION');
    }
  });
}

function checkSyscalls(v: unknown): readonly number[] {
  if (!Array.isArray(v)) refuse('option executorSyscalls', v, 'an array of system-call numbers', 'BAD_OPTION');
  return Object.freeze(v.map((n: unknown, i) => checkInt(`option executorSyscalls[${i}]`, n, 0, 0x7fffffff, 'BAD_OPTION')));
}
