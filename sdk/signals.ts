/**
 * Signal policy: the kernel enters every handler with init_pkru_value and returns with the
 * PKRU held in the frame (Linux 6.12+).  The SDK wraps handlers of sandboxed threads so that
 *  - on entry it notices a PKRU the SDK did not set before the signal (frame slot != shadow),
 *    records `signal.enter` and applies the handler's rights (its role's baseline: handlers
 *    never hold a write window);
 *  - on return it notices an edited frame (slot changed by the handler, or by anyone writing
 *    the stack), which would load any PKRU on rt_sigreturn, records `signal.return`, and
 *    takes the slot as the thread's shadow (what the kernel will load).
 */
import type { HandlerContext, UserHandler } from '../mpk-hw/user-thread.js';
import { hex32 } from './audit/schema.js';
import type { Sandbox } from './sandbox.js';
import { rightsChange } from './pkru-gate.js';
import type { SdkThread } from './threads.js';

function unaudited(sbx: Sandbox, t: SdkThread, expected: number, actual: number, where: string, signo: number): void {
  t.stats.unauditedPkru++;
  sbx.audit.emit({ kind: 'pkru.unaudited', cycle: t.ut.task.counters.cycles, tid: t.tid, pkruBefore: hex32(expected),
    pkruAfter: hex32(actual), rights: rightsChange(expected, actual), detail: { where, signo } });
}

/** Wraps a handler with the SDK's signal policy. */
export function sandboxHandler(sbx: Sandbox, handler: UserHandler): UserHandler {
  return (ctx: HandlerContext) => {
    const t = sbx.threads.get(ctx.thread.tid);
    if (t === undefined) return handler(ctx);
    const found = ctx.thread.read32(ctx.pkruSlotAddr);
    // A PKRU the SDK did not set before the signal: recorded; the frame slot is put back to the
    // SDK's value, so rt_sigreturn restores what the SDK set.
    if (found !== t.shadow) {
      unaudited(sbx, t, t.shadow, found, 'before the signal', ctx.signo);
      if (!sbx.options.strict) ctx.thread.write32(ctx.pkruSlotAddr, t.shadow);
    }
    const interrupted = ctx.thread.read32(ctx.pkruSlotAddr);
    t.shadow = ctx.thread.rdpkru(); // init_pkru_value, set by the kernel
    sbx.audit.emit({ kind: 'signal.enter', cycle: t.ut.task.counters.cycles, tid: t.tid, pkruBefore: hex32(interrupted),
      pkruAfter: hex32(t.shadow), detail: { signo: ctx.signo } });
    sbx.gate.write(t, sbx.baseline(t.role), 'signal.enter', { detail: { signo: ctx.signo } });
    try {
      handler(ctx);
    } finally {
      if (!t.ut.task.dead) leave(sbx, t, ctx, interrupted);
    }
  };
}

function leave(sbx: Sandbox, t: SdkThread, ctx: HandlerContext, interrupted: number): void {
  const slot = ctx.thread.read32(ctx.pkruSlotAddr);
  if (slot !== interrupted) {
    unaudited(sbx, t, interrupted, slot, 'signal frame edited', ctx.signo);
    if (sbx.options.strict) ctx.thread.exit(128 + 9);
  }
  sbx.audit.emit({ kind: 'signal.return', cycle: t.ut.task.counters.cycles, tid: t.tid, pkruAfter: hex32(slot),
    detail: { signo: ctx.signo } });
  t.shadow = slot;
}
