/**
 * What the fast paths (fast-*.ts) need from the lowering of one function, and the branch
 * helpers they share.
 *
 * A fast path is inline code that computes an instruction's result for the operand kinds it
 * knows (doubles, booleans, arrays with an in-bounds index) and jumps to its slow path for
 * everything else. The slow path is the very runtime call the instruction makes without fast
 * paths, emitted out of line ("cold", after the function's blocks), so the common case falls
 * straight through. A fast path has no side effect before its last check passes, so taking
 * the slow path after any number of checks gives the runtime call's answer, by construction.
 *
 * Registers: no value lives in a register between IR instructions (every vreg has a frame
 * slot), so a fast path may use RAX, RCX, RDX, R8 and XMM0-XMM1 freely; it never writes R15.
 */
import type { VReg } from '../ir/ir.js';
import type { Assembler, Cond, Label, Mem } from '../x64/index.js';

/** The lowering of the current function, as the fast paths see it. */
export interface EmitContext {
  readonly a: Assembler;
  /** The frame slot (QWORD) holding vreg `v`'s boxed value. */
  vreg(v: VReg): Mem;
  /** Queues `body` to be emitted out of line after the function's blocks; returns its label. */
  cold(body: () => void): Label;
}

/** Where a two-way branch goes; `next` is the label bound right after it (fall-through), if any. */
export interface BranchTargets {
  readonly then: Label;
  readonly else: Label;
  readonly next: Label | undefined;
}

/** The condition that holds exactly when `cc` does not (SDM Vol.1 B.1: flip the low bit). */
const INVERSE: Readonly<Record<Cond, Cond>> = {
  o: 'no', no: 'o', b: 'ae', ae: 'b', e: 'ne', ne: 'e', be: 'a', a: 'be',
  s: 'ns', ns: 's', p: 'np', np: 'p', l: 'ge', ge: 'l', le: 'g', g: 'le',
};

/** Jumps to `target` unless it is `next` (the code right after). */
export function jumpTo(a: Assembler, target: Label, next: Label | undefined): void {
  if (target !== next) a.jmp(target);
}

/** Jumps to `t.then` when `cc` holds, else to `t.else`, leaving out any jump to `t.next`. */
export function branch(a: Assembler, cc: Cond, t: BranchTargets): void {
  if (t.then === t.next) {
    a.jcc(INVERSE[cc], t.else);
    return;
  }
  a.jcc(cc, t.then);
  jumpTo(a, t.else, t.next);
}

/**
 * Emits `hot` (the fast path); its jumps to `toSlow` reach `slow` (the runtime call, emitted
 * out of line), which then resumes at `done`, right after `hot`.
 */
export function withSlowPath(ctx: EmitContext, slow: () => void, hot: (toSlow: Label, done: Label) => void): void {
  const done = ctx.a.newLabel();
  const toSlow = ctx.cold(() => {
    slow();
    ctx.a.jmp(done);
  });
  hot(toSlow, done);
  ctx.a.bind(done);
}
