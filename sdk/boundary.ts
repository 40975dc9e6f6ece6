/**
 * What crosses the API boundary on the way out: the machine's own errors (MpkHwError,
 * TaskGone) never escape an SDK call.  A thread that faulted comes back as PkeyFaultError with
 * the SDK's diagnosis; a thread that ended without a fault (killed by a filter or the PKRU
 * check in strict mode, ended by a runtime function) as SdkError THREAD_GONE; a budget as
 * BUDGET; anything else the machine refuses as INVARIANT (a pkjit bug, never a user mistake).
 */
import { MpkHwError } from '../mpk-hw/errors.js';
import { TaskGone } from '../mpk-hw/kernel/kernel.js';
import { SdkError } from './errors.js';
import { PkeyFaultError, type FaultDiagnosis } from './faults.js';

/** Runs an SDK call; translates the machine's errors as the file comment says. */
export function guarded<T>(what: string, lastFault: (tid: number) => FaultDiagnosis | undefined, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    throw translate(what, lastFault, e);
  }
}

function translate(what: string, lastFault: (tid: number) => FaultDiagnosis | undefined, e: unknown): unknown {
  if (e instanceof SdkError || !(e instanceof MpkHwError)) return e;
  if (e instanceof TaskGone) {
    const d = lastFault(e.task.tid);
    if (d !== undefined && e.task.dead) return new PkeyFaultError(d);
    return new SdkError('THREAD_GONE', `${what}: ${e.message}`);
  }
  if (e.code === 'BUDGET') return new SdkError('BUDGET', `${what}: ${e.message}; raise the budget option or look for a loop`);
  if (e.code === 'CLONE_FAILED') return new SdkError('CLONE_FAILED', `${what}: ${e.message}`);
  if (e.code === 'FAULT_LOOP') return new SdkError('THREAD_GONE', `${what}: ${e.message}`);
  return new SdkError('INVARIANT', `${what}: ${e.code}: ${e.message}`);
}
