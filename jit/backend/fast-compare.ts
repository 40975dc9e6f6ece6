/**
 * Fast paths of the comparisons `< <= > >= == != === !==`, of ToBoolean for `br`, and of `!`
 * on booleans (emit-context.ts says what a fast path is).
 *
 * Doubles are compared with UCOMISD (SDM Vol.2B UCOMISD: ZF,PF,CF = 111 unordered, 000
 * greater, 001 less, 100 equal), which has JavaScript's semantics for ordered operands:
 * -0 equals +0, and nothing is unordered but a NaN. As in fast-arith.ts, every non-double box
 * reads as a NaN, so "unordered" covers both a NaN double and a non-double operand; only that
 * case leaves the fast path:
 *   - `< <= > >=`: the runtime call.
 *   - `=== !==`: decided on the bits, out of line. Equal bits are the same value (true), but
 *     for NaN (false). Different bits with different tags are different types, or a NaN
 *     against a double (false). Different bits with the same tag are different booleans,
 *     arrays or functions (false), or two strings, which compare by content: the runtime call.
 *   - `== !=`: equal bits as for `===`; anything else is the runtime call.
 * A comparison either stores a boxed boolean, or, fused with the `br` that is its only use,
 * branches on the flags directly.
 */
import type { BinaryOp, VReg } from '../ir/ir.js';
import { assert } from '../errors.js';
import { CANONICAL_NAN, FALSE, PAYLOAD_BITS, TAG_STRING, TRUE } from '../runtime/values.js';
import { eax, qword, rax, rcx, rdx, xmm0, xmm1, type Cond, type Label } from '../x64/index.js';
import { branch, type BranchTargets, type EmitContext } from './emit-context.js';
import { movConstant } from './safe-constants.js';

/** How a comparison's answer is used: stored as a boxed boolean, or branched on. */
export type AnswerUse =
  | { readonly kind: 'value'; readonly dst: VReg }
  | { readonly kind: 'branch'; readonly targets: BranchTargets };

/** UCOMISD x, y with x = left (or right when `swap`); the answer is `cc` when ordered. */
interface Shape {
  readonly swap: boolean;
  readonly cc: Cond;
  /** For the equality operators: strict or loose, and the answer for equal operands. */
  readonly equality?: { readonly strict: boolean; readonly ifEqual: boolean };
}

const SHAPES: Partial<Record<BinaryOp, Shape>> = {
  '>': { swap: false, cc: 'a' },
  '>=': { swap: false, cc: 'ae' },
  '<': { swap: true, cc: 'a' },
  '<=': { swap: true, cc: 'ae' },
  '===': { swap: false, cc: 'e', equality: { strict: true, ifEqual: true } },
  '!==': { swap: false, cc: 'ne', equality: { strict: true, ifEqual: false } },
  '==': { swap: false, cc: 'e', equality: { strict: false, ifEqual: true } },
  '!=': { swap: false, cc: 'ne', equality: { strict: false, ifEqual: false } },
};

const TAG_SHIFT = Number(PAYLOAD_BITS);
// The hot paths make TRUE from FALSE with one LEA.
assert(TRUE === FALSE + 1n, 'TRUE is FALSE + 1');

/** Whether `op` is a comparison with a fast path (so a `br` on it can be fused). */
export function isFastComparison(op: BinaryOp): boolean {
  return SHAPES[op] !== undefined;
}

/** Where each kind of answer goes: out-of-line code or branch targets. */
interface Sink {
  /** Code that gives the known answer `b`. */
  known(b: boolean): Label;
  /** Code that makes the runtime call (the slow path) and uses its answer. */
  slow(): Label;
  /** Hot code: the flags hold the answer as condition `cc`. */
  flags(cc: Cond): void;
}

/**
 * Emits comparison `op` of `left` and `right` used as `use`; `slow` emits the runtime call
 * (boxed answer stored in the instruction's dst and left in RAX). False when `op` has no fast path.
 */
export function fastCompare(ctx: EmitContext, op: BinaryOp, left: VReg, right: VReg, use: AnswerUse,
  slow: () => void): boolean {
  const shape = SHAPES[op];
  if (shape === undefined) return false;
  const a = ctx.a;
  const done = a.newLabel();
  const sink = use.kind === 'value' ? valueSink(ctx, use.dst, slow, done) : branchSink(ctx, use.targets, slow);
  if (use.kind === 'value') movConstant(a, rax, FALSE); // before UCOMISD: a blinded constant may set flags
  const [x, y] = shape.swap ? [right, left] : [left, right];
  a.movq(xmm0, ctx.vreg(x)).ucomisd(xmm0, ctx.vreg(y));
  const eq = shape.equality;
  a.jcc('p', eq === undefined ? sink.slow() : unorderedEquality(ctx, left, right, eq, sink));
  sink.flags(shape.cc);
  a.bind(done);
  return true;
}

function valueSink(ctx: EmitContext, dst: VReg, slow: () => void, done: Label): Sink {
  const a = ctx.a;
  const known = new Map<boolean, Label>();
  let slowLabel: Label | undefined;
  return {
    known: (b) => {
      let l = known.get(b);
      if (l === undefined) {
        known.set(b, (l = ctx.cold(() => {
          movConstant(a, rax, b ? TRUE : FALSE);
          a.mov(ctx.vreg(dst), rax).jmp(done);
        })));
      }
      return l;
    },
    slow: () => (slowLabel ??= ctx.cold(() => {
      slow();
      a.jmp(done);
    })),
    // RAX = FALSE already; TRUE is FALSE + 1 (values.ts). LEA and MOV leave the flags alone.
    flags: (cc) => {
      a.lea(rcx, qword({ base: rax, disp: 1 })).cmovcc(cc, rax, rcx).mov(ctx.vreg(dst), rax);
    },
  };
}

function branchSink(ctx: EmitContext, t: BranchTargets, slow: () => void): Sink {
  const a = ctx.a;
  let slowLabel: Label | undefined;
  return {
    known: (b) => (b ? t.then : t.else),
    slow: () => (slowLabel ??= ctx.cold(() => {
      slow();
      movConstant(a, rcx, TRUE);
      a.cmp(rax, rcx);
      branch(a, 'e', { then: t.then, else: t.else, next: undefined });
    })),
    flags: (cc) => branch(a, cc, t),
  };
}

/** Out-of-line code deciding an unordered `=== !== == !=` on the bits (file comment). */
function unorderedEquality(ctx: EmitContext, left: VReg, right: VReg,
  eq: NonNullable<Shape['equality']>, sink: Sink): Label {
  return ctx.cold(() => {
    const a = ctx.a;
    const differ = a.newLabel();
    a.mov(rax, ctx.vreg(left)).mov(rdx, ctx.vreg(right));
    a.cmp(rax, rdx).jcc('ne', differ);
    movConstant(a, rcx, CANONICAL_NAN);
    a.cmp(rax, rcx).jcc('e', sink.known(!eq.ifEqual));
    a.jmp(sink.known(eq.ifEqual));
    a.bind(differ);
    if (!eq.strict) {
      a.jmp(sink.slow());
      return;
    }
    a.mov(rcx, rax).xor(rcx, rdx).shr(rcx, TAG_SHIFT).jcc('ne', sink.known(!eq.ifEqual));
    a.shr(rax, TAG_SHIFT).cmp(eax, TAG_STRING).jcc('e', sink.slow());
    a.jmp(sink.known(!eq.ifEqual));
  });
}

/**
 * `br cond`: booleans and doubles decided inline (ToBoolean, ECMA-262 7.1.2: a double is
 * false for ±0 and NaN); anything else makes the `truthy` runtime call, which `truthy` emits
 * (answer 0 or 1 in RAX).
 */
export function fastBranch(ctx: EmitContext, cond: VReg, t: BranchTargets, truthy: () => void): void {
  const a = ctx.a;
  a.mov(rax, ctx.vreg(cond));
  movConstant(a, rcx, FALSE);
  a.cmp(rax, rcx).jcc('e', t.else);
  a.lea(rcx, qword({ base: rcx, disp: 1 })).cmp(rax, rcx).jcc('e', t.then); // TRUE = FALSE + 1
  const unordered = ctx.cold(() => {
    movConstant(a, rcx, CANONICAL_NAN);
    a.cmp(rax, rcx).jcc('e', t.else);
    truthy();
    a.test(rax, rax);
    branch(a, 'ne', { then: t.then, else: t.else, next: undefined });
  });
  a.movq(xmm0, rax).xorpd(xmm1, xmm1).ucomisd(xmm0, xmm1).jcc('p', unordered);
  branch(a, 'ne', t);
}

/** `!src` for a boolean (flip the payload bit); anything else goes to `toSlow`. */
export function fastNot(ctx: EmitContext, dst: VReg, src: VReg, toSlow: Label): void {
  const a = ctx.a;
  a.mov(rax, ctx.vreg(src));
  movConstant(a, rcx, FALSE);
  a.xor(rcx, rax).cmp(rcx, 1).jcc('a', toSlow); // RAX ^ FALSE is 0 or 1 exactly for booleans
  a.xor(rax, 1).mov(ctx.vreg(dst), rax);
}
