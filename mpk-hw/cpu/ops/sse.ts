/**
 * SSE2 scalar double and 128-bit logic, SSE4.1 ROUNDSD (SDM Vol.2 MOVSD, MOVD/MOVQ, MOVAPD,
 * ADDSD SUBSD MULSD DIVSD SQRTSD MINSD MAXSD, UCOMISD/COMISD, CVTSI2SD, CVTTSD2SI,
 * ANDPD ANDNPD ORPD XORPD, ROUNDSD).
 *
 * Arithmetic is IEEE binary64 with round-to-nearest-even, which is what JS numbers do, so
 * results are bit-exact with MXCSR at its default (0x1F80: all exceptions masked, RN, no FTZ
 * or DAZ).  NaN results follow SDM Vol.1 Table 4-7 on the raw bits: the first source if it is
 * a NaN, else the second, made quiet; an invalid operation gives the default QNaN
 * 0xFFF8000000000000.  MXCSR exception flags are not updated.  Any other MXCSR control setting
 * (only reachable through XRSTOR) raises #UD "not modelled" rather than computing wrong bits.
 * 128-bit memory operands must be 16-byte aligned (#GP(0)).
 */
import { GeneralProtection, InvalidOpcode } from '../../fault.js';
import { hex } from '../../errors.js';
import type { Cpu } from '../cpu.js';
import { CF, PF, STATUS_FLAGS, ZF } from '../flags.js';
import { Enc, Op, type Insn } from '../insn.js';
import { SLOT_RM } from '../memory-port.js';
import { prepareRmWrite, readRm, translateRm, writeGpr, writeRm } from '../operands.js';

const TWO_32 = 0x1_0000_0000;
/** High word of the default QNaN ("real indefinite"). */
const QNAN_INDEFINITE_HI = 0xfff80000;
/** Quiet bit of a double's high word. */
const QUIET = 0x00080000;

function checkMxcsr(c: Cpu): void {
  const m = c.regs.mxcsr;
  if ((m & 0xffc0) !== 0x1f80) throw new InvalidOpcode(`SSE arithmetic with MXCSR=${hex(m)} (unmasked exceptions, RC, FTZ or DAZ) is not modelled`);
}

/** The low 64 bits of the r/m source (XMM register or m64) into port.buf. */
function loadSrc64(c: Cpu, i: Insn): void {
  const p = c.port;
  if (i.mem) {
    translateRm(c, i, 8, 'read');
    p.fill(SLOT_RM, 8);
    return;
  }
  const x = c.regs.xmm;
  p.buf32[0] = x[4 * i.rm] as number;
  p.buf32[1] = x[4 * i.rm + 1] as number;
}

/** The 128-bit r/m source into port.buf (memory must be 16-byte aligned). */
function loadSrc128(c: Cpu, i: Insn): void {
  const p = c.port;
  if (i.mem) {
    if (translateRm(c, i, 16, 'read') % 16 !== 0) throw new GeneralProtection('unaligned 128-bit SSE operand');
    p.fill(SLOT_RM, 16);
    return;
  }
  p.buf32.set(c.regs.xmm.subarray(4 * i.rm, 4 * i.rm + 4));
}

/** Writes the low quadword of XMM `d` from halves; `zeroHigh` clears bits 127:64. */
function setLow(c: Cpu, d: number, lo: number, hi: number, zeroHigh: boolean): void {
  const x = c.regs.xmm;
  x[4 * d] = lo;
  x[4 * d + 1] = hi;
  if (zeroHigh) {
    x[4 * d + 2] = 0;
    x[4 * d + 3] = 0;
  }
}

/** Scalar arithmetic; `op` is one of ADDSD SUBSD MULSD DIVSD SQRTSD. */
function arith(c: Cpu, i: Insn, op: Op): void {
  checkMxcsr(c);
  loadSrc64(c, i);
  const f = c.regs.xmmF64;
  const x = c.regs.xmm;
  const d = i.reg;
  const a = f[2 * d] as number;
  const b = c.port.buf64[0] as number;
  const r = op === Op.ADDSD ? a + b : op === Op.SUBSD ? a - b : op === Op.MULSD ? a * b : op === Op.DIVSD ? a / b : Math.sqrt(b);
  if (r === r) {
    f[2 * d] = r;
  } else if (op !== Op.SQRTSD && a !== a) {
    x[4 * d + 1] = ((x[4 * d + 1] as number) | QUIET) >>> 0;
  } else if (b !== b) {
    setLow(c, d, c.port.buf32[0] as number, ((c.port.buf32[1] as number) | QUIET) >>> 0, false);
  } else {
    setLow(c, d, 0, QNAN_INDEFINITE_HI, false);
  }
}

export const addsd = (c: Cpu, i: Insn): void => arith(c, i, Op.ADDSD);
export const subsd = (c: Cpu, i: Insn): void => arith(c, i, Op.SUBSD);
export const mulsd = (c: Cpu, i: Insn): void => arith(c, i, Op.MULSD);
export const divsd = (c: Cpu, i: Insn): void => arith(c, i, Op.DIVSD);
export const sqrtsd = (c: Cpu, i: Insn): void => arith(c, i, Op.SQRTSD);

/** MINSD/MAXSD: the second operand unless the first compares strictly less/greater (NaN, ±0 included). */
function minMax(c: Cpu, i: Insn, max: boolean): void {
  checkMxcsr(c);
  loadSrc64(c, i);
  const a = c.regs.xmmF64[2 * i.reg] as number;
  const b = c.port.buf64[0] as number;
  if (max ? a > b : a < b) return;
  setLow(c, i.reg, c.port.buf32[0] as number, c.port.buf32[1] as number, false);
}

export const minsd = (c: Cpu, i: Insn): void => minMax(c, i, false);
export const maxsd = (c: Cpu, i: Insn): void => minMax(c, i, true);

/** UCOMISD/COMISD: ZF,PF,CF = 111 unordered, 000 greater, 001 less, 100 equal; OF, AF, SF cleared. */
export function comisd(c: Cpu, i: Insn): void {
  checkMxcsr(c);
  loadSrc64(c, i);
  const a = c.regs.xmmF64[2 * i.reg] as number;
  const b = c.port.buf64[0] as number;
  const f = a !== a || b !== b ? ZF | PF | CF : a > b ? 0 : a < b ? CF : ZF;
  c.regs.rflags = (c.regs.rflags & ~STATUS_FLAGS) | f;
}

/** CVTSI2SD: a signed 32/64-bit integer to double (one rounding), low quadword only. */
export function cvtsi2sd(c: Cpu, i: Insn): void {
  checkMxcsr(c);
  const lo = readRm(c, i, i.rmSize, 'read');
  const v = i.rmSize === 8 ? (c.vHi | 0) * TWO_32 + lo : lo | 0;
  c.regs.xmmF64[2 * i.reg] = v;
}

/** CVTTSD2SI: truncate to a signed 32/64-bit integer; NaN or out of range gives the integer indefinite. */
export function cvttsd2si(c: Cpu, i: Insn): void {
  checkMxcsr(c);
  loadSrc64(c, i);
  const x = c.port.buf64[0] as number;
  const t = Math.trunc(x);
  if (i.size === 4) {
    const bad = x !== x || t > 0x7fffffff || t < -0x80000000;
    writeGpr(c, i.reg, 4, bad ? 0x80000000 : t >>> 0, 0);
    return;
  }
  if (x !== x || t >= 2 ** 63 || t < -(2 ** 63)) {
    writeGpr(c, i.reg, 8, 0, 0x80000000);
    return;
  }
  const hi = Math.floor(t / TWO_32);
  writeGpr(c, i.reg, 8, t - hi * TWO_32, hi >>> 0);
}

/** ROUNDSD: round to an integral value; imm8[1:0] mode unless imm8[2] selects MXCSR.RC. */
export function roundsd(c: Cpu, i: Insn): void {
  checkMxcsr(c);
  loadSrc64(c, i);
  const x = c.port.buf64[0] as number;
  if (x !== x) {
    setLow(c, i.reg, c.port.buf32[0] as number, ((c.port.buf32[1] as number) | QUIET) >>> 0, false);
    return;
  }
  const mode = (i.imm & 4) !== 0 ? (c.regs.mxcsr >> 13) & 3 : i.imm & 3;
  let r = mode === 1 ? Math.floor(x) : mode === 2 ? Math.ceil(x) : mode === 3 ? Math.trunc(x) : roundEven(x);
  if (r === 0 && (x < 0 || Object.is(x, -0))) r = -0;
  c.regs.xmmF64[2 * i.reg] = r;
}

function roundEven(x: number): number {
  const f = Math.floor(x);
  const d = x - f;
  if (d < 0.5) return f;
  if (d > 0.5) return f + 1;
  return f % 2 === 0 ? f : f + 1;
}

/** MOVSD: register form moves the low quadword; the load zeroes bits 127:64; the store writes 8 bytes. */
export function movsd(c: Cpu, i: Insn): void {
  const x = c.regs.xmm;
  if (i.enc === Enc.MR) {
    const lo = x[4 * i.reg] as number, hi = x[4 * i.reg + 1] as number;
    if (i.mem) {
      translateRm(c, i, 8, 'write');
      c.port.store(SLOT_RM, 8, lo, hi);
    } else {
      setLow(c, i.rm, lo, hi, false);
    }
    return;
  }
  loadSrc64(c, i);
  setLow(c, i.reg, c.port.buf32[0] as number, c.port.buf32[1] as number, i.mem);
}

/** MOVD/MOVQ xmm, r/m32/64: zero-extends into the whole XMM register. */
export function movdToXmm(c: Cpu, i: Insn): void {
  const lo = readRm(c, i, i.rmSize, 'read');
  setLow(c, i.reg, lo, i.rmSize === 8 ? c.vHi : 0, true);
}

/** MOVD/MOVQ r/m32/64, xmm. */
export function movdFromXmm(c: Cpu, i: Insn): void {
  const x = c.regs.xmm;
  prepareRmWrite(c, i, i.rmSize);
  writeRm(c, i, i.rmSize, x[4 * i.reg] as number, i.rmSize === 8 ? (x[4 * i.reg + 1] as number) : 0);
}

/** MOVQ xmm, xmm/m64 (F3 0F 7E): zero-extends. */
export function movqLoad(c: Cpu, i: Insn): void {
  loadSrc64(c, i);
  setLow(c, i.reg, c.port.buf32[0] as number, c.port.buf32[1] as number, true);
}

/** MOVQ xmm/m64, xmm (66 0F D6): a register destination is zero-extended. */
export function movqStore(c: Cpu, i: Insn): void {
  const x = c.regs.xmm;
  const lo = x[4 * i.reg] as number, hi = x[4 * i.reg + 1] as number;
  if (!i.mem) {
    setLow(c, i.rm, lo, hi, true);
    return;
  }
  translateRm(c, i, 8, 'write');
  c.port.store(SLOT_RM, 8, lo, hi);
}

/** MOVAPD: 128-bit aligned move. */
export function movapd(c: Cpu, i: Insn): void {
  const x = c.regs.xmm;
  if (i.enc === Enc.RM) {
    loadSrc128(c, i);
    x.set(c.port.buf32, 4 * i.reg);
    return;
  }
  if (!i.mem) {
    x.copyWithin(4 * i.rm, 4 * i.reg, 4 * i.reg + 4);
    return;
  }
  if (translateRm(c, i, 16, 'write') % 16 !== 0) throw new GeneralProtection('unaligned 128-bit SSE operand');
  c.port.buf32.set(x.subarray(4 * i.reg, 4 * i.reg + 4));
  c.port.flush(SLOT_RM, 16);
}

/** ANDPD / ANDNPD / ORPD / XORPD on all 128 bits. */
function logic(c: Cpu, i: Insn, op: Op): void {
  loadSrc128(c, i);
  const x = c.regs.xmm;
  const s = c.port.buf32;
  for (let k = 0; k < 4; k++) {
    const a = x[4 * i.reg + k] as number, b = s[k] as number;
    x[4 * i.reg + k] = op === Op.ANDPD ? a & b : op === Op.ANDNPD ? ~a & b : op === Op.ORPD ? a | b : a ^ b;
  }
}

export const andpd = (c: Cpu, i: Insn): void => logic(c, i, Op.ANDPD);
export const andnpd = (c: Cpu, i: Insn): void => logic(c, i, Op.ANDNPD);
export const orpd = (c: Cpu, i: Insn): void => logic(c, i, Op.ORPD);
export const xorpd = (c: Cpu, i: Insn): void => logic(c, i, Op.XORPD);
