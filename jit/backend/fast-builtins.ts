/**
 * Fast paths of host builtins (emit-context.ts says what a fast path is):
 *
 *   - `arr.push(v)` (one argument) while length < capacity: the store, length + 1, and the new
 *     length as the result (heap.ts arrayPush when nothing moves).
 *   - `arr.pop()` of a non-empty array: length - 1 and the last element, undefined for a hole
 *     (heap.ts arrayPop).
 *   - `Math.floor/ceil/trunc(x)`: ROUNDSD with the rounding mode in imm8 (SDM Vol.2B ROUNDSD:
 *     bits 1:0 = 01 down, 10 up, 11 toward zero; bit 3 suppresses the precision exception),
 *     which keeps the operand's sign on a zero result as ECMA-262 does (-0.5 ceils to -0).
 *   - `Math.sqrt(x)`: SQRTSD, correctly rounded as ECMA-262 requires (sqrt(-0) is -0).
 *   - `Math.abs(x)`: clear the sign bit of a non-NaN double.
 *   - `Math.min/max(a, b)`: the smaller/larger of two ordered doubles; of two equal ones the
 *     OR/AND of their bits, which is -0/+0 for a -0/+0 pair and the value itself otherwise.
 * As in fast-arith.ts, a NaN result or operand (every non-double box reads as a NaN) takes the
 * runtime call; only one-argument (two for min/max) calls are done inline.
 */
import type { VReg } from '../ir/ir.js';
import { ARRAY_CAPACITY, ARRAY_ELEMENTS, ARRAY_LENGTH } from '../runtime/heap.js';
import { CANONICAL_NAN, HOLE, UNDEFINED } from '../runtime/values.js';
import { qword, rax, rcx, rdx, r8, xmm0, type Label } from '../x64/index.js';
import { withSlowPath, type EmitContext } from './emit-context.js';
import { ARRAY_TAG, untag } from './fast-objects.js';
import { movConstant } from './safe-constants.js';

/** A fast path's body, given the label of its slow path. */
type Body = (toSlow: Label) => void;

/** ROUNDSD imm8 of each rounding Math function. */
const ROUNDING: Readonly<Record<string, number>> = { 'Math.floor': 0b1001, 'Math.ceil': 0b1010, 'Math.trunc': 0b1011 };

/** Emits the fast path of builtin `name`; false when it has none for these arguments. */
export function fastBuiltin(ctx: EmitContext, name: string, args: readonly VReg[], dst: VReg,
  slow: () => void): boolean {
  const [x, y] = args;
  if (x === undefined) return false;
  const body = args.length === 1 ? oneArgument(ctx, name, x, dst)
    : args.length === 2 && y !== undefined ? twoArguments(ctx, name, x, y, dst) : undefined;
  if (body === undefined) return false;
  withSlowPath(ctx, slow, body);
  return true;
}

function oneArgument(ctx: EmitContext, name: string, x: VReg, dst: VReg): Body | undefined {
  const a = ctx.a;
  const mode = ROUNDING[name];
  const viaXmm = (emit: () => void) => (toSlow: Label): void => {
    emit();
    a.ucomisd(xmm0, xmm0).jcc('p', toSlow).movq(ctx.vreg(dst), xmm0);
  };
  if (mode !== undefined) return viaXmm(() => a.roundsd(xmm0, ctx.vreg(x), mode));
  if (name === 'Math.sqrt') return viaXmm(() => a.sqrtsd(xmm0, ctx.vreg(x)));
  if (name === 'pop') return (toSlow) => pop(ctx, x, dst, toSlow);
  if (name === 'Math.abs') {
    return (toSlow) => {
      a.mov(rax, ctx.vreg(x));
      movConstant(a, rcx, CANONICAL_NAN); // unsigned, the boxes below it are the non-NaN doubles
      a.cmp(rax, rcx).jcc('ae', toSlow);
      a.shl(rax, 1).shr(rax, 1).mov(ctx.vreg(dst), rax);
    };
  }
  return undefined;
}

function twoArguments(ctx: EmitContext, name: string, x: VReg, y: VReg, dst: VReg): Body | undefined {
  const a = ctx.a;
  if (name === 'push') return (toSlow) => push(ctx, x, y, dst, toSlow);
  if (name !== 'Math.min' && name !== 'Math.max') return undefined;
  const min = name === 'Math.min';
  return (toSlow) => {
    a.mov(rax, ctx.vreg(x)).mov(rdx, ctx.vreg(y)).mov(rcx, rax);
    if (min) a.or(rcx, rdx);
    else a.and(rcx, rdx);
    a.movq(xmm0, rax).ucomisd(xmm0, ctx.vreg(y)).jcc('p', toSlow);
    a.cmovcc(min ? 'a' : 'b', rax, rdx).cmovcc('e', rax, rcx).mov(ctx.vreg(dst), rax);
  };
}

/** `recv.push(v)` while the array has room; the result is the new length. */
function push(ctx: EmitContext, recv: VReg, v: VReg, dst: VReg, toSlow: Label): void {
  const a = ctx.a;
  untag(a, rax, ctx.vreg(recv), ARRAY_TAG, toSlow);
  a.mov(rdx, qword({ base: rax, disp: ARRAY_LENGTH }));
  a.cmp(rdx, qword({ base: rax, disp: ARRAY_CAPACITY })).jcc('ae', toSlow);
  a.mov(rcx, qword({ base: rax, disp: ARRAY_ELEMENTS })).mov(r8, ctx.vreg(v));
  a.mov(qword({ base: rcx, index: rdx, scale: 8 }), r8);
  a.add(rdx, 1).mov(qword({ base: rax, disp: ARRAY_LENGTH }), rdx);
  a.cvtsi2sd(xmm0, rdx).movq(ctx.vreg(dst), xmm0);
}

/** `recv.pop()` of a non-empty array. */
function pop(ctx: EmitContext, recv: VReg, dst: VReg, toSlow: Label): void {
  const a = ctx.a;
  const store = a.newLabel();
  const hole = ctx.cold(() => { // a hole reads as undefined (heap.ts arrayGet)
    movConstant(a, rax, UNDEFINED);
    a.jmp(store);
  });
  untag(a, rax, ctx.vreg(recv), ARRAY_TAG, toSlow);
  a.mov(rdx, qword({ base: rax, disp: ARRAY_LENGTH })).sub(rdx, 1).jcc('b', toSlow); // empty: borrow
  a.mov(qword({ base: rax, disp: ARRAY_LENGTH }), rdx);
  a.mov(rcx, qword({ base: rax, disp: ARRAY_ELEMENTS })).mov(rax, qword({ base: rcx, index: rdx, scale: 8 }));
  movConstant(a, rcx, HOLE);
  a.cmp(rax, rcx).jcc('e', hole);
  a.bind(store);
  a.mov(ctx.vreg(dst), rax);
}
