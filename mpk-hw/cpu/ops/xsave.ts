/**
 * XSAVE / XRSTOR (and the REX.W forms XSAVE64 / XRSTOR64), standard (non-compacted) form,
 * SDM Vol.1 13.4-13.8 and Vol.2 XSAVE/XRSTOR.  XCR0 = x87 | SSE | PKRU (bits 0, 1, 9; PKRU
 * only on a machine with PKU); RFBM = EDX:EAX AND XCR0.  The area must be 64-byte aligned
 * (#GP(0)).
 *
 *   offset  bytes  field                         component
 *   0       2      FCW (init 0x037F)             0 x87: not modelled; XSAVE writes its init
 *   2..23          FSW FTW FOP FIP FDP (init 0)     image, XRSTOR ignores it, XINUSE[0] = 0
 *   24      4      MXCSR                         1 SSE (XINUSE[1] is always 1)
 *   28      4      MXCSR_MASK (0x0000FFFF)       1
 *   32..159        ST0-ST7 (init 0)              0
 *   160     16*16  XMM0-XMM15                    1
 *   512     8      XSTATE_BV                     header
 *   520     16     XCOMP_BV, reserved: must be 0 for the standard form XRSTOR (#GP(0))
 *   pkruOffset 8   PKRU (xsave.ts)               9
 *
 * Every page the instruction will touch is translated before any byte is written or any
 * register loaded, so a fault leaves memory, registers and PKRU as they were.
 */
import { GeneralProtection } from '../../fault.js';
import { hex } from '../../errors.js';
import type { Access } from '../../fault.js';
import { PAGE_SIZE } from '../../phys-mem.js';
import {
  XFEATURE_MASK_FPSSE, XFEATURE_MASK_PKRU, XSAVE_HEADER_OFFSET, xrstorPkru, xsavePkru, type XsaveMemory,
} from '../../xsave.js';
import type { Cpu } from '../cpu.js';
import type { Insn } from '../insn.js';
import { linearAddress } from '../operands.js';

/** XCR0 of the modelled processor: x87, SSE and PKRU (PKRU only when CR4.PKE, as Linux sets it). */
export function xcr0(c: Cpu): number {
  return c.hw.pke ? XFEATURE_MASK_FPSSE | XFEATURE_MASK_PKRU : XFEATURE_MASK_FPSSE;
}
const X87 = 1;
const SSE = 2;
const MXCSR_OFFSET = 24;
const MXCSR_MASK_OFFSET = 28;
const XMM_OFFSET = 160;
/** Bits of MXCSR that may be set (MXCSR_MASK); the rest are reserved (#GP(0) on XRSTOR). */
const MXCSR_MASK = 0x0000ffff;

/** An XSAVE area in guest memory whose pages were translated up front. */
class GuestArea implements XsaveMemory {
  /** Linear page address -> physical page address. */
  private readonly pages = new Map<number, number>();
  constructor(private readonly c: Cpu, private readonly base: number, private readonly access: Access) {}

  /** Translates every page of [off, off + len) (may throw #PF). */
  cover(off: number, len: number): void {
    const first = this.base + off;
    for (let page = first - (first % PAGE_SIZE); page < first + len; page += PAGE_SIZE) {
      if (!this.pages.has(page)) this.pages.set(page, this.c.hw.mmu.translate(page, this.access, this.c.hw.pkru));
    }
  }

  /** Physical address of `off`; fields are 4-byte aligned in a 64-byte aligned area, so never split. */
  private pa(off: number): number {
    const va = this.base + off;
    return (this.pages.get(va - (va % PAGE_SIZE)) as number) + (va % PAGE_SIZE);
  }

  read32(off: number): number {
    const pa = this.pa(off);
    const f = this.c.mem.frame(Math.floor(pa / PAGE_SIZE));
    const o = pa % PAGE_SIZE;
    return ((f[o] as number) | ((f[o + 1] as number) << 8) | ((f[o + 2] as number) << 16) | ((f[o + 3] as number) << 24)) >>> 0;
  }

  write32(off: number, value: number): void {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setUint32(0, value >>> 0, true);
    this.c.mem.writeInFrame(this.pa(off), b);
  }
}

/** The area's base: 64-byte aligned or #GP(0). */
function areaBase(c: Cpu, i: Insn, what: string): number {
  const base = linearAddress(c, i);
  if (base % 64 !== 0) throw new GeneralProtection(`${what} area ${hex(base)} not 64-byte aligned`);
  return base;
}

/** XSAVE: saves the components in RFBM and sets their XSTATE_BV bits to XINUSE. */
export function xsave(c: Cpu, i: Insn): void {
  const rfbm = (c.lo[0] as number) & xcr0(c);
  const area = new GuestArea(c, areaBase(c, i, 'XSAVE'), 'write');
  if ((rfbm & (X87 | SSE)) !== 0) area.cover(0, 512);
  area.cover(XSAVE_HEADER_OFFSET, 8);
  if ((rfbm & XFEATURE_MASK_PKRU) !== 0) area.cover(c.xsaveLayout.pkruOffset, 8);
  if ((rfbm & X87) !== 0) {
    area.write32(0, 0x037f);
    for (let off = 4; off < 24; off += 4) area.write32(off, 0);
    for (let off = 32; off < XMM_OFFSET; off += 4) area.write32(off, 0);
  }
  if ((rfbm & SSE) !== 0) {
    area.write32(MXCSR_OFFSET, c.regs.mxcsr);
    area.write32(MXCSR_MASK_OFFSET, MXCSR_MASK);
    for (let w = 0; w < 64; w++) area.write32(XMM_OFFSET + 4 * w, c.regs.xmm[w] as number);
  }
  const bv = area.read32(XSAVE_HEADER_OFFSET);
  const legacy = rfbm & (X87 | SSE);
  area.write32(XSAVE_HEADER_OFFSET, ((bv & ~legacy) | (rfbm & SSE)) >>> 0);
  xsavePkru(area, c.xsaveLayout, c.hw.pkru, c.hw.xinusePkru, rfbm);
}

/** The standard-form header checks of XRSTOR (SDM Vol.2 XRSTOR "Protected Mode Exceptions"). */
function checkHeader(area: GuestArea, xcr0: number): number {
  const bv = area.read32(XSAVE_HEADER_OFFSET);
  if (area.read32(XSAVE_HEADER_OFFSET + 4) !== 0 || (bv & ~xcr0) !== 0) {
    throw new GeneralProtection('XRSTOR: XSTATE_BV sets a bit not in XCR0');
  }
  for (let off = 8; off < 24; off += 4) {
    if (area.read32(XSAVE_HEADER_OFFSET + off) !== 0) {
      throw new GeneralProtection('XRSTOR: XCOMP_BV / reserved header bytes not zero (compacted form unsupported)');
    }
  }
  return bv;
}

/** XRSTOR: loads the components in RFBM, or their init values where XSTATE_BV is 0. */
export function xrstor(c: Cpu, i: Insn): void {
  const rfbm = (c.lo[0] as number) & xcr0(c);
  const area = new GuestArea(c, areaBase(c, i, 'XRSTOR'), 'read');
  area.cover(XSAVE_HEADER_OFFSET, 64);
  if ((rfbm & (X87 | SSE)) !== 0) area.cover(0, 512);
  if ((rfbm & XFEATURE_MASK_PKRU) !== 0) area.cover(c.xsaveLayout.pkruOffset, 8);
  const bv = checkHeader(area, xcr0(c));
  // Standard form: MXCSR is loaded whenever RFBM[1] = 1, whatever XSTATE_BV[1] (SDM Vol.1 13.8.1).
  const mxcsr = (rfbm & SSE) !== 0 ? area.read32(MXCSR_OFFSET) : c.regs.mxcsr;
  if ((mxcsr & ~MXCSR_MASK) !== 0) throw new GeneralProtection(`XRSTOR: reserved MXCSR bits set in ${hex(mxcsr)}`);
  const pk = xrstorPkru(area, c.xsaveLayout, rfbm);
  if ((rfbm & SSE) !== 0) {
    const x = c.regs.xmm;
    for (let w = 0; w < 64; w++) x[w] = (bv & SSE) !== 0 ? area.read32(XMM_OFFSET + 4 * w) : 0;
    c.regs.mxcsr = mxcsr;
  }
  if (pk !== null) {
    c.hw.pkru = pk.pkru;
    c.hw.xinusePkru = pk.xinuse;
  }
}
