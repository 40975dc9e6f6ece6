/**
 * Operand access for the handlers: general-purpose registers by size, effective addresses,
 * and r/m operands that are either a register or memory.  Values are passed as a number
 * (bits 31:0, unsigned) plus `c.vHi` (bits 63:32) so nothing is allocated.
 *
 * Register writes follow SDM Vol.1 3.4.1.1: a 32-bit result zero-extends into bits 63:32; 8- and
 * 16-bit results leave the other bits unchanged.  Byte registers 16..19 are AH, CH, DH, BH.
 */
import type { Access } from '../fault.js';
import type { Cpu } from './cpu.js';
import { HIGH_BYTE_BASE, RIP_BASE, SEG_FS, SEG_GS, type Insn } from './insn.js';
import { SLOT_RM } from './memory-port.js';

const TWO_32 = 0x1_0000_0000;

/** Reads GPR `r` at `size` bytes: returns bits 31:0, sets c.vHi to bits 63:32. */
export function readGpr(c: Cpu, r: number, size: number): number {
  const lo = c.lo;
  if (size === 8) {
    c.vHi = c.hi[r] as number;
    return lo[r] as number;
  }
  c.vHi = 0;
  if (size === 4) return lo[r] as number;
  if (size === 2) return (lo[r] as number) & 0xffff;
  return r < HIGH_BYTE_BASE ? (lo[r] as number) & 0xff : ((lo[r - HIGH_BYTE_BASE] as number) >>> 8) & 0xff;
}

/** Writes GPR `r` at `size` bytes from halves (SDM Vol.1 3.4.1.1 zero-extension rule). */
export function writeGpr(c: Cpu, r: number, size: number, vlo: number, vhi: number): void {
  const lo = c.lo;
  if (size === 8) {
    lo[r] = vlo;
    c.hi[r] = vhi;
  } else if (size === 4) {
    lo[r] = vlo;
    c.hi[r] = 0;
  } else if (size === 2) {
    lo[r] = ((lo[r] as number) & 0xffff0000) | (vlo & 0xffff);
  } else if (r < HIGH_BYTE_BASE) {
    lo[r] = ((lo[r] as number) & ~0xff) | (vlo & 0xff);
  } else {
    const q = r - HIGH_BYTE_BASE;
    lo[q] = ((lo[q] as number) & ~0xff00) | ((vlo & 0xff) << 8);
  }
}

/**
 * The effective address of i's memory operand (SDM Vol.1 3.7.5: base + index*scale + disp,
 * modulo 2^64, or 2^32 with the 67 prefix).  Sets c.eaLo / c.eaHi.  RIP-relative operands are
 * relative to the next instruction (SDM Vol.2 2.2.1.6).  Segment bases are not added here.
 */
export function computeEa(c: Cpu, i: Insn): void {
  const b = i.base;
  if (i.index < 0 && b >= 0 && b < RIP_BASE && !i.addr32) {
    // Fast path: [base + disp] without a carry out of bits 31:0.
    const lo = (c.lo[b] as number) + i.disp;
    if (lo >= 0 && lo < TWO_32) {
      c.eaLo = lo;
      c.eaHi = c.hi[b] as number;
      return;
    }
  }
  // lo may go negative (a negative displacement) or above 2^32; the carry below folds it into hi.
  let lo = i.disp;
  let hi = 0;
  if (b === RIP_BASE) {
    const r = c.nextRip;
    lo += r % TWO_32;
    hi += Math.floor(r / TWO_32);
  } else if (b >= 0) {
    lo += c.lo[b] as number;
    hi += c.hi[b] as number;
  }
  const x = i.index;
  if (x >= 0) {
    lo += (c.lo[x] as number) * i.scale;
    hi += (c.hi[x] as number) * i.scale;
  }
  if (i.addr32) {
    c.eaLo = lo >>> 0;
    c.eaHi = 0;
    return;
  }
  const carry = Math.floor(lo / TWO_32);
  c.eaLo = lo - carry * TWO_32;
  c.eaHi = (hi + carry) >>> 0;
}

/**
 * The linear address of i's memory operand: the effective address plus the FS/GS base
 * (CS/DS/ES/SS bases are 0 in 64-bit mode, SDM Vol.3A 3.4.4).  Addresses of 2^47 and above are
 * returned as a number >= 2^47 (inexact), which the MMU rejects with #GP.
 */
export function linearAddress(c: Cpu, i: Insn): number {
  computeEa(c, i);
  let lo = c.eaLo;
  let hi = c.eaHi;
  if (i.segment === SEG_FS || i.segment === SEG_GS) {
    const base = i.segment === SEG_FS ? c.regs.fsBase : c.regs.gsBase;
    lo += base % TWO_32;
    const carry = lo >= TWO_32 ? 1 : 0;
    lo -= carry * TWO_32;
    hi = (hi + Math.floor(base / TWO_32) + carry) >>> 0;
  }
  return hi * TWO_32 + lo;
}

/** Translates i's memory operand of `n` bytes for `access` into the r/m slot; returns its address. */
export function translateRm(c: Cpu, i: Insn, n: number, access: Access): number {
  const va = linearAddress(c, i);
  c.port.translate(SLOT_RM, va, n, access);
  return va;
}

/**
 * Reads the r/m operand at `size` bytes (1, 2, 4, 8): returns bits 31:0, sets c.vHi.  With
 * `access` = 'write' a memory operand is translated for writing (read-modify-write: the
 * fault reports a write, as on hardware) so writeRm can store without faulting.
 */
export function readRm(c: Cpu, i: Insn, size: number, access: Access): number {
  if (!i.mem) return readGpr(c, i.rm, size);
  translateRm(c, i, size, access);
  const v = c.port.load(SLOT_RM, size);
  c.vHi = c.port.loadHi;
  return v;
}

/** Translates a memory r/m destination for writing (no-op for a register). */
export function prepareRmWrite(c: Cpu, i: Insn, size: number): void {
  if (i.mem) translateRm(c, i, size, 'write');
}

/** Writes the r/m operand; a memory operand must have been translated for writing. */
export function writeRm(c: Cpu, i: Insn, size: number, lo: number, hi: number): void {
  if (i.mem) c.port.store(SLOT_RM, size, lo, hi);
  else writeGpr(c, i.rm, size, lo, hi);
}
