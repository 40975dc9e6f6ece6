/**
 * MUL, IMUL (one, two and three operands), DIV, IDIV (SDM Vol.2 entries of the same names).
 *
 * 8/16/32-bit products and quotients are exact in doubles (32-bit ones through 16-bit limbs);
 * 64-bit ones use BigInt.  Flags: MUL/IMUL define CF = OF = "the result did not fit"; SF, ZF,
 * AF and PF are undefined and are left unchanged, as AMD Zen hardware does.  DIV/IDIV leave
 * all six undefined; like AMD Zen we leave CF and OF unchanged, clear SF, ZF and PF and set AF
 * (both behaviours measured by the native differential test on an AMD EPYC host; Intel
 * parts differ, and the differential masks these flags).
 * #DE (a fault, nothing written) on a zero divisor or a quotient that does not fit.
 */
import { DivideError } from '../../fault.js';
import type { Cpu } from '../cpu.js';
import { AF, CF, OF, PF, SF, ZF } from '../flags.js';
import { Enc, type Insn } from '../insn.js';
import { readGpr, readRm, writeGpr } from '../operands.js';

const TWO_32 = 0x1_0000_0000;
const sx8 = (v: number): number => (v << 24) >> 24;
const sx16 = (v: number): number => (v << 16) >> 16;
const toBig = (lo: number, hi: number): bigint => (BigInt(hi) << 32n) | BigInt(lo);
const loOf = (v: bigint): number => Number(BigInt.asUintN(32, v));
const hiOf = (v: bigint): number => Number(BigInt.asUintN(32, v >> 32n));

/** Unsigned 32 x 32 -> 64 product into c.resLo / c.resHi, exactly (16-bit limbs). */
export function mulU32(c: Cpu, a: number, b: number): void {
  const p = (a & 0xffff) * b;
  const q = (a >>> 16) * b;
  const mid = (q % 65536) * 65536 + p;
  const carry = Math.floor(mid / TWO_32);
  c.resLo = mid - carry * TWO_32;
  c.resHi = (Math.floor(q / 65536) + carry) >>> 0;
}

/** Signed 32 x 32 -> 64 product (inputs as uint32) into c.resLo / c.resHi. */
function mulS32(c: Cpu, a: number, b: number): void {
  mulU32(c, a, b);
  c.resHi = (c.resHi - ((a | 0) < 0 ? b : 0) - ((b | 0) < 0 ? a : 0)) >>> 0;
}

/** CF = OF = `overflow`; SF, ZF, AF, PF (undefined) unchanged. */
function mulFlags(c: Cpu, overflow: boolean): void {
  c.regs.rflags = (c.regs.rflags & ~(CF | OF)) | (overflow ? CF | OF : 0);
}

/** Flags after DIV/IDIV (all undefined): AF set, SF/ZF/PF cleared, CF/OF unchanged (AMD). */
function divFlags(c: Cpu): void {
  c.regs.rflags = (c.regs.rflags & ~(SF | ZF | PF)) | AF;
}

/** MUL: rDX:rAX <- rAX * r/m, unsigned (AX <- AL * r/m8). */
export function mul(c: Cpu, i: Insn): void {
  const size = i.size;
  const b = readRm(c, i, size, 'read');
  const bHi = c.vHi;
  const a = readGpr(c, 0, size);
  if (size <= 2) {
    const r = a * b;
    const half = size * 8;
    const low = size === 1 ? r & 0xff : r & 0xffff;
    if (size === 1) writeGpr(c, 0, 2, r, 0);
    else { writeGpr(c, 0, 2, low, 0); writeGpr(c, 2, 2, r >>> 16, 0); }
    mulFlags(c, r >>> half !== 0);
  } else if (size === 4) {
    mulU32(c, a, b);
    const lo = c.resLo, hi = c.resHi;
    writeGpr(c, 0, 4, lo, 0);
    writeGpr(c, 2, 4, hi, 0);
    mulFlags(c, hi !== 0);
  } else {
    const p = toBig(a, c.hi[0] as number) * toBig(b, bHi);
    const high = p >> 64n;
    writeGpr(c, 0, 8, loOf(p), hiOf(p));
    writeGpr(c, 2, 8, loOf(high), hiOf(high));
    mulFlags(c, high !== 0n);
  }
}

/** Signed product of `size`-byte a and b; result truncated into resLo/resHi; returns overflow. */
function imulCore(c: Cpu, size: number, a: number, aHi: number, b: number, bHi: number): boolean {
  if (size <= 2) {
    const r = size === 1 ? sx8(a) * sx8(b) : sx16(a) * sx16(b);
    c.resLo = (r & (size === 1 ? 0xff : 0xffff)) >>> 0;
    c.resHi = (r >>> (size * 8)) & (size === 1 ? 0xff : 0xffff); // high half, for one-operand IMUL
    return r !== (size === 1 ? sx8(r) : sx16(r));
  }
  if (size === 4) {
    mulS32(c, a, b);
    return c.resHi !== ((c.resLo | 0) < 0 ? 0xffffffff : 0);
  }
  const p = BigInt.asIntN(64, toBig(a, aHi)) * BigInt.asIntN(64, toBig(b, bHi));
  c.resLo = loOf(p);
  c.resHi = hiOf(p);
  c.wideLo = loOf(p >> 64n);
  c.wideHi = hiOf(p >> 64n);
  return p !== BigInt.asIntN(64, p);
}

/** One-operand IMUL: rDX:rAX <- rAX * r/m, signed. */
export function imul1(c: Cpu, i: Insn): void {
  const size = i.size;
  const b = readRm(c, i, size, 'read');
  const bHi = c.vHi;
  const a = readGpr(c, 0, size);
  const over = imulCore(c, size, a, c.vHi, b, bHi);
  const lo = c.resLo, hi = c.resHi;
  if (size === 1) writeGpr(c, 0, 2, lo | (hi << 8), 0);
  else if (size === 8) { writeGpr(c, 0, 8, lo, hi); writeGpr(c, 2, 8, c.wideLo, c.wideHi); }
  else { writeGpr(c, 0, size, lo, 0); writeGpr(c, 2, size, hi, 0); }
  mulFlags(c, over);
}

/** Two- and three-operand IMUL: reg <- reg * r/m, or reg <- r/m * imm, truncated. */
export function imul(c: Cpu, i: Insn): void {
  const size = i.size;
  const a = readRm(c, i, size, 'read');
  const aHi = c.vHi;
  let b: number, bHi: number;
  if (i.enc === Enc.RMI) {
    b = size === 8 ? i.imm : i.imm & (size === 4 ? 0xffffffff : 0xffff);
    bHi = size === 8 ? i.immHi : 0;
  } else {
    b = readGpr(c, i.reg, size);
    bHi = c.vHi;
  }
  const over = imulCore(c, size, a, aHi, b >>> 0, bHi);
  const hi = size === 8 ? c.resHi : 0;
  writeGpr(c, i.reg, size, c.resLo, hi);
  mulFlags(c, over);
}

/** Unsigned (hi:lo) / d for hi < d < 2^32, by 16-bit chunks: quotient in resLo, remainder in resHi. */
function divU64by32(c: Cpu, lo: number, hi: number, d: number): void {
  let t = hi * 65536 + (lo >>> 16);
  const q1 = Math.floor(t / d);
  t = (t - q1 * d) * 65536 + (lo & 0xffff);
  const q2 = Math.floor(t / d);
  c.resLo = q1 * 65536 + q2;
  c.resHi = t - q2 * d;
}

/** DIV: unsigned rDX:rAX / r/m -> quotient rAX, remainder rDX (AX / r/m8 -> AL, AH). */
export function div(c: Cpu, i: Insn): void {
  const size = i.size;
  const d = readRm(c, i, size, 'read');
  const dHi = c.vHi;
  if (d === 0 && dHi === 0) throw new DivideError('DIV by zero');
  if (size === 8) {
    const n = (toBig(c.lo[2] as number, c.hi[2] as number) << 64n) | toBig(c.lo[0] as number, c.hi[0] as number);
    const q = n / toBig(d, dHi);
    if (q >> 64n !== 0n) throw new DivideError('DIV quotient does not fit in 64 bits');
    const r = n - q * toBig(d, dHi);
    writeGpr(c, 0, 8, loOf(q), hiOf(q));
    writeGpr(c, 2, 8, loOf(r), hiOf(r));
    divFlags(c);
    return;
  }
  const hi = size === 1 ? 0 : readGpr(c, 2, size);
  const lo = size === 1 ? readGpr(c, 0, 2) : readGpr(c, 0, size);
  if (size === 4) {
    if (hi >= d) throw new DivideError('DIV quotient does not fit in 32 bits');
    divU64by32(c, lo, hi, d);
  } else {
    const n = hi * 65536 + lo;
    c.resLo = Math.floor(n / d);
    c.resHi = n - c.resLo * d;
    if (c.resLo > (size === 1 ? 0xff : 0xffff)) throw new DivideError(`DIV quotient does not fit in ${size * 8} bits`);
  }
  storeQuotient(c, size, c.resLo, c.resHi);
}

/** Writes quotient and remainder (AL/AH for bytes, else rAX/rDX) and the DIV flags. */
function storeQuotient(c: Cpu, size: number, q: number, r: number): void {
  divFlags(c);
  if (size === 1) {
    writeGpr(c, 0, 2, (q & 0xff) | ((r & 0xff) << 8), 0);
    return;
  }
  writeGpr(c, 0, size, q >>> 0, 0);
  writeGpr(c, 2, size, r >>> 0, 0);
}

/** IDIV: signed division, quotient truncated toward zero, remainder with the dividend's sign. */
export function idiv(c: Cpu, i: Insn): void {
  const size = i.size;
  const d = readRm(c, i, size, 'read');
  const dHi = c.vHi;
  if (d === 0 && dHi === 0) throw new DivideError('IDIV by zero');
  if (size === 8) return idiv64(c, d, dHi);
  if (size === 4) return idiv32(c, d);
  const n = size === 1 ? sx16(readGpr(c, 0, 2)) : ((readGpr(c, 2, 2) << 16) | readGpr(c, 0, 2));
  const dv = size === 1 ? sx8(d) : sx16(d);
  const q = Math.trunc(n / dv);
  const limit = size === 1 ? 0x80 : 0x8000;
  if (q >= limit || q < -limit) throw new DivideError(`IDIV quotient does not fit in ${size * 8} bits`);
  storeQuotient(c, size, q, n - q * dv);
}

function idiv32(c: Cpu, d: number): void {
  let lo = c.lo[0] as number, hi = c.lo[2] as number;
  const negN = hi >= 0x80000000;
  if (negN) {
    hi = (~hi + (lo === 0 ? 1 : 0)) >>> 0;
    lo = (-lo) >>> 0;
  }
  const negD = (d | 0) < 0;
  const dm = negD ? -(d | 0) : d;
  if (hi >= dm) throw new DivideError('IDIV quotient does not fit in 32 bits');
  divU64by32(c, lo, hi, dm);
  const q = negN !== negD ? -c.resLo : c.resLo;
  if (q > 0x7fffffff || q < -0x80000000) throw new DivideError('IDIV quotient does not fit in 32 bits');
  storeQuotient(c, 4, q, negN ? -c.resHi : c.resHi);
}

function idiv64(c: Cpu, d: number, dHi: number): void {
  const n = BigInt.asIntN(128, (toBig(c.lo[2] as number, c.hi[2] as number) << 64n) | toBig(c.lo[0] as number, c.hi[0] as number));
  const dv = BigInt.asIntN(64, toBig(d, dHi));
  const q = n / dv;
  if (q !== BigInt.asIntN(64, q)) throw new DivideError('IDIV quotient does not fit in 64 bits');
  const r = n % dv;
  writeGpr(c, 0, 8, loOf(q), hiOf(q));
  writeGpr(c, 2, 8, loOf(r), hiOf(r));
  divFlags(c);
}
