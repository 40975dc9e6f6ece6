/** Argument checks of Sandbox's methods that need more than one line (sandbox.ts). */
import { Machine } from '../mpk-hw/machine.js';
import { Scheduler } from '../mpk-hw/kernel/scheduler.js';
import { UserThread } from '../mpk-hw/user-thread.js';
import type { Allocation } from './code-region.js';
import { SdkError } from './errors.js';
import { checkBool, checkBytes, checkInt, checkOptions, checkRegisterArg, checkString, show } from './validate.js';

/** Integer argument registers of a call (System V: RDI, RSI, RDX, RCX, R8, R9). */
export const MAX_REGISTER_ARGS = 6;
/** NSIG - 1 on x86-64 Linux. */
const MAX_SIGNAL = 64;

/** A Machine from pkjit/mpk-hw. */
export function checkMachine(m: unknown): void {
  if (!(m instanceof Machine)) throw new SdkError('BAD_ARGUMENT', `new Sandbox needs a Machine from pkjit/mpk-hw (got ${show(m)})`);
}

/** A scheduler of the sandbox's machine. */
export function checkScheduler(s: unknown, m: Machine): void {
  if (!(s instanceof Scheduler)) throw new SdkError('BAD_ARGUMENT', `a Scheduler from machine.scheduler() is needed (got ${show(s)})`);
  if (s.kernel !== m.kernel) throw new SdkError('BAD_ARGUMENT', "the scheduler belongs to another machine");
}

/** A live thread of the sandboxed process. */
export function checkUserThread(ut: unknown, pid: number): void {
  if (!(ut instanceof UserThread)) throw new SdkError('BAD_ARGUMENT', `attach needs a UserThread (got ${show(ut)})`);
  if (ut.pid !== pid) throw new SdkError('BAD_ARGUMENT', `attach: thread ${ut.tid} is in process ${ut.pid}, not the sandboxed process ${pid}`);
  if (!ut.alive) throw new SdkError('THREAD_GONE', `attach: thread ${ut.tid} has exited`);
}

/** A signal number, a handler function and sigaction options. */
export function checkSigaction(sig: unknown, handler: unknown, opts: unknown): void {
  checkInt('sigaction: signal', sig, 1, MAX_SIGNAL);
  if (sig === 9 || sig === 19) throw new SdkError('BAD_ARGUMENT', `sigaction: signal ${sig} (SIGKILL, SIGSTOP) cannot be caught (signal(7))`);
  if (typeof handler !== 'function') throw new SdkError('BAD_ARGUMENT', `sigaction(${String(sig)}) needs a handler function (got ${show(handler)})`);
  checkOptions('sigaction options', opts, ['flags', 'mask']);
  const o = (opts ?? {}) as { flags?: unknown; mask?: unknown };
  if (o.flags !== undefined) checkInt('sigaction option flags', o.flags, 0, 0xffffffff, 'BAD_OPTION');
  if (o.mask !== undefined && typeof o.mask !== 'bigint') throw new SdkError('BAD_OPTION', `sigaction option mask must be a bigint (got ${show(o.mask)})`);
}

/** seal()'s extra verifiers and options. */
export function checkSealArgs(verifiers: unknown, opts: unknown): void {
  if (!Array.isArray(verifiers)) throw new SdkError('BAD_ARGUMENT', `seal: verifiers must be an array (got ${show(verifiers)})`);
  verifiers.forEach((v: unknown, i) => {
    const ok = v !== null && typeof v === 'object' && typeof (v as { name?: unknown }).name === 'string' && typeof (v as { check?: unknown }).check === 'function';
    if (!ok) throw new SdkError('BAD_ARGUMENT', `seal: verifiers[${i}] must be { name, check(input) } (got ${show(v)})`);
  });
  checkOptions('seal options', opts, ['allowSyscall']);
  const o = (opts ?? {}) as { allowSyscall?: unknown };
  if (o.allowSyscall !== undefined) checkBool('seal option allowSyscall', o.allowSyscall);
}

/** patch()'s offset, bytes and options. */
export function checkPatch(a: Allocation, offset: unknown, bytes: unknown, opts: unknown): void {
  const b = checkBytes(`patch ${a.id}: bytes`, bytes);
  if (b.length === 0) throw new SdkError('PATCH_BOUNDS', `patch of ${a.id}: no bytes to write`);
  const off = checkInt(`patch ${a.id}: offset`, offset, 0, Number.MAX_SAFE_INTEGER, 'PATCH_BOUNDS');
  if (off + b.length > a.size) throw new SdkError('PATCH_BOUNDS', `patch of ${b.length} bytes at offset ${off} is outside allocation ${a.id} (${a.size} bytes)`);
  if (opts === undefined || opts === null) throw new SdkError('BAD_OPTION', `patch ${a.id}: options with a reason are required ({ reason: 'why' })`);
  checkOptions('patch options', opts, ['reason', 'site']);
  const o = opts as { reason?: unknown; site?: unknown };
  checkString('patch option reason (required: why, for the audit log)', o.reason, 'BAD_OPTION');
  if (o.site !== undefined) checkString('patch option site', o.site, 'BAD_OPTION');
}

/** Register arguments: at most 6, each a safe integer or a 64-bit bigint (never coerced). */
export function checkArgs(what: string, args: unknown): bigint[] {
  if (!Array.isArray(args)) throw new SdkError('BAD_ARGUMENT', `${what}: args must be an array (got ${show(args)})`);
  if (args.length > MAX_REGISTER_ARGS) {
    throw new SdkError('START_ARGS', `${what}: at most ${MAX_REGISTER_ARGS} register arguments (got ${args.length}); pass more through memory`);
  }
  return args.map((v: unknown, i) => checkRegisterArg(`${what}: args[${i}]`, v));
}

/** enter()'s options: an entry offset inside the allocation, a positive instruction budget. */
export function checkEnterOptions(a: Allocation, opts: unknown): void {
  checkOptions('enter options', opts, ['offset', 'budget']);
  const o = (opts ?? {}) as { offset?: unknown; budget?: unknown };
  if (o.offset !== undefined) checkInt(`entry offset in ${a.id} (${a.size} bytes)`, o.offset, 0, a.size - 1, 'ENTER_OFFSET');
  if (o.budget !== undefined) checkInt('enter option budget (instructions)', o.budget, 1, Number.MAX_SAFE_INTEGER, 'BAD_OPTION');
}
