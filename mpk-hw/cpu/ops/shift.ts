/**
 * Shifts and rotates: SHL/SAL, SHR, SAR, ROL, ROR by an immediate, by 1, or by CL
 * (SDM Vol.2 "SAL/SAR/SHL/SHR" and "RCL/RCR/ROL/ROR").
 *
 * The count is masked to 5 bits (6 with a 64-bit operand).  A masked count of 0 changes no
 * flags, but the destination is still written (a 32-bit register is zero-extended, as on
 * hardware).  Shifts: CF = last bit shifted out (following the SDM's bit-by-bit
 * pseudo-code, so SHL/SHR by >= the operand width give CF = 0 or the last bit, SAR gives the
 * sign); OF is defined only for 1-bit shifts (SHL: MSB(result) XOR CF; SHR: MSB(original);
 * SAR: 0); SF/ZF/PF from the result.  Undefined flags follow AMD Zen, as measured by the native
 * differential: AF = 1, and OF for longer counts is that of the last 1-bit step (SHL: MSB(result)
 * XOR CF, SHR: 0).  Rotates change only CF and OF (OF defined for 1-bit rotates; the same
 * formula is used for every count, which also matches AMD Zen).
 */
import type { Cpu } from '../cpu.js';
import { AF, CF, OF } from '../flags.js';
import { Enc, type Insn } from '../insn.js';
import { readRm, writeRm } from '../operands.js';
import { maskOf, setStatus, signOf } from './alu.js';

/** The shift count of i, before masking (SDM: imm8, 1, or CL). */
function rawCount(c: Cpu, i: Insn): number {
  if (i.enc === Enc.M1) return 1;
  if (i.enc === Enc.MC) return (c.lo[1] as number) & 0xff;
  return i.imm;
}

/** Shifts (kind 4 SHL, 5 SHR, 7 SAR) of a 64-bit value by n in 1..63: sets resLo/resHi, returns CF. */
function shift64(c: Cpu, kind: number, lo: number, hi: number, n: number): number {
  const shi = hi | 0;
  if (kind === 4) {
    if (n < 32) { c.resHi = ((hi << n) | (lo >>> (32 - n))) >>> 0; c.resLo = (lo << n) >>> 0; return (hi >>> (32 - n)) & 1; }
    c.resHi = n === 32 ? lo : (lo << (n - 32)) >>> 0; c.resLo = 0;
    return n === 32 ? hi & 1 : (lo >>> (64 - n)) & 1;
  }
  if (n < 32) {
    c.resLo = ((lo >>> n) | (hi << (32 - n))) >>> 0;
    c.resHi = kind === 5 ? hi >>> n : (shi >> n) >>> 0;
    return (lo >>> (n - 1)) & 1;
  }
  const fill = kind === 5 ? 0 : (shi >> 31) >>> 0;
  c.resLo = n === 32 ? hi : kind === 5 ? hi >>> (n - 32) : (shi >> (n - 32)) >>> 0;
  c.resHi = fill;
  return n === 32 ? lo >>> 31 : kind === 5 ? (hi >>> (n - 33)) & 1 : (shi >> (n - 33)) & 1;
}

/** Shifts of a 1/2/4-byte value by n in 1..31: sets resLo, returns CF. */
function shiftSmall(c: Cpu, kind: number, size: number, a: number, n: number): number {
  const bits = size * 8;
  c.resHi = 0;
  if (kind === 4) {
    c.resLo = ((a << n) & maskOf(size)) >>> 0;
    return n <= bits ? (a >>> (bits - n)) & 1 : 0;
  }
  if (kind === 5) {
    c.resLo = a >>> n;
    return n <= bits ? (a >>> (n - 1)) & 1 : 0;
  }
  const sa = size === 4 ? a | 0 : (a << (32 - bits)) >> (32 - bits);
  c.resLo = ((sa >> n) & maskOf(size)) >>> 0;
  return (sa >> Math.min(n - 1, 31)) & 1;
}

/** SHL/SHR/SAR handler body; `kind` is the group-2 /digit (4, 5, 7). */
function shift(c: Cpu, i: Insn, kind: number): void {
  const size = i.size;
  const n = rawCount(c, i) & (size === 8 ? 63 : 31);
  const lo = readRm(c, i, size, 'write');
  const hi = c.vHi;
  if (n === 0) return writeRm(c, i, size, lo, hi); // no flags change, but a 32-bit register is still zero-extended
  const cf = size === 8 ? shift64(c, kind, lo, hi, n) : shiftSmall(c, kind, size, lo, n);
  const msbOld = size === 8 ? hi >>> 31 : (lo & signOf(size)) !== 0 ? 1 : 0;
  const msbNew = size === 8 ? c.resHi >>> 31 : (c.resLo & signOf(size)) !== 0 ? 1 : 0;
  const of = kind === 4 ? msbNew ^ cf : kind === 5 && n === 1 ? msbOld : 0;
  setStatus(c, c.resLo, (c.resLo | c.resHi) === 0, msbNew === 1, cf | AF | (of ? OF : 0));
  writeRm(c, i, size, c.resLo, c.resHi);
}

export const shl = (c: Cpu, i: Insn): void => shift(c, i, 4);
export const shr = (c: Cpu, i: Insn): void => shift(c, i, 5);
export const sar = (c: Cpu, i: Insn): void => shift(c, i, 7);

/** Rotates left by r (0 < r < width) into resLo/resHi. */
function rotateLeft(c: Cpu, size: number, lo: number, hi: number, r: number): void {
  if (size !== 8) {
    const bits = size * 8;
    c.resLo = (((lo << r) | (lo >>> (bits - r))) & maskOf(size)) >>> 0;
    c.resHi = 0;
    return;
  }
  if (r >= 32) {
    const t = lo;
    lo = hi;
    hi = t;
    r -= 32;
  }
  if (r === 0) {
    c.resLo = lo;
    c.resHi = hi;
    return;
  }
  c.resHi = ((hi << r) | (lo >>> (32 - r))) >>> 0;
  c.resLo = ((lo << r) | (hi >>> (32 - r))) >>> 0;
}

/** ROL/ROR: rotates by (count mod width); CF/OF only (SDM ROL/ROR). */
function rotate(c: Cpu, i: Insn, right: boolean): void {
  const size = i.size;
  const n = rawCount(c, i) & (size === 8 ? 63 : 31);
  const lo = readRm(c, i, size, 'write');
  const hi = c.vHi;
  if (n === 0) return writeRm(c, i, size, lo, hi);
  const bits = size * 8;
  const r = n % bits;
  if (r === 0) {
    c.resLo = lo;
    c.resHi = hi;
  } else {
    rotateLeft(c, size, lo, hi, right ? bits - r : r);
  }
  const top = size === 8 ? c.resHi : c.resLo << (32 - bits);
  const msb = top >>> 31;
  const next = (top >>> 30) & 1;
  const cf = right ? msb : c.resLo & 1;
  const of = right ? msb ^ next : msb ^ cf;
  c.regs.rflags = (c.regs.rflags & ~(CF | OF)) | cf | (of ? OF : 0);
  writeRm(c, i, size, c.resLo, c.resHi);
}

export const rol = (c: Cpu, i: Insn): void => rotate(c, i, false);
export const ror = (c: Cpu, i: Insn): void => rotate(c, i, true);
