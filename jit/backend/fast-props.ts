/**
 * Inline caches of named property loads and stores (`o.x`, `o.x = v`) on plain objects
 * (jit/runtime/objects.ts has the layout; docs/jit-design.md, "Objects, shapes and inline
 * caches", the protocol). Each site is:
 *
 *       untag rax <- object box (tag 0xFFFF), else slow
 *       align so the imm64 below is 8-byte aligned
 *   L:  movabs rcx, IC word          ; low 32 bits: shape id, high 32: slot offset in bytes
 *       cmp ecx, dword [rax]          ; the object's shape (header +0)
 *       jne slow
 *       shr rcx, 32
 *       mov rdx, [rax + 8]            ; slots
 *       mov rax, [rdx + rcx]  /  mov [rdx + rcx], r8
 *
 * The IC word starts as IC_EMPTY, whose shape id no shape has, so a new site always takes the
 * slow path: the runtime call, which answers and reports what it saw; the compiler thread then
 * rewrites the word with one aligned 8-byte patch through the SDK (sdk/patch.ts: verified, audited,
 * atomic for the executors running it), so an executor sees the old word or the new one, never a
 * shape with another shape's offset. A store site caches only a write to an existing property
 * (the shape does not change); adding a property stays the runtime call.
 */
import type { VReg } from '../ir/ir.js';
import { OBJECT_SHAPE, OBJECT_SLOTS } from '../runtime/objects.js';
import { boxObject } from '../runtime/values.js';
import { dword, ecx, qword, rax, rcx, rdx, r8, type Label } from '../x64/index.js';
import { withSlowPath, type EmitContext } from './emit-context.js';
import { untag } from './fast-objects.js';

/** The tag bits of an object box. */
const OBJECT_TAG = boxObject(0);
/** The IC word of a site that has cached nothing: shape id 0xFFFFFFFF, which no shape has. */
export const IC_EMPTY = 0xffff_ffffn;
/** Bytes from the start of `movabs rcx, imm64` (REX.W B9 io) to its imm64. */
export const IC_WORD_SKEW = 2;

/** The IC word caching shape `shape` with the property in slot `slot`. */
export function icWord(shape: number, slot: number): bigint {
  return (BigInt(8 * slot) << 32n) | BigInt(shape);
}

/** The shape and slot an IC word caches (IC_EMPTY gives shape 0xFFFFFFFF). */
export function icWordFields(word: bigint): { shape: number; slot: number } {
  return { shape: Number(word & 0xffff_ffffn), slot: Number(word >> 32n) / 8 };
}

/**
 * The cached part of a site: RDX = slots, RCX = slot offset when the object at `obj` has the
 * cached shape, else to `toSlow`; `site` is bound at the movabs (its imm64 is the IC word).
 */
function cachedSlot(ctx: EmitContext, obj: VReg, site: Label, toSlow: Label): void {
  const a = ctx.a;
  untag(a, rax, ctx.vreg(obj), OBJECT_TAG, toSlow);
  a.align(8, IC_WORD_SKEW);
  a.bind(site);
  a.movabs(rcx, IC_EMPTY);
  a.cmp(ecx, dword({ base: rax, disp: OBJECT_SHAPE })).jcc('ne', toSlow);
  a.shr(rcx, 32);
  a.mov(rdx, qword({ base: rax, disp: OBJECT_SLOTS }));
}

/** `dst = obj.name` through the IC at `site`. */
export function icGetProp(ctx: EmitContext, dst: VReg, obj: VReg, site: Label, slow: () => void): void {
  const a = ctx.a;
  withSlowPath(ctx, slow, (toSlow) => {
    cachedSlot(ctx, obj, site, toSlow);
    a.mov(rax, qword({ base: rdx, index: rcx, scale: 1 }));
    a.mov(ctx.vreg(dst), rax);
  });
}

/** `obj.name = src` through the IC at `site`. */
export function icSetProp(ctx: EmitContext, obj: VReg, src: VReg, site: Label, slow: () => void): void {
  const a = ctx.a;
  withSlowPath(ctx, slow, (toSlow) => {
    cachedSlot(ctx, obj, site, toSlow);
    a.mov(r8, ctx.vreg(src));
    a.mov(qword({ base: rdx, index: rcx, scale: 1 }), r8);
  });
}
