/**
 * Fast paths of the number operators: `+ - * /` and unary `+ -` on doubles, the int32
 * operators `& | ^ << >> >>> ~`, and `%` on int32 values (emit-context.ts says what a fast
 * path is). Two facts of the boxing (jit/runtime/values.ts) make the checks short:
 *
 *   - Every boxed word that is not a double (tags 0xFFF9..0xFFFE) is, read as a double, a
 *     quiet NaN (exponent all ones, fraction nonzero), and the only NaN a double box holds is
 *     the canonical one. SSE arithmetic with a NaN source gives a NaN (SDM Vol.1 4.8.3.5,
 *     Table 4-7), so a result that is not a NaN proves both operands were non-NaN doubles, and
 *     it is then the IEEE result JavaScript gives. A NaN result is never stored as computed:
 *     out of line, two doubles get the canonical NaN, anything else takes the slow path.
 *   - CVTTSD2SI of a NaN or of a value out of the int32 range gives the integer indefinite
 *     0x80000000 (SDM Vol.2A CVTTSD2SI), so any other answer is the truncated value, which
 *     is ToInt32 (ECMA-262 7.1.6) of a double whose truncation fits int32.
 */
import type { BinaryOp, UnaryOp, VReg } from '../ir/ir.js';
import { CANONICAL_NAN, UNDEFINED, boxDouble } from '../runtime/values.js';
import {
  cl, eax, ecx, edx, rax, rcx, rdx, xmm0, xmm1, type Assembler, type Gpr32, type Label, type Mem,
} from '../x64/index.js';
import { withSlowPath, type EmitContext } from './emit-context.js';
import { movConstant } from './safe-constants.js';

/** The integer indefinite of CVTTSD2SI r32 (SDM Vol.2A CVTTSD2SI). */
const INT32_INDEFINITE = 0x8000_0000;
/** The sign bit of a double: the box of -0. */
const SIGN_BIT = boxDouble(-0);

/** The operands of a binary instruction. */
interface BinaryOperands {
  readonly dst: VReg;
  readonly left: VReg;
  readonly right: VReg;
}

/** Emits the fast path of binary `op` (the slow path is `slow`); false when `op` has none here. */
export function fastArithmetic(ctx: EmitContext, op: BinaryOp, i: BinaryOperands, slow: () => void): boolean {
  switch (op) {
    case '+': case '-': case '*': case '/':
      withSlowPath(ctx, slow, (toSlow, done) => doubleArith(ctx, op, i, toSlow, done));
      return true;
    case '&': case '|': case '^': case '<<': case '>>': case '>>>':
      withSlowPath(ctx, slow, (toSlow) => int32Op(ctx, op, i, toSlow));
      return true;
    case '%':
      withSlowPath(ctx, slow, (toSlow) => int32Remainder(ctx, i, toSlow));
      return true;
    default:
      return false;
  }
}

/** Emits the fast path of unary `op` on `src` into `dst`; false when `op` has none here. */
export function fastUnaryNumber(ctx: EmitContext, op: UnaryOp, dst: VReg, src: VReg, slow: () => void): boolean {
  const a = ctx.a;
  switch (op) {
    case '+': // ToNumber of a double is itself
      withSlowPath(ctx, slow, (toSlow) => {
        a.movq(xmm0, ctx.vreg(src)).ucomisd(xmm0, xmm0).jcc('p', toSlow);
        a.movq(ctx.vreg(dst), xmm0);
      });
      return true;
    case '-': // flip the sign bit of a non-NaN double (exact for ±0 and ±Infinity too)
      withSlowPath(ctx, slow, (toSlow) => {
        a.mov(rax, ctx.vreg(src));
        // Unsigned, the boxes below the canonical NaN are exactly the non-NaN doubles.
        movConstant(a, rcx, CANONICAL_NAN);
        a.cmp(rax, rcx).jcc('ae', toSlow);
        movConstant(a, rcx, SIGN_BIT);
        a.xor(rax, rcx).mov(ctx.vreg(dst), rax);
      });
      return true;
    case '~':
      withSlowPath(ctx, slow, (toSlow) => {
        toInt32(a, eax, ctx.vreg(src), toSlow);
        a.not(eax).cvtsi2sd(xmm0, eax).movq(ctx.vreg(dst), xmm0);
      });
      return true;
    default:
      return false;
  }
}

function doubleArith(ctx: EmitContext, op: '+' | '-' | '*' | '/', i: BinaryOperands, toSlow: Label, done: Label): void {
  const a = ctx.a;
  const left = ctx.vreg(i.left);
  const right = ctx.vreg(i.right);
  // Unordered (PF=1) only for a NaN: an operand was not a double, or the answer is NaN.
  const nan = ctx.cold(() => {
    // Both doubles (unsigned below the first tag, UNDEFINED): the answer is NaN, boxed canonical.
    movConstant(a, rcx, UNDEFINED);
    a.cmp(left, rcx).jcc('ae', toSlow).cmp(right, rcx).jcc('ae', toSlow);
    movConstant(a, rax, CANONICAL_NAN);
    a.mov(ctx.vreg(i.dst), rax).jmp(done);
  });
  a.movq(xmm0, left);
  if (op === '+') a.addsd(xmm0, right);
  else if (op === '-') a.subsd(xmm0, right);
  else if (op === '*') a.mulsd(xmm0, right);
  else a.divsd(xmm0, right);
  a.ucomisd(xmm0, xmm0).jcc('p', nan);
  a.movq(ctx.vreg(i.dst), xmm0);
}

/** `r` = ToInt32 of the double at `m` when CVTTSD2SI gives it; else to `toSlow`. */
function toInt32(a: Assembler, r: Gpr32, m: Mem, toSlow: Label): void {
  // The indefinite: NaN, a non-double box, out of range; or -2^31 itself (rare, slow path).
  a.cvttsd2si(r, m).cmp(r, INT32_INDEFINITE).jcc('e', toSlow);
}

function int32Op(ctx: EmitContext, op: '&' | '|' | '^' | '<<' | '>>' | '>>>', i: BinaryOperands, toSlow: Label): void {
  const a = ctx.a;
  toInt32(a, eax, ctx.vreg(i.left), toSlow);
  toInt32(a, ecx, ctx.vreg(i.right), toSlow);
  // Shift counts: x86 masks CL to 5 bits as ECMA-262 masks ToUint32(count) (13.9).
  switch (op) {
    case '&': a.and(eax, ecx); break;
    case '|': a.or(eax, ecx); break;
    case '^': a.xor(eax, ecx); break;
    case '<<': a.shl(eax, cl); break;
    case '>>': a.sar(eax, cl); break;
    case '>>>': a.shr(eax, cl); break;
  }
  // >>> gives a uint32: converted from RAX (a 32-bit write zero-extends, SDM Vol.1 3.4.1.1).
  if (op === '>>>') a.cvtsi2sd(xmm0, rax);
  else a.cvtsi2sd(xmm0, eax);
  a.movq(ctx.vreg(i.dst), xmm0);
}

/**
 * `a % b` for an int32 `a` (not -0) and an integral `b` in [1, 2^31): IDIV's remainder has
 * the dividend's sign as JavaScript's `%` has (ECMA-262 6.1.6.1.6), and cannot overflow.
 */
function int32Remainder(ctx: EmitContext, i: BinaryOperands, toSlow: Label): void {
  const a = ctx.a;
  const left = ctx.vreg(i.left);
  const right = ctx.vreg(i.right);
  // Dividend: converting back must give the same bits (rules out -0, fractions, NaN, non-doubles).
  a.cvttsd2si(eax, left).cvtsi2sd(xmm0, eax).movq(rdx, xmm0).cmp(rdx, left).jcc('ne', toSlow);
  // Divisor: at least 1 (the indefinite is negative) and integral (then never a NaN: ordered).
  a.cvttsd2si(ecx, right).test(ecx, ecx).jcc('le', toSlow);
  a.cvtsi2sd(xmm1, ecx).ucomisd(xmm1, right).jcc('ne', toSlow);
  const store = a.newLabel();
  a.cdq().idiv(ecx);
  a.test(edx, edx).jcc('ne', store);
  // A zero remainder of a negative dividend is -0 in JavaScript: the slow path makes it. The
  // divisor is positive, so the quotient (EAX) is negative exactly when the dividend is.
  a.test(eax, eax).jcc('s', toSlow);
  a.bind(store);
  a.cvtsi2sd(xmm0, edx).movq(ctx.vreg(i.dst), xmm0);
}
