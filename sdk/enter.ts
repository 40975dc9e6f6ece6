/**
 * Entering published code on a thread: the SDK refuses unpublished or retired code, a thread
 * that can write the region (an open window, or write rights on its key), and code whose
 * bytes changed since sealing (checked before the first entry).  On return it compares the
 * thread's PKRU with its shadow: JIT code that changed PKRU (WRPKRU, XRSTOR) is caught here.
 */
import { pkruKeyBits } from '../mpk-hw/pkru.js';
import { TaskGone } from '../mpk-hw/kernel/kernel.js';
import type { Scheduler } from '../mpk-hw/kernel/scheduler.js';
import { Gpr } from '../mpk-hw/cpu/regs.js';
import type { GuestCallResult } from '../mpk-hw/guest.js';
import { hexAddr } from './audit/schema.js';
import { sealState, type Allocation } from './code-region.js';
import { SdkError, type SdkErrorCode } from './errors.js';
import { PkeyFaultError } from './faults.js';
import type { SandboxCore as Sandbox } from './sandbox-core.js';
import { setRunningIn, type SdkThread } from './threads.js';

/** Options of an entry. */
export interface EnterOptions {
  /** Offset of the entry point in the allocation (default 0). */
  readonly offset?: number;
  /** Most guest instructions the call may retire. */
  readonly budget?: number;
}

function refuse(sbx: Sandbox, t: SdkThread, a: Allocation, code: SdkErrorCode, message: string): never {
  sbx.audit.emit({ kind: 'violation', cycle: t.ut.task.counters.cycles, tid: t.tid, region: a.region.name, alloc: a.id,
    reason: message, detail: { code } });
  throw new SdkError(code, `enter ${a.id} on thread ${t.tid}: ${message}`);
}

/** The checks every entry makes (see the file comment); records the entry; returns the entry address. */
function admit(sbx: Sandbox, t: SdkThread, a: Allocation, offset: number, scheduled: boolean): number {
  sbx.checkThread(t, 'enter');
  // JIT code runs on threads whose role cannot write code (executors, or custom roles without
  // write rights on code): they carry the system-call allowlist and never hold a window.
  if (t.canWriteCode || t.roleName === 'runtime') {
    refuse(sbx, t, a, 'ROLE', `thread ${t.tid} is a ${t.roleName} thread; JIT code runs on executor threads`);
  }
  // A thread given to the scheduler (sbx.start) runs its own code; a host call on it would disturb it.
  if (!scheduled && t.ut.task.guest && !t.ut.task.dead) {
    refuse(sbx, t, a, 'ENTER_RUNNING', `thread ${t.tid} was started under a scheduler; enter runs code on a thread of its own`);
  }
  if (a.state !== 'published') refuse(sbx, t, a, 'ENTER_UNPUBLISHED', `the allocation is ${a.state}, not published`);
  const key = sbx.keys.keyOf(a.region) ?? sbx.keys.coldKey;
  if (sbx.options.policy === 'mprotect' && a.region.openWindows > 0) {
    refuse(sbx, t, a, 'ENTER_WRITABLE', `region ${a.region.name} is mapped RW for a window (mprotect policy): executors stall until it closes`);
  }
  if (t.openWindows.length > 0 || (sbx.options.policy === 'pkey' && pkruKeyBits(t.ut.rdpkru(), key) === 0)) {
    refuse(sbx, t, a, 'ENTER_WRITABLE', `the thread can write region ${a.region.name} (key ${key}); W^X forbids running it`);
  }
  if (!sealState(a).verifiedSinceSeal && !sbx.checkIntegrity(a)) refuse(sbx, t, a, 'INTEGRITY', 'its bytes changed since it was sealed');
  if (!Number.isInteger(offset) || offset < 0 || offset >= a.size) refuse(sbx, t, a, 'ENTER_OFFSET', `entry offset ${offset} is outside the allocation`);
  sbx.audit.emit({ kind: 'enter', cycle: t.ut.task.counters.cycles, tid: t.tid, key, region: a.region.name, alloc: a.id,
    detail: scheduled ? { entry: hexAddr(a.start + offset), scheduled: true } : { entry: hexAddr(a.start + offset) } });
  t.stats.entries++;
  return a.start + offset;
}

/**
 * Starts published code at `a` (+offset) on thread `t` as a scheduled guest thread, with
 * integer arguments in RDI, RSI, RDX, RCX, R8, R9 (System V): the same checks and record as
 * `enter`, but the code runs when the scheduler runs, interleaved with other threads.  It is
 * entered as by a CALL: [rsp] holds `ret`, the SDK's return trampoline (code-handle.ts), so RSP
 * is 8 mod 16 at the first instruction as the System V ABI expects (psABI 3.2.2), and a normal
 * return ends the thread with RAX recorded.  `t.runningIn` stays set: the region counts as in
 * use by the thread from then on.
 */
export function startCode(sbx: Sandbox, sched: Scheduler, t: SdkThread, a: Allocation, args: readonly (number | bigint)[],
  offset: number, ret: number): void {
  if (args.length > START_ARGS.length) throw new SdkError('START_ARGS', `at most ${START_ARGS.length} register arguments`);
  if (t.runningIn !== null && !t.ut.task.dead) refuse(sbx, t, a, 'ENTER_RUNNING', `thread ${t.tid} is already running code in region ${t.runningIn.name}`);
  const entry = admit(sbx, t, a, offset, true);
  args.forEach((v, i) => t.ut.task.regs.set64(START_ARGS[i] as Gpr, BigInt.asUintN(64, BigInt(v))));
  const rsp = t.ut.rsp - (t.ut.rsp % 16) - 8;
  t.ut.write64(rsp, BigInt(ret));
  t.ut.task.regs.set64(Gpr.RSP, BigInt(rsp));
  setRunningIn(t, a.region);
  sched.addGuest(t.ut.task, entry);
}

const START_ARGS = [Gpr.RDI, Gpr.RSI, Gpr.RDX, Gpr.RCX, Gpr.R8, Gpr.R9];

/**
 * Stops scheduled threads at an instruction boundary (a safepoint: stop-the-world) until the
 * returned release is called. Held threads do not count as running in their region, so the
 * mprotect policy may make its pages writable (and not executable) under them; released, they
 * run on in the region they were in. Dead threads are left alone.
 */
export function holdThreads(sched: Scheduler, threads: readonly SdkThread[]): () => void {
  const held = threads.filter((t) => !t.ut.task.dead).map((t) => ({ t, region: t.runningIn }));
  for (const { t } of held) {
    sched.held.add(t.ut.task);
    setRunningIn(t, null);
  }
  return () => {
    for (const { t, region } of held) {
      sched.held.delete(t.ut.task);
      setRunningIn(t, region);
    }
  };
}

/** Calls published code at `a` (+offset) on thread `t` with integer arguments; returns RAX. */
export function enter(sbx: Sandbox, t: SdkThread, a: Allocation, args: readonly (number | bigint)[], opts: EnterOptions = {}): GuestCallResult {
  const entry = admit(sbx, t, a, opts.offset ?? 0, false);
  let r: GuestCallResult;
  setRunningIn(t, a.region);
  try {
    r = t.ut.call(entry, args, opts.budget !== undefined ? { budget: opts.budget } : {});
  } catch (e) {
    const d = sbx.lastFault(t.tid);
    if (e instanceof TaskGone && d !== undefined) throw new PkeyFaultError(d);
    throw e;
  } finally {
    setRunningIn(t, null);
  }
  sbx.checkThread(t, 'return from JIT code');
  return r;
}
