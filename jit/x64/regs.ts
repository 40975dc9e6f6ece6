/**
 * x86-64 registers as assembler operands. Each register object is frozen and created only
 * here, so an operand typed `Gpr64` really is one of the sixteen 64-bit GPRs.
 *
 * Encoding numbers follow SDM Vol.2A 2.2.1 table 2-4: 0-7 in ModRM.reg / ModRM.rm / SIB /
 * opcode low bits, 8-15 with the REX.R / REX.X / REX.B extension bit set.
 */

declare const regBrand: unique symbol;

/** Width of a general-purpose register operand, in bits. */
export type GprSize = 8 | 16 | 32 | 64;

/** A general-purpose register used at one width. */
export interface Gpr<S extends GprSize = GprSize> {
  readonly kind: 'gpr';
  /** Operand width in bits. */
  readonly size: S;
  /** Encoding number 0-15; ah/ch/dh/bh are 4-7 with `high8` set. */
  readonly num: number;
  /** Name as objdump prints it. */
  readonly name: string;
  /** ah, ch, dh, bh: encodable only in an instruction without a REX prefix (SDM 2.2.1.2). */
  readonly high8: boolean;
  /** spl, bpl, sil, dil: encodable only with a REX prefix (without one, 4-7 mean ah-bh). */
  readonly needsRex: boolean;
  readonly [regBrand]: true;
}

export type Gpr8 = Gpr<8>;
export type Gpr16 = Gpr<16>;
export type Gpr32 = Gpr<32>;
export type Gpr64 = Gpr<64>;

/** An SSE register xmm0-xmm15. */
export interface Xmm {
  readonly kind: 'xmm';
  /** Encoding number 0-15. */
  readonly num: number;
  /** Name as objdump prints it. */
  readonly name: string;
  readonly [regBrand]: true;
}

/** Any register operand. */
export type Reg = Gpr | Xmm;

const LEGACY = ['ax', 'cx', 'dx', 'bx', 'sp', 'bp', 'si', 'di'] as const;

function gprName(size: GprSize, num: number): string {
  if (num >= 8) return `r${num}` + { 8: 'b', 16: 'w', 32: 'd', 64: '' }[size];
  const base = LEGACY[num] ?? '';
  if (size === 64) return 'r' + base;
  if (size === 32) return 'e' + base;
  if (size === 16) return base;
  return num < 4 ? base[0] + 'l' : base + 'l';
}

function gpr<S extends GprSize>(size: S, num: number): Gpr<S> {
  const needsRex = size === 8 && num >= 4 && num <= 7;
  return Object.freeze({ kind: 'gpr', size, num, name: gprName(size, num), high8: false, needsRex }) as Gpr<S>;
}

function high8(num: number, name: string): Gpr8 {
  return Object.freeze({ kind: 'gpr', size: 8, num, name, high8: true, needsRex: false }) as Gpr8;
}

function nums(): number[] {
  return Array.from({ length: 16 }, (_, i) => i);
}

/** The sixteen 64-bit GPRs in encoding order (rax=0 ... r15=15). */
export const GPR64: readonly Gpr64[] = Object.freeze(nums().map((n) => gpr(64, n)));
/** The sixteen 32-bit GPRs in encoding order. */
export const GPR32: readonly Gpr32[] = Object.freeze(nums().map((n) => gpr(32, n)));
/** The sixteen 16-bit GPRs in encoding order. */
export const GPR16: readonly Gpr16[] = Object.freeze(nums().map((n) => gpr(16, n)));
/** The sixteen REX-era 8-bit GPRs in encoding order (al, cl, dl, bl, spl, bpl, sil, dil, r8b...). */
export const GPR8: readonly Gpr8[] = Object.freeze(nums().map((n) => gpr(8, n)));
/** The legacy high-byte registers ah, ch, dh, bh (encodings 4-7 without REX). */
export const HIGH8: readonly Gpr8[] = Object.freeze([high8(4, 'ah'), high8(5, 'ch'), high8(6, 'dh'), high8(7, 'bh')]);
/** xmm0-xmm15 in encoding order. */
export const XMM: readonly Xmm[] = Object.freeze(nums().map((n) => Object.freeze({ kind: 'xmm', num: n, name: `xmm${n}` }) as Xmm));

function at<T>(table: readonly T[], i: number): T {
  const r = table[i];
  if (r === undefined) throw new RangeError(`register table index ${i}`);
  return r;
}

export const rax = at(GPR64, 0), rcx = at(GPR64, 1), rdx = at(GPR64, 2), rbx = at(GPR64, 3);
export const rsp = at(GPR64, 4), rbp = at(GPR64, 5), rsi = at(GPR64, 6), rdi = at(GPR64, 7);
export const r8 = at(GPR64, 8), r9 = at(GPR64, 9), r10 = at(GPR64, 10), r11 = at(GPR64, 11);
export const r12 = at(GPR64, 12), r13 = at(GPR64, 13), r14 = at(GPR64, 14), r15 = at(GPR64, 15);

export const eax = at(GPR32, 0), ecx = at(GPR32, 1), edx = at(GPR32, 2), ebx = at(GPR32, 3);
export const esp = at(GPR32, 4), ebp = at(GPR32, 5), esi = at(GPR32, 6), edi = at(GPR32, 7);
export const r8d = at(GPR32, 8), r9d = at(GPR32, 9), r10d = at(GPR32, 10), r11d = at(GPR32, 11);
export const r12d = at(GPR32, 12), r13d = at(GPR32, 13), r14d = at(GPR32, 14), r15d = at(GPR32, 15);

export const ax = at(GPR16, 0), cx = at(GPR16, 1), dx = at(GPR16, 2), bx = at(GPR16, 3);
export const sp = at(GPR16, 4), bp = at(GPR16, 5), si = at(GPR16, 6), di = at(GPR16, 7);
export const r8w = at(GPR16, 8), r9w = at(GPR16, 9), r10w = at(GPR16, 10), r11w = at(GPR16, 11);
export const r12w = at(GPR16, 12), r13w = at(GPR16, 13), r14w = at(GPR16, 14), r15w = at(GPR16, 15);

export const al = at(GPR8, 0), cl = at(GPR8, 1), dl = at(GPR8, 2), bl = at(GPR8, 3);
export const spl = at(GPR8, 4), bpl = at(GPR8, 5), sil = at(GPR8, 6), dil = at(GPR8, 7);
export const r8b = at(GPR8, 8), r9b = at(GPR8, 9), r10b = at(GPR8, 10), r11b = at(GPR8, 11);
export const r12b = at(GPR8, 12), r13b = at(GPR8, 13), r14b = at(GPR8, 14), r15b = at(GPR8, 15);
export const ah = at(HIGH8, 0), ch = at(HIGH8, 1), dh = at(HIGH8, 2), bh = at(HIGH8, 3);

export const xmm0 = at(XMM, 0), xmm1 = at(XMM, 1), xmm2 = at(XMM, 2), xmm3 = at(XMM, 3);
export const xmm4 = at(XMM, 4), xmm5 = at(XMM, 5), xmm6 = at(XMM, 6), xmm7 = at(XMM, 7);
export const xmm8 = at(XMM, 8), xmm9 = at(XMM, 9), xmm10 = at(XMM, 10), xmm11 = at(XMM, 11);
export const xmm12 = at(XMM, 12), xmm13 = at(XMM, 13), xmm14 = at(XMM, 14), xmm15 = at(XMM, 15);

/** Every register object, keyed by its objdump name (used to parse fixed operands in the table). */
export const REG_BY_NAME: ReadonlyMap<string, Reg> = new Map(
  [...GPR64, ...GPR32, ...GPR16, ...GPR8, ...HIGH8, ...XMM].map((r) => [r.name, r] as const),
);

/** True for a register object created by this module. */
export function isReg(v: unknown): v is Reg {
  return typeof v === 'object' && v !== null && REG_BY_NAME.get((v as { name?: string }).name ?? '') === v;
}
