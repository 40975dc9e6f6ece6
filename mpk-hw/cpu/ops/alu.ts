/**
 * Integer arithmetic and logic: ADD OR ADC SBB AND SUB XOR CMP TEST INC DEC NEG NOT, and the
 * accumulator sign extensions CBW/CWDE/CDQE and CWD/CDQ/CQO (SDM Vol.2 entries of the same
 * names; flag definitions in SDM Vol.1 Appendix A).
 *
 * 64-bit values travel as two uint32 halves; results land in c.resLo / c.resHi.  Flags are
 * computed eagerly.  Undefined flags: AND/OR/XOR/TEST leave AF undefined (SDM); like Intel and
 * AMD hardware we clear it.
 */
import type { Cpu } from '../cpu.js';
import { AF, CF, OF, PARITY, SF, STATUS_FLAGS, ZF } from '../flags.js';
import { Enc, type Insn } from '../insn.js';
import { readGpr, readRm, writeGpr, writeRm } from '../operands.js';

/** Value mask of a 1-, 2- or 4-byte operand. */
export function maskOf(size: number): number {
  return size === 4 ? 0xffffffff : size === 2 ? 0xffff : 0xff;
}

/** Sign bit of a 1-, 2- or 4-byte operand (for 8 bytes, bit 31 of the high half). */
export function signOf(size: number): number {
  return size === 4 ? 0x80000000 : size === 2 ? 0x8000 : 0x80;
}

/** Sets the six status flags: CF/AF/OF from `other`; PF, ZF, SF from the result. */
export function setStatus(c: Cpu, resLo: number, zero: boolean, negative: boolean, other: number): void {
  c.regs.rflags = (c.regs.rflags & ~STATUS_FLAGS) | other | (PARITY[resLo & 0xff] as number) |
    (zero ? ZF : 0) | (negative ? SF : 0);
}

/** a + b + carry at `size` bytes (operands already masked to size); all six flags (SDM ADD/ADC). */
export function addCore(c: Cpu, size: number, aLo: number, aHi: number, bLo: number, bHi: number, carry: number): void {
  if (size === 8) {
    const s = aLo + bLo + carry;
    const lo = s >>> 0;
    const t = aHi + bHi + (s > 0xffffffff ? 1 : 0);
    const hi = t >>> 0;
    c.resLo = lo;
    c.resHi = hi;
    const of = ((aHi ^ hi) & (bHi ^ hi) & 0x80000000) !== 0 ? OF : 0;
    setStatus(c, lo, (lo | hi) === 0, hi >= 0x80000000, (t > 0xffffffff ? CF : 0) | ((aLo ^ bLo ^ lo) & AF) | of);
    return;
  }
  const mask = maskOf(size);
  const sign = signOf(size);
  const s = aLo + bLo + carry;
  const r = (s & mask) >>> 0;
  c.resLo = r;
  c.resHi = 0;
  const of = ((aLo ^ r) & (bLo ^ r) & sign) !== 0 ? OF : 0;
  setStatus(c, r, r === 0, (r & sign) !== 0, (s > mask ? CF : 0) | ((aLo ^ bLo ^ r) & AF) | of);
}

/** a - b - borrow at `size` bytes (operands already masked); all six flags (SDM SUB/SBB/CMP). */
export function subCore(c: Cpu, size: number, aLo: number, aHi: number, bLo: number, bHi: number, borrow: number): void {
  if (size === 8) {
    const d = aLo - bLo - borrow;
    const lo = d >>> 0;
    const t = aHi - bHi - (d < 0 ? 1 : 0);
    const hi = t >>> 0;
    c.resLo = lo;
    c.resHi = hi;
    const of = ((aHi ^ bHi) & (aHi ^ hi) & 0x80000000) !== 0 ? OF : 0;
    setStatus(c, lo, (lo | hi) === 0, hi >= 0x80000000, (t < 0 ? CF : 0) | ((aLo ^ bLo ^ lo) & AF) | of);
    return;
  }
  const mask = maskOf(size);
  const sign = signOf(size);
  const d = aLo - bLo - borrow;
  const r = (d & mask) >>> 0;
  c.resLo = r;
  c.resHi = 0;
  const of = ((aLo ^ bLo) & (aLo ^ r) & sign) !== 0 ? OF : 0;
  setStatus(c, r, r === 0, (r & sign) !== 0, (d < 0 ? CF : 0) | ((aLo ^ bLo ^ r) & AF) | of);
}

/** Flags of a logical result: CF = OF = 0, AF cleared (undefined), PF/ZF/SF from the result. */
export function logicFlags(c: Cpu, size: number, lo: number, hi: number): void {
  const negative = size === 8 ? hi >= 0x80000000 : (lo & signOf(size)) !== 0;
  setStatus(c, lo, (lo | hi) === 0, negative, 0);
}

/** ALU operation kinds in the SDM's group-1 /digit order. */
const enum Kind { ADD, OR, ADC, SBB, AND, SUB, XOR, CMP, TEST }

function compute(c: Cpu, kind: Kind, size: number, aLo: number, aHi: number, bLo: number, bHi: number): void {
  const carry = c.regs.rflags & CF;
  switch (kind) {
    case Kind.ADD: addCore(c, size, aLo, aHi, bLo, bHi, 0); return;
    case Kind.ADC: addCore(c, size, aLo, aHi, bLo, bHi, carry); return;
    case Kind.SUB: case Kind.CMP: subCore(c, size, aLo, aHi, bLo, bHi, 0); return;
    case Kind.SBB: subCore(c, size, aLo, aHi, bLo, bHi, carry); return;
    case Kind.OR: c.resLo = (aLo | bLo) >>> 0; c.resHi = (aHi | bHi) >>> 0; break;
    case Kind.XOR: c.resLo = (aLo ^ bLo) >>> 0; c.resHi = (aHi ^ bHi) >>> 0; break;
    default: c.resLo = (aLo & bLo) >>> 0; c.resHi = (aHi & bHi) >>> 0;
  }
  logicFlags(c, size, c.resLo, c.resHi);
}

/** Two-operand ALU instruction in MR, RM or MI form. */
function binary(c: Cpu, i: Insn, kind: Kind): void {
  const size = i.size;
  const writes = kind !== Kind.CMP && kind !== Kind.TEST;
  let aLo: number, aHi: number, bLo: number, bHi: number;
  if (i.enc === Enc.RM) {
    bLo = readRm(c, i, size, 'read');
    bHi = c.vHi;
    aLo = readGpr(c, i.reg, size);
    aHi = c.vHi;
  } else {
    aLo = readRm(c, i, size, writes ? 'write' : 'read');
    aHi = c.vHi;
    if (i.enc === Enc.MR) {
      bLo = readGpr(c, i.reg, size);
      bHi = c.vHi;
    } else {
      bLo = size === 8 ? i.imm : i.imm & maskOf(size);
      bHi = size === 8 ? i.immHi : 0;
    }
  }
  compute(c, kind, size, aLo >>> 0, aHi, bLo >>> 0, bHi);
  if (!writes) return;
  if (i.enc === Enc.RM) writeGpr(c, i.reg, size, c.resLo, c.resHi);
  else writeRm(c, i, size, c.resLo, c.resHi);
}

export const add = (c: Cpu, i: Insn): void => binary(c, i, Kind.ADD);
export const or = (c: Cpu, i: Insn): void => binary(c, i, Kind.OR);
export const adc = (c: Cpu, i: Insn): void => binary(c, i, Kind.ADC);
export const sbb = (c: Cpu, i: Insn): void => binary(c, i, Kind.SBB);
export const and = (c: Cpu, i: Insn): void => binary(c, i, Kind.AND);
export const sub = (c: Cpu, i: Insn): void => binary(c, i, Kind.SUB);
export const xor = (c: Cpu, i: Insn): void => binary(c, i, Kind.XOR);
export const cmp = (c: Cpu, i: Insn): void => binary(c, i, Kind.CMP);
export const test = (c: Cpu, i: Insn): void => binary(c, i, Kind.TEST);

/** INC/DEC: add/subtract 1, CF unchanged (SDM INC, DEC). */
function incDec(c: Cpu, i: Insn, dec: boolean): void {
  const size = i.size;
  const lo = readRm(c, i, size, 'write');
  const hi = c.vHi;
  const cf = c.regs.rflags & CF;
  if (dec) subCore(c, size, lo, hi, 1, 0, 0);
  else addCore(c, size, lo, hi, 1, 0, 0);
  c.regs.rflags = (c.regs.rflags & ~CF) | cf;
  writeRm(c, i, size, c.resLo, c.resHi);
}

export const inc = (c: Cpu, i: Insn): void => incDec(c, i, false);
export const dec = (c: Cpu, i: Insn): void => incDec(c, i, true);

/** NEG: 0 - dest; CF = (dest != 0) falls out of the subtraction (SDM NEG). */
export function neg(c: Cpu, i: Insn): void {
  const lo = readRm(c, i, i.size, 'write');
  subCore(c, i.size, 0, 0, lo, c.vHi, 0);
  writeRm(c, i, i.size, c.resLo, c.resHi);
}

/** NOT: one's complement, no flags (SDM NOT). */
export function not(c: Cpu, i: Insn): void {
  const lo = readRm(c, i, i.size, 'write');
  writeRm(c, i, i.size, ~lo >>> 0, ~c.vHi >>> 0);
}

/** CBW/CWDE/CDQE: sign-extend the low half of the accumulator into all of it (SDM CBW/CWDE/CDQE). */
export function cbw(c: Cpu, i: Insn): void {
  const a = c.lo[0] as number;
  if (i.size === 2) writeGpr(c, 0, 2, (a << 24) >> 24, 0);
  else if (i.size === 4) writeGpr(c, 0, 4, ((a << 16) >> 16) >>> 0, 0);
  else writeGpr(c, 0, 8, a, (a | 0) < 0 ? 0xffffffff : 0);
}

/** CWD/CDQ/CQO: fill rDX with the sign of rAX (SDM CWD/CDQ/CQO). */
export function cwd(c: Cpu, i: Insn): void {
  const size = i.size;
  const negative = size === 8 ? (c.hi[0] as number) >= 0x80000000 : ((c.lo[0] as number) & signOf(size)) !== 0;
  const fill = negative ? 0xffffffff : 0;
  writeGpr(c, 2, size, fill, fill);
}
