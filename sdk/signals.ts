/**
 * Signal policy: the kernel enters every handler with init_pkru_value and returns with the
 * PKRU held in the frame (Linux 6.12+: arch/x86/kernel/fpu/signal.c writes the interrupted
 * PKRU into the frame's XSAVE area, and rt_sigreturn restores it).  The SDK wraps handlers of
 * sandboxed threads so that a signal can never hand a thread a PKRU the SDK did not set:
 *  - on entry, a frame slot that differs from the SDK's shadow (JIT code changed PKRU before the
 *    signal) is recorded as `pkru.unaudited`; strict mode ends the thread there, before any
 *    handler runs (see `killAtEntry`); otherwise the slot is put back to the shadow (repaired);
 *  - the handler runs with its role's baseline (handlers never hold a write window);
 *  - on return, a slot that differs from the shadow before the signal (the handler, or anyone
 *    writing the stack, edited the frame) is recorded; strict mode ends the thread, otherwise
 *    the slot is put back.  The shadow after the signal is always the SDK's own value.
 */
import type { HandlerContext, UserHandler } from '../mpk-hw/user-thread.js';
import { hex32 } from './audit/schema.js';
import type { SandboxCore as Sandbox } from './sandbox-core.js';
import { rightsChange } from './pkru-gate.js';
import { setShadow, type SdkThread } from './threads.js';

function unaudited(sbx: Sandbox, t: SdkThread, expected: number, actual: number, where: string, signo: number): void {
  t.stats.unauditedPkru++;
  sbx.audit.emit({ kind: 'pkru.unaudited', cycle: t.ut.task.counters.cycles, tid: t.tid, pkruBefore: hex32(expected),
    pkruAfter: hex32(actual), rights: rightsChange(expected, actual),
    detail: { where, signo, action: sbx.options.strict ? 'kill-thread' : 'repair' } });
}

/** Wraps a handler with the SDK's signal policy. */
export function sandboxHandler(sbx: Sandbox, handler: UserHandler): UserHandler {
  return (ctx: HandlerContext) => {
    const t = sbx.threads.get(ctx.thread.tid);
    if (t === undefined) return handler(ctx);
    const expected = t.shadow; // the PKRU the SDK set before the signal
    const found = ctx.thread.read32(ctx.pkruSlotAddr);
    if (found !== expected) {
      unaudited(sbx, t, expected, found, 'before the signal', ctx.signo);
      // The thread held rights the SDK never gave: it cannot be trusted to go on (strict).
      if (sbx.options.strict) return killAtEntry(sbx, t, ctx);
      ctx.thread.write32(ctx.pkruSlotAddr, expected);
    }
    setShadow(t, ctx.thread.rdpkru()); // init_pkru_value, set by the kernel
    sbx.audit.emit({ kind: 'signal.enter', cycle: t.ut.task.counters.cycles, tid: t.tid, pkruBefore: hex32(expected),
      pkruAfter: hex32(t.shadow), detail: { signo: ctx.signo } });
    sbx.gate.write(t, sbx.baseline(t.role), 'signal.enter', { detail: { signo: ctx.signo } });
    try {
      handler(ctx);
    } finally {
      if (!t.ut.task.dead) leave(sbx, t, ctx, expected);
    }
  };
}

/**
 * Ends a thread at signal entry (strict mode) with the SDK's own exit.  The kernel entered the
 * handler with init_pkru_value, not the shadow (Linux 6.12+ handle_signal ->
 * fpu__clear_user_states, arch/x86/kernel/signal.c; spec mpk-linux-semantics L-10), and every
 * system call of a sandboxed thread compares PKRU with the shadow: a bare exit(2) here would be
 * judged a rogue PKRU by the SDK's own filter and killed by seccomp instead, with a second,
 * misleading `pkru.unaudited`.  So the SDK first sets the role's baseline through the gate (the
 * same recorded write as every handler entry, marked kill-thread), then exits; no handler runs.
 */
function killAtEntry(sbx: Sandbox, t: SdkThread, ctx: HandlerContext): never {
  sbx.gate.write(t, sbx.baseline(t.role), 'signal.enter', { detail: { signo: ctx.signo, action: 'kill-thread' } });
  return ctx.thread.exit(128 + 9);
}

function leave(sbx: Sandbox, t: SdkThread, ctx: HandlerContext, expected: number): void {
  const slot = ctx.thread.read32(ctx.pkruSlotAddr);
  if (slot !== expected) {
    unaudited(sbx, t, expected, slot, 'signal frame edited', ctx.signo);
    if (sbx.options.strict) return ctx.thread.exit(128 + 9);
    ctx.thread.write32(ctx.pkruSlotAddr, expected);
  }
  sbx.audit.emit({ kind: 'signal.return', cycle: t.ut.task.counters.cycles, tid: t.tid, pkruAfter: hex32(expected),
    detail: { signo: ctx.signo } });
  // What rt_sigreturn will load: the SDK's own value, never one read from the frame.
  setShadow(t, expected);
}
