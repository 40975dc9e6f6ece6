/** The options of a sandbox, their defaults and their checks. */
import { FileSink, type AuditKeyOptions, type AuditSink } from './audit/log.js';
import { parseKey } from './audit/mac.js';
import { SdkError } from './errors.js';
import { checkBool, checkEnum, checkInt, checkOptions, isBytes, refuse } from './validate.js';
import type { SealMode } from './policy.js';
import { RUNTIME_SYSCALLS } from './syscall-filter.js';

/** Options of a sandbox. */
export interface SandboxOptions {
  /**
   * Where audit records go (default: kept in memory only), as an array of sinks, or with the
   * log's keying: `{ sinks, key, keyFile, epochRecords }`.  `key`: the 32-byte seed the MACs
   * start from (keep it to verify with); without one a key is generated and written to
   * `keyFile` (default: the first FileSink's path + '.key', mode 0600), or, with no file sink,
   * not kept (the MACs then cannot be checked).
   */
  readonly audit?: readonly AuditSink[] | AuditOptions;
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

/** The audit option in its object form. */
export interface AuditOptions extends AuditKeyOptions {
  readonly sinks?: readonly AuditSink[];
}

/** The audit option resolved: the sinks and the keying. */
export function auditSetup(v: SandboxOptions['audit']): { sinks: readonly AuditSink[]; keying: AuditKeyOptions } {
  if (v === undefined) return { sinks: [], keying: {} };
  const o: AuditOptions = Array.isArray(v) ? { sinks: v } : (v as AuditOptions);
  const sinks = o.sinks ?? [];
  const file = sinks.find((s): s is FileSink => s instanceof FileSink);
  const keyFile = o.key === undefined ? (o.keyFile ?? (file !== undefined ? `${file.path}.key` : undefined)) : undefined;
  return { sinks, keying: { ...(o.key !== undefined ? { key: o.key } : {}), ...(keyFile !== undefined ? { keyFile } : {}),
    ...(o.epochRecords !== undefined ? { epochRecords: o.epochRecords } : {}), ...(o.logId !== undefined ? { logId: o.logId } : {}), ...(o.sign !== undefined ? { sign: o.sign } : {}) } };
}

/** Every option but the audit sinks, with its default applied. */
export type ResolvedOptions = Required<Omit<SandboxOptions, 'audit'>>;

const OPTION_KEYS = ['audit', 'codeKeys', 'sealMode', 'allowSyscall', 'executorSyscalls', 'strict', 'policy', 'guestData'] as const;

/** Applies the defaults and checks the options; throws SdkError BAD_OPTION for a wrong, unsupported or impossible one. */
export function resolveOptions(opts: unknown): ResolvedOptions {
  checkOptions('Sandbox options', opts, OPTION_KEYS);
  const o = (opts ?? {}) as Record<string, unknown>;
  if (o['audit'] !== undefined) checkAudit(o['audit']);
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

function checkAudit(v: unknown): void {
  if (Array.isArray(v)) return checkSinks(v);
  if (v === null || typeof v !== 'object') refuse('option audit', v, 'an array of audit sinks, or { sinks, key, keyFile, epochRecords }', 'BAD_OPTION');
  checkOptions('option audit', v, ['sinks', 'key', 'keyFile', 'epochRecords', 'logId', 'sign']);
  if ((v as Record<string, unknown>)['sign'] !== undefined) checkBool('option audit.sign', (v as Record<string, unknown>)['sign']);
  const o = v as Record<string, unknown>;
  if (o['sinks'] !== undefined) checkSinks(o['sinks']);
  if (o['key'] !== undefined && (!isBytes(o['key']) || parseKey(o['key']) === null)) {
    refuse('option audit.key', o['key'], 'a Uint8Array of 32 bytes (crypto.randomBytes(32))', 'BAD_OPTION');
  }
  if (o['keyFile'] !== undefined && (typeof o['keyFile'] !== 'string' || o['keyFile'].length === 0)) refuse('option audit.keyFile', o['keyFile'], 'a file path', 'BAD_OPTION');
  if (o['key'] !== undefined && o['keyFile'] !== undefined) refuse('option audit', v, 'key or keyFile, not both (a given key is the embedder\'s to keep)', 'BAD_OPTION');
  if (o['epochRecords'] !== undefined) checkInt('option audit.epochRecords', o['epochRecords'], 1, 1_000_000_000, 'BAD_OPTION');
  if (o['logId'] !== undefined && (typeof o['logId'] !== 'string' || !/^[0-9a-f]{32}$/.test(o['logId']))) refuse('option audit.logId', o['logId'], '32 lowercase hex digits', 'BAD_OPTION');
  return undefined;
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
