/**
 * The stack: PUSH and POP of registers, memory and immediates (SDM Vol.2 PUSH, POP), and the
 * helpers CALL/RET use.  The stack access is translated before RSP changes, so a push onto a
 * page that faults (say an AD-keyed stack) leaves RSP and memory untouched (precise #PF).
 * Operand size is 64 bits, or 16 with a 66 prefix (32-bit pushes do not exist in 64-bit mode).
 */
import type { Cpu } from '../cpu.js';
import { Enc, type Insn } from '../insn.js';
import { SLOT_RM, SLOT_STACK } from '../memory-port.js';
import { readRm, translateRm, writeGpr } from '../operands.js';

const RSP = 4;
const TWO_32 = 0x1_0000_0000;

/**
 * RSP + delta as a linear address (delta small and signed; 64-bit wrap-around); the new value
 * is left in c.spLo / c.spHi for commitRsp.
 */
export function stackAddress(c: Cpu, delta: number): number {
  let lo = (c.lo[RSP] as number) + delta;
  let hi = c.hi[RSP] as number;
  if (lo < 0) {
    lo += TWO_32;
    hi = (hi - 1) >>> 0;
  } else if (lo >= TWO_32) {
    lo -= TWO_32;
    hi = (hi + 1) >>> 0;
  }
  c.spLo = lo;
  c.spHi = hi;
  return hi * TWO_32 + lo;
}

/** RSP <- the value computed by the last stackAddress. */
export function commitRsp(c: Cpu): void {
  c.lo[RSP] = c.spLo;
  c.hi[RSP] = c.spHi;
}

/** Pushes `size` bytes (halves lo/hi): translate, store, then move RSP. */
export function pushValue(c: Cpu, size: number, lo: number, hi: number): void {
  const va = stackAddress(c, -size);
  c.port.translate(SLOT_STACK, va, size, 'write');
  c.port.store(SLOT_STACK, size, lo, hi);
  commitRsp(c);
}

/** PUSH r/m, PUSH reg (50+r), PUSH imm8/imm32 (sign-extended). */
export function push(c: Cpu, i: Insn): void {
  const size = i.size;
  if (i.enc === Enc.I) {
    pushValue(c, size, i.imm, i.immHi);
    return;
  }
  const lo = readRm(c, i, size, 'read');
  pushValue(c, size, lo, c.vHi);
}

/**
 * POP reg / POP r/m.  POP RSP leaves the popped value in RSP; a memory destination based on
 * RSP uses RSP after the increment (SDM POP description).
 */
export function pop(c: Cpu, i: Insn): void {
  const size = i.size;
  c.port.translate(SLOT_STACK, stackAddress(c, 0), size, 'read');
  const lo = c.port.load(SLOT_STACK, size);
  const hi = c.port.loadHi;
  stackAddress(c, size);
  if (!i.mem) {
    commitRsp(c);
    writeGpr(c, i.rm, size, lo, hi);
    return;
  }
  const oldLo = c.lo[RSP] as number;
  const oldHi = c.hi[RSP] as number;
  commitRsp(c);
  try {
    translateRm(c, i, size, 'write');
  } finally {
    c.lo[RSP] = oldLo;
    c.hi[RSP] = oldHi;
  }
  c.port.store(SLOT_RM, size, lo, hi);
  commitRsp(c);
}
