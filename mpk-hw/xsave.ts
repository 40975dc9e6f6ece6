/**
 * XSAVE state component 9 (PKRU).  SDM Vol.1 13.1, 13.6, 13.7, 13.8.
 *
 * Standard (non-compacted) XSAVE area, as this model lays it out:
 *   0    legacy region (FXSAVE image, 512 bytes; bytes 464..511 are the software-reserved
 *        bytes Linux uses for its fpx_sw_bytes in signal frames)
 *   512  XSAVE header: XSTATE_BV (8 bytes), XCOMP_BV (8 bytes), reserved (48 bytes)
 *   ...  extended components; PKRU at CPUID.(EAX=0DH,ECX=9).EBX, 8 bytes: bytes 3:0 are PKRU,
 *        bytes 7:4 padding (struct pkru_state)
 *
 * Init configuration of PKRU is 0 (SDM Vol.1 13.6).  XSAVE writes XSTATE_BV[9] = XINUSE[9].
 * XRSTOR with RFBM[9] = 1 loads PKRU from the area when XSTATE_BV[9] = 1 and loads the init
 * value 0 when XSTATE_BV[9] = 0 (SDM Vol.1 13.8.1).
 */

/** State-component number of PKRU. */
export const XFEATURE_PKRU = 9;
/** Bit of PKRU in XCR0, XSTATE_BV and RFBM. */
export const XFEATURE_MASK_PKRU = 1 << XFEATURE_PKRU;
/** x87 and SSE components (the legacy region). */
export const XFEATURE_MASK_FPSSE = 0b11;
/** Offset of the XSAVE header (XSTATE_BV is its first 8 bytes).  pkey-x86.h XSTATE_BV_OFFSET. */
export const XSAVE_HEADER_OFFSET = 512;
/** Usual Intel value of CPUID.(EAX=0DH,ECX=9).EBX; CPU-specific, so configurable. */
export const DEFAULT_PKRU_XSTATE_OFFSET = 2688;

/** Byte access to an XSAVE area, relative to its base (guest memory or a kernel buffer). */
export interface XsaveMemory {
  read32(offset: number): number;
  write32(offset: number, value: number): void;
}

/** Where components sit in this machine's XSAVE area. */
export interface XsaveLayout {
  /** CPUID.(EAX=0DH,ECX=9).EBX: offset of the PKRU component. */
  readonly pkruOffset: number;
  /** CPUID.(EAX=0DH,ECX=0).ECX: size of the whole area in bytes (PKRU is the last component). */
  readonly size: number;
}

/** The layout for a given PKRU offset. */
export function xsaveLayout(pkruOffset = DEFAULT_PKRU_XSTATE_OFFSET): XsaveLayout {
  return { pkruOffset, size: pkruOffset + 8 };
}

/** XSAVE of the PKRU component: writes the slot and XSTATE_BV[9] = XINUSE[9] when RFBM[9] = 1. */
export function xsavePkru(mem: XsaveMemory, layout: XsaveLayout, pkru: number, xinuse: boolean, rfbm: number): void {
  if ((rfbm & XFEATURE_MASK_PKRU) === 0) return;
  mem.write32(layout.pkruOffset, pkru >>> 0);
  mem.write32(layout.pkruOffset + 4, 0);
  const bv = mem.read32(XSAVE_HEADER_OFFSET);
  mem.write32(XSAVE_HEADER_OFFSET, xinuse ? (bv | XFEATURE_MASK_PKRU) >>> 0 : (bv & ~XFEATURE_MASK_PKRU) >>> 0);
}

/**
 * XRSTOR of the PKRU component.  Returns the new PKRU and XINUSE[9], or null when RFBM[9] = 0
 * (PKRU is then left unchanged).
 */
export function xrstorPkru(mem: XsaveMemory, layout: XsaveLayout, rfbm: number): { pkru: number; xinuse: boolean } | null {
  if ((rfbm & XFEATURE_MASK_PKRU) === 0) return null;
  const inUse = (mem.read32(XSAVE_HEADER_OFFSET) & XFEATURE_MASK_PKRU) !== 0;
  return inUse ? { pkru: mem.read32(layout.pkruOffset) >>> 0, xinuse: true } : { pkru: 0, xinuse: false };
}

/** An XSAVE area held in host memory (the kernel's per-task buffer, a ptrace regset). */
export class XsaveBuffer implements XsaveMemory {
  /** The area's bytes. */
  readonly bytes: Uint8Array;
  private readonly view: DataView;
  constructor(layout: XsaveLayout) {
    this.bytes = new Uint8Array(layout.size);
    this.view = new DataView(this.bytes.buffer);
  }
  read32(offset: number): number {
    return this.view.getUint32(offset, true);
  }
  write32(offset: number, value: number): void {
    this.view.setUint32(offset, value >>> 0, true);
  }
}
