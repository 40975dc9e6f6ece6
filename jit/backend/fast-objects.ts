/**
 * Fast paths of indexing, `.length` and call targets (emit-context.ts says what a fast path
 * is), on the array layout of jit/runtime/heap.ts (header: u64 length, u64 capacity, u64
 * elements address; elements: boxed u64, HOLE for a hole):
 *
 *   - `arr[i]` with i an integral double in [0, length): the load, undefined for a hole.
 *     (-0 is index 0, as ToString(-0) is "0".)
 *   - `arr[i] = v` with i in [0, length): the store; with i = length < capacity: the store and
 *     length + 1 (arraySet's own steps when no hole needs filling and nothing moves).
 *   - `arr.length`, `str.length`: the header's length as a double.
 *   - the callee of a call: a function box's payload is its function object's address, which
 *     is what the `callTarget` runtime call returns for it (functions.ts).
 * Everything else (holes, growth, other indices and receivers) is the runtime call.
 */
import type { VReg } from '../ir/ir.js';
import { ARRAY_CAPACITY, ARRAY_ELEMENTS, ARRAY_LENGTH } from '../runtime/heap.js';
import { HOLE, PAYLOAD_BITS, UNDEFINED, boxArray, boxFunction, boxString } from '../runtime/values.js';
import { qword, rax, rcx, rdx, r8, xmm0, type Assembler, type Gpr64, type Label, type Mem } from '../x64/index.js';
import { withSlowPath, type EmitContext } from './emit-context.js';
import { movConstant } from './safe-constants.js';

/** The tag bits of an array box (its payload, the header address, is 0 here). */
export const ARRAY_TAG = boxArray(0);
/** The tag bits of a string box. */
const STRING_TAG = boxString(0);
/** The tag bits of a function box. */
const FUNCTION_TAG = boxFunction(0);
/** Offset of a string's length (u64, UTF-16 code units) in its header (heap.ts). */
const STRING_LENGTH = 0;

/**
 * `r` = the payload of the box at `m` when its tag is `tagBits`, else to `toSlow`: XOR with
 * the tag leaves exactly the 48-bit payload (the header address) when the tags match.
 */
export function untag(a: Assembler, r: Gpr64, m: Mem, tagBits: bigint, toSlow: Label): void {
  a.mov(r, m);
  movConstant(a, rcx, tagBits);
  a.xor(r, rcx).mov(rcx, r).shr(rcx, Number(PAYLOAD_BITS)).jcc('ne', toSlow);
}

/**
 * RDX = the index at `m` when it is an integral double below the length at [RAX]; `onEnd`
 * (default `toSlow`) is where i >= length goes, with the flags of `cmp rdx, length`.
 * CVTTSD2SI r64 then CVTSI2SD gives back an integral double below 2^63 exactly, and anything
 * else unequal, but for a NaN (unordered, ZF=1): then RDX is the indefinite 2^63 (SDM Vol.2A
 * CVTTSD2SI), which the unsigned length check refuses with the negative indices.
 */
function index(a: Assembler, m: Mem, toSlow: Label, onEnd: Label = toSlow): void {
  a.cvttsd2si(rdx, m).cvtsi2sd(xmm0, rdx).ucomisd(xmm0, m).jcc('ne', toSlow);
  a.cmp(rdx, qword({ base: rax, disp: ARRAY_LENGTH })).jcc('ae', onEnd);
}

/** `dst = obj[idx]` fast path. */
export function fastGetIndex(ctx: EmitContext, dst: VReg, obj: VReg, idx: VReg, slow: () => void): void {
  const a = ctx.a;
  withSlowPath(ctx, slow, (toSlow) => {
    untag(a, rax, ctx.vreg(obj), ARRAY_TAG, toSlow);
    index(a, ctx.vreg(idx), toSlow);
    const store = a.newLabel();
    const hole = ctx.cold(() => { // a hole reads as undefined (heap.ts arrayGet)
      movConstant(a, rax, UNDEFINED);
      a.jmp(store);
    });
    a.mov(rcx, qword({ base: rax, disp: ARRAY_ELEMENTS }));
    a.mov(rax, qword({ base: rcx, index: rdx, scale: 8 }));
    movConstant(a, rcx, HOLE);
    a.cmp(rax, rcx).jcc('e', hole);
    a.bind(store);
    a.mov(ctx.vreg(dst), rax);
  });
}

/** `obj[idx] = src` fast path. */
export function fastSetIndex(ctx: EmitContext, obj: VReg, idx: VReg, src: VReg, slow: () => void): void {
  const a = ctx.a;
  withSlowPath(ctx, slow, (toSlow) => {
    const store = a.newLabel();
    // i >= length: only i = length < capacity is appended here (the flags are cmp rdx, length).
    const append = ctx.cold(() => {
      a.jcc('ne', toSlow);
      a.cmp(rdx, qword({ base: rax, disp: ARRAY_CAPACITY })).jcc('ae', toSlow);
      a.lea(rcx, qword({ base: rdx, disp: 1 })).mov(qword({ base: rax, disp: ARRAY_LENGTH }), rcx);
      a.jmp(store);
    });
    untag(a, rax, ctx.vreg(obj), ARRAY_TAG, toSlow);
    index(a, ctx.vreg(idx), toSlow, append);
    a.bind(store);
    a.mov(rcx, qword({ base: rax, disp: ARRAY_ELEMENTS })).mov(r8, ctx.vreg(src));
    a.mov(qword({ base: rcx, index: rdx, scale: 8 }), r8);
  });
}

/** `dst = obj.length` fast path for arrays, and out of line for strings. */
export function fastLength(ctx: EmitContext, dst: VReg, obj: VReg, slow: () => void): void {
  const a = ctx.a;
  withSlowPath(ctx, slow, (toSlow) => {
    const store = a.newLabel();
    const notArray = ctx.cold(() => {
      untag(a, rax, ctx.vreg(obj), STRING_TAG, toSlow);
      a.cvtsi2sd(xmm0, qword({ base: rax, disp: STRING_LENGTH })).jmp(store);
    });
    untag(a, rax, ctx.vreg(obj), ARRAY_TAG, notArray);
    // Lengths are below 2^32 (heap.ts), so the signed conversion is exact.
    a.cvtsi2sd(xmm0, qword({ base: rax, disp: ARRAY_LENGTH }));
    a.bind(store);
    a.movq(ctx.vreg(dst), xmm0);
  });
}

/** RAX = the function object of the callee `callee` (what `callTarget`, the slow path, returns). */
export function fastCallTarget(ctx: EmitContext, callee: VReg, slow: () => void): void {
  withSlowPath(ctx, slow, (toSlow) => untag(ctx.a, rax, ctx.vreg(callee), FUNCTION_TAG, toSlow));
}
