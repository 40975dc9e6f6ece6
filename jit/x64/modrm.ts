/**
 * REX, ModRM and SIB: the three bytes that name registers and addresses (SDM Vol.2A 2.1-2.2).
 *
 *   REX    0100 W R X B     W: 64-bit operand size; R, X, B: bit 3 of ModRM.reg, SIB.index,
 *                           ModRM.rm / SIB.base / opcode reg
 *   ModRM  mod(7:6) reg(5:3) rm(2:0)
 *   SIB    scale(7:6) index(5:3) base(2:0)
 *
 * The two classic traps, handled here and nowhere else:
 *   - rm = 100 does not mean rsp/r12, it means "a SIB byte follows". So a base of RSP or R12
 *     (low bits 100) always needs a SIB byte, with index = 100 ("no index").
 *   - mod = 00 with rm = 101 does not mean rbp/r13, it means [rip+disp32] (and with a SIB,
 *     base = 101 under mod = 00 means "no base, disp32"). So a base of RBP or R13 (low bits
 *     101) with no displacement is encoded as mod = 01 with a zero disp8.
 */

import { assert } from './errors.js';
import type { Mem, SibMem } from './operands.js';
import type { Reg } from './regs.js';

/** The REX prefix 0100WRXB; each argument is 0 or 1. */
export function rexByte(w: number, r: number, x: number, b: number): number {
  return 0x40 | (w << 3) | (r << 2) | (x << 1) | b;
}

/** ModRM byte from mod (0-3), reg (0-7) and rm (0-7). */
export function modrmByte(mod: number, reg: number, rm: number): number {
  return (mod << 6) | ((reg & 7) << 3) | (rm & 7);
}

/** SIB byte from scale (1, 2, 4, 8), index (0-7) and base (0-7). */
export function sibByte(scale: number, index: number, base: number): number {
  return (Math.log2(scale) << 6) | ((index & 7) << 3) | (base & 7);
}

const SIB_NO_INDEX = 0b100;
const RM_SIB = 0b100;
const RM_RIP = 0b101;
const BASE_NONE = 0b101;

/** Bits of displacement the encoder emits for `m`: 0, 8 or 32 (SDM 2.1.5 tables 2-2, 2-3). */
export function dispWidth(m: SibMem): 0 | 8 | 32 {
  if (m.base === undefined) return 32; // no base: SIB base = 101 under mod = 00 carries disp32
  if (m.dispSize !== undefined) return m.dispSize;
  // RBP/R13 base: mod = 00 with base 101 would mean RIP/no base, so it needs a (zero) disp8.
  if (m.disp === 0 && (m.base.num & 7) !== 0b101) return 0;
  return m.disp >= -128 && m.disp <= 127 ? 8 : 32;
}

/** ModRM, optional SIB and displacement for one r/m operand, plus the REX bits it needs. */
export interface RmBytes {
  /** ModRM, SIB and displacement bytes in order. */
  readonly bytes: readonly number[];
  /** REX.X: bit 3 of the SIB index. */
  readonly x: number;
  /** REX.B: bit 3 of ModRM.rm or SIB.base. */
  readonly b: number;
  /** Index in `bytes` of a RIP-relative disp32, for label fixups; undefined otherwise. */
  readonly ripDispAt: number | undefined;
}

function sibMemBytes(reg: number, m: SibMem): RmBytes {
  const width = dispWidth(m);
  const disp = littleEndian(m.disp, width / 8);
  const index = m.index === undefined ? SIB_NO_INDEX : m.index.num;
  const x = m.index === undefined ? 0 : m.index.num >> 3;
  if (m.base === undefined) {
    // No base: mod = 00, rm = 100, SIB base = 101 -> [index*scale + disp32] or absolute [disp32].
    return { bytes: [modrmByte(0, reg, RM_SIB), sibByte(m.scale, index, BASE_NONE), ...disp], x, b: 0, ripDispAt: undefined };
  }
  const mod = width === 0 ? 0b00 : width === 8 ? 0b01 : 0b10;
  const b = m.base.num >> 3;
  // A base with low bits 100 (RSP/R12) can only be expressed through a SIB byte.
  if (m.index !== undefined || (m.base.num & 7) === 0b100) {
    return { bytes: [modrmByte(mod, reg, RM_SIB), sibByte(m.scale, index, m.base.num), ...disp], x, b, ripDispAt: undefined };
  }
  return { bytes: [modrmByte(mod, reg, m.base.num), ...disp], x: 0, b, ripDispAt: undefined };
}

/** Encodes `rm` (a register or memory) with `reg` (0-15; bit 3 is the caller's REX.R) in ModRM.reg. */
export function encodeRm(reg: number, rm: Reg | Mem): RmBytes {
  if (rm.kind === 'gpr' || rm.kind === 'xmm') {
    return { bytes: [modrmByte(0b11, reg, rm.num)], x: 0, b: rm.num >> 3, ripDispAt: undefined };
  }
  if (rm.mode === 'rip') {
    // mod = 00, rm = 101: [rip + disp32], relative to the end of the instruction (SDM 2.2.1.6).
    return { bytes: [modrmByte(0, reg, RM_RIP), ...littleEndian(rm.disp, 4)], x: 0, b: 0, ripDispAt: 1 };
  }
  assert(rm.mode === 'sib', 'memory operand mode');
  return sibMemBytes(reg, rm);
}

/** Little-endian bytes of the low `bytes` bytes of `value` (two's complement for negatives). */
export function littleEndian(value: bigint | number, bytes: number): number[] {
  const v = BigInt(value);
  const out: number[] = [];
  for (let i = 0; i < bytes; i++) out.push(Number((v >> BigInt(8 * i)) & 0xffn));
  return out;
}
