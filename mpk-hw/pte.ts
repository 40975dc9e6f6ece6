/**
 * x86-64 paging-structure entries (PML4E, PDPTE, PDE, PTE).  SDM Vol.3A 4.5, tables 4-14..4-20.
 *
 *  63  62..59  58..52  51 ........... 12  11..9  8   7    6   5   4    3    2    1    0
 * +---+-------+-------+------------------+------+---+----+---+---+----+----+----+----+---+
 * |XD | PKEY  | (ign) |  frame address   |(ign) | G | PS | D | A |PCD |PWT |U/S |R/W | P |
 * +---+-------+-------+------------------+------+---+----+---+---+----+----+----+----+---+
 *
 * PKEY (bits 62:59) is the protection key of a user page, taken from the leaf entry (PTE, or
 * the PDE with PS=1 for a 2 MiB page).  SDM Vol.3A 4.6.2.  Linux: _PAGE_BIT_PKEY_BIT0..3.
 * XD (bit 63) forbids instruction fetch when EFER.NXE=1 (always, in this model).
 * For a 2 MiB page the frame address is bits 51:21 (bit 12 is PAT).
 *
 * Entries are held as two unsigned 32-bit halves, `lo` (bits 31:0) and `hi` (bits 63:32), so
 * that no BigInt is needed on the hot path.  This file is the only place that shifts PTE bits.
 */

export const PTE_P = 1 << 0;
export const PTE_RW = 1 << 1;
export const PTE_US = 1 << 2;
export const PTE_PWT = 1 << 3;
export const PTE_PCD = 1 << 4;
export const PTE_A = 1 << 5;
export const PTE_D = 1 << 6;
export const PTE_PS = 1 << 7;
export const PTE_G = 1 << 8;
/**
 * Linux's software PROTNONE bit: on a not-present entry (P=0), bit 8 (G) marks a PROT_NONE
 * mapping whose frame is kept (arch/x86/include/asm/pgtable_types.h _PAGE_BIT_PROTNONE).
 * The hardware ignores every other bit of a not-present entry.  SDM Vol.3A 4.5.
 */
export const PTE_PROTNONE = PTE_G;
/** Bits 31:12 of the frame address, in `lo`. */
const LO_FRAME_MASK = 0xfffff000;
/** Bits 31:21 of a 2 MiB frame address, in `lo`. */
const LO_FRAME_MASK_2M = 0xffe00000;
/** Bits 51:32 of the frame address, in `hi` bits 19:0. */
const HI_FRAME_MASK = 0x000fffff;
/** PKEY occupies bits 62:59, i.e. `hi` bits 30:27. */
const HI_PKEY_SHIFT = 27;
const HI_PKEY_MASK = 0xf << HI_PKEY_SHIFT;
/** XD is bit 63, i.e. `hi` bit 31. */
const HI_XD = 0x80000000;
const TWO_32 = 0x1_0000_0000;

/** The fields of an entry, decoded. */
export interface PteFields {
  /** Physical address of the frame (or of the next table), 4 KiB aligned (2 MiB for large leaves). */
  readonly frameAddr: number;
  /** Flag bits of `lo` (P, R/W, U/S, PWT, PCD, A, D, PS, G). */
  readonly flags: number;
  /** Protection key, 0..15 (leaf entries only). */
  readonly pkey: number;
  /** Execute disable. */
  readonly xd: boolean;
}

/** Low half of an entry. */
export function pteLo(frameAddr: number, flags: number, large = false): number {
  const mask = large ? LO_FRAME_MASK_2M : LO_FRAME_MASK;
  return ((frameAddr % TWO_32 & mask) | (flags & 0x1ff)) >>> 0;
}

/** High half of an entry. */
export function pteHi(frameAddr: number, pkey: number, xd: boolean): number {
  const high = Math.floor(frameAddr / TWO_32) & HI_FRAME_MASK;
  return (high | ((pkey & 0xf) << HI_PKEY_SHIFT) | (xd ? HI_XD : 0)) >>> 0;
}

/** Frame address held in an entry. */
export function pteFrameAddr(lo: number, hi: number): number {
  const large = (lo & PTE_PS) !== 0;
  const low = (lo & (large ? LO_FRAME_MASK_2M : LO_FRAME_MASK)) >>> 0;
  return (hi & HI_FRAME_MASK) * TWO_32 + low;
}

/** Frame address of a non-leaf entry or a 4 KiB PTE (bit 7 of a PTE is PAT, not PS). */
export function pteFrameAddr4k(lo: number, hi: number): number {
  return (hi & HI_FRAME_MASK) * TWO_32 + ((lo & LO_FRAME_MASK) >>> 0);
}

/** Protection key of a leaf entry (bits 62:59). */
export function ptePkey(hi: number): number {
  return (hi & HI_PKEY_MASK) >>> HI_PKEY_SHIFT;
}

/** `hi` with the protection key replaced. */
export function pteHiWithPkey(hi: number, pkey: number): number {
  return ((hi & ~HI_PKEY_MASK) | ((pkey & 0xf) << HI_PKEY_SHIFT)) >>> 0;
}

/** Execute-disable bit (63). */
export function pteXd(hi: number): boolean {
  return (hi & HI_XD) !== 0;
}

/** `hi` with the XD bit set or cleared. */
export function pteHiWithXd(hi: number, xd: boolean): number {
  return (xd ? hi | HI_XD : hi & ~HI_XD) >>> 0;
}

/** Decodes a whole entry. */
export function decodePte(lo: number, hi: number): PteFields {
  return { frameAddr: pteFrameAddr(lo, hi), flags: lo & 0x1ff, pkey: ptePkey(hi), xd: pteXd(hi) };
}

/** The entry as one 64-bit value (for tests, dumps and the audit trail; not for the hot path). */
export function pteToBigInt(lo: number, hi: number): bigint {
  return (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);
}

/** Splits a 64-bit entry into its halves. */
export function pteFromBigInt(v: bigint): { lo: number; hi: number } {
  return { lo: Number(v & 0xffffffffn), hi: Number((v >> 32n) & 0xffffffffn) };
}
