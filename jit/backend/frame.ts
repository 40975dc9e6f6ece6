/**
 * The frame of one function (an RBP frame) and its prologue:
 *
 *   [rbp + 16 + 8*i]   argument i (pushed by the caller, right to left; RCX = count)
 *   [rbp + 8]          return address
 *   [rbp]              caller's RBP
 *   [rbp + frameDisp(n)] frame word n: IR slot i is word i, vreg v is word slotCount + v
 *
 * Frame word n is at the n-th displacement of -8, -16, -24, ... that is safe as an operand
 * (safe-bytes.ts isSafeInt32), so the frame accesses, which the fast paths use anywhere, never
 * need a register for their address (safe-operands.ts gives the reasons the bytes before are
 * fine): that is every displacement up to about a million words; beyond, a frame skips the
 * runs of 32 whose bytes 1 and 2 would be CD 80, 0F 34 or 0F 05 (test/jit/backend/frame.test.ts).
 */
import type { IrFunction } from '../ir/ir.js';
import { UNDEFINED } from '../runtime/values.js';
import { qword, rax, rbp, rcx, rsp, r11, type Assembler, type Mem } from '../x64/index.js';
import { isSafeInt32 } from './safe-bytes.js';
import { movConstant } from './safe-constants.js';
import { safeImmOp, safeQword } from './safe-operands.js';

/** Page size of the stack probes, in bytes. */
const PAGE = 4096;

/** DISPS[n] is frame word n's displacement (grown on demand; the same for every function). */
const DISPS: number[] = [];

/** The displacement from RBP of frame word `n` (0-based), in bytes. */
export function frameDisp(n: number): number {
  let d = DISPS[DISPS.length - 1] ?? 0;
  while (DISPS.length <= n) {
    d -= 8;
    if (isSafeInt32(d)) DISPS.push(d);
  }
  return DISPS[n] as number;
}

/** The QWORD of frame word `n`. */
export function frameWord(n: number): Mem {
  return qword({ base: rbp, disp: frameDisp(n) });
}

/** Bytes below RBP that `words` frame words take, rounded up to 16 (RSP stays 16-aligned). */
export function frameBytes(words: number): number {
  return words === 0 ? 0 : Math.ceil(-frameDisp(words - 1) / 16) * 16;
}

/**
 * Emits the prologue of `f`: the frame, then each parameter's argument (undefined when the
 * caller passed fewer) and undefined in every other slot.
 */
export function emitPrologue(a: Assembler, f: IrFunction): void {
  const bytes = frameBytes(f.slotCount + f.vregCount);
  a.push(rbp).mov(rbp, rsp);
  // Stack probes: a frame of a page or more touches each page from the top down before RSP
  // moves past it, so it cannot step over the guard page below the stack (as gcc's
  // -fstack-clash-protection does); the touch of the guard page is the stack overflow.
  for (let off = PAGE; off <= bytes; off += PAGE) a.mov(r11, safeQword(a, rsp, -off));
  if (bytes > 0) safeImmOp(a, 'sub', rsp, bytes);
  for (let i = 0; i < f.params; i++) {
    const skip = a.newLabel();
    movConstant(a, rax, UNDEFINED);
    safeImmOp(a, 'cmp', rcx, i + 1);
    a.jcc('l', skip);
    a.mov(rax, safeQword(a, rbp, 16 + 8 * i));
    a.bind(skip);
    a.mov(frameWord(i), rax);
  }
  if (f.slotCount > f.params) {
    movConstant(a, rax, UNDEFINED);
    for (let i = f.params; i < f.slotCount; i++) a.mov(frameWord(i), rax);
  }
}
