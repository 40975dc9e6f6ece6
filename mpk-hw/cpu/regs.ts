/**
 * The architectural register file of one thread: 16 general-purpose registers held as 32-bit
 * halves in typed arrays (no BigInt on the hot path), RIP, RFLAGS and 16 XMM registers.
 * Register numbers are the SDM's encoding order.  SDM Vol.1 3.4.1.
 */

/** General-purpose register numbers (ModRM/REX encoding order). */
export enum Gpr {
  RAX = 0, RCX = 1, RDX = 2, RBX = 3, RSP = 4, RBP = 5, RSI = 6, RDI = 7,
  R8 = 8, R9 = 9, R10 = 10, R11 = 11, R12 = 12, R13 = 13, R14 = 14, R15 = 15,
}

/** Names of the 64-bit registers in encoding order. */
export const GPR_NAMES = ['rax', 'rcx', 'rdx', 'rbx', 'rsp', 'rbp', 'rsi', 'rdi',
  'r8', 'r9', 'r10', 'r11', 'r12', 'r13', 'r14', 'r15'] as const;

const TWO_32 = 0x1_0000_0000;

/** One thread's registers. */
export class RegisterFile {
  /** Bits 31:0 of each GPR. */
  readonly lo = new Uint32Array(16);
  /** Bits 63:32 of each GPR. */
  readonly hi = new Uint32Array(16);
  /** Instruction pointer (a user address, below 2^47). */
  rip = 0;
  /** RFLAGS; bit 1 is always set. */
  rflags = 0x202;
  /** XMM0..15 as raw bits, four 32-bit words each (word 0 = bits 31:0).  Raw so NaN payloads survive. */
  readonly xmm = new Uint32Array(64);
  /** The same bytes as doubles: element 2n is the low 64 bits of XMMn, 2n+1 the high. */
  readonly xmmF64 = new Float64Array(this.xmm.buffer);
  /** MXCSR (SDM Vol.1 10.2.3): default 0x1F80 = all SIMD exceptions masked, round to nearest. */
  mxcsr = 0x1f80;
  /** FS segment base (a linear address; used by FS-prefixed memory operands). */
  fsBase = 0;
  /** GS segment base. */
  gsBase = 0;

  /** A register as an unsigned 64-bit BigInt (slow path: frames, dumps, tests). */
  get64(r: number): bigint {
    return (BigInt(this.hi[r] ?? 0) << 32n) | BigInt(this.lo[r] ?? 0);
  }

  /** Sets a register from a 64-bit value (taken modulo 2^64). */
  set64(r: number, v: bigint): void {
    const u = BigInt.asUintN(64, v);
    this.lo[r] = Number(u & 0xffffffffn);
    this.hi[r] = Number(u >> 32n);
  }

  /** A register as a JS number; exact below 2^53 (addresses). */
  getNum(r: number): number {
    return (this.hi[r] ?? 0) * TWO_32 + (this.lo[r] ?? 0);
  }

  /** Sets a register from a non-negative integer below 2^53. */
  setNum(r: number, v: number): void {
    this.lo[r] = v % TWO_32;
    this.hi[r] = Math.floor(v / TWO_32);
  }

  /** Copies every register from another file. */
  copyFrom(o: RegisterFile): void {
    this.lo.set(o.lo);
    this.hi.set(o.hi);
    this.xmm.set(o.xmm);
    this.rip = o.rip;
    this.rflags = o.rflags;
    this.mxcsr = o.mxcsr;
    this.fsBase = o.fsBase;
    this.gsBase = o.gsBase;
  }
}
