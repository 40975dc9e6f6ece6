/**
 * Memory operands, labels and immediates. Memory operands are validated when built, so an
 * unencodable address (rsp as index, scale 3, disp beyond int32) fails where it is written.
 */

import { JitError, hex } from './errors.js';
import { isReg, type Gpr64, type Reg } from './regs.js';

/** SIB scale factor. */
export type Scale = 1 | 2 | 4 | 8;
/** Width of a memory operand, in bits (128 for XMMWORD). */
export type MemSize = 8 | 16 | 32 | 64 | 128;
/** Displacement width to force, in bits (default: the shortest, SDM 2.1.5 table 2-2). */
export type DispSize = 8 | 32;

/** A position in the code of one Assembler; bound once with `Assembler.bind`. */
export class Label {
  readonly kind = 'label' as const;
  /** The assembler that created the label; labels never cross assemblers. */
  readonly owner: object;
  /** Creation index within the owner, for messages. */
  readonly id: number;
  constructor(owner: object, id: number) {
    this.owner = owner;
    this.id = id;
  }
  toString(): string {
    return `L${this.id}`;
  }
}

/**
 * An absolute address in the address space (another allocation, a runtime stub): a call, jump
 * or [rip+...] operand that the assembler encodes as rel32 / disp32 relative to where the code
 * will be, so finish({ origin }) must say where that is.
 */
export class Absolute {
  readonly kind = 'absolute' as const;
  readonly address: number;
  constructor(address: number) {
    if (!Number.isSafeInteger(address) || address < 0) {
      throw new JitError('X64_BAD_OPERAND', `absolute address ${String(address)} must be a non-negative safe integer`, { address: String(address) });
    }
    this.address = address;
  }
  toString(): string {
    return `abs ${hex(this.address)}`;
  }
}

/** An absolute target: `call(absolute(stub))`, `qword(rip(absolute(slot)))`; needs finish({ origin }). */
export function absolute(address: number): Absolute {
  return new Absolute(address);
}

/** A label or an absolute address: what rel32 branches and [rip+...] operands may refer to. */
export type RefTarget = Label | Absolute;

/** [base + index*scale + disp]; base and index optional (neither: absolute [disp32]). */
export interface SibMem {
  readonly kind: 'mem';
  readonly mode: 'sib';
  readonly base: Gpr64 | undefined;
  readonly index: Gpr64 | undefined;
  readonly scale: Scale;
  /** Displacement in bytes, a signed 32-bit value. */
  readonly disp: number;
  /** Forced displacement width in bits; undefined picks the shortest. */
  readonly dispSize: DispSize | undefined;
  /** Width in bits; undefined lets the instruction decide (an error where ambiguous). */
  readonly size: MemSize | undefined;
}

/** [rip + disp32]: relative to the end of the instruction, or to a label (or absolute address) plus `disp`. */
export interface RipMem {
  readonly kind: 'mem';
  readonly mode: 'rip';
  /** Signed 32-bit displacement in bytes (added to the label's address when `label` is set). */
  readonly disp: number;
  readonly label: RefTarget | undefined;
  readonly size: MemSize | undefined;
}

/** Any memory operand. */
export type Mem = SibMem | RipMem;

/** A resolved branch target: a byte offset from the start of the code (printer input). */
export interface Target {
  readonly kind: 'target';
  readonly offset: number;
}

/** An immediate: a safe-integer number or a bigint (needed beyond 2^53). */
export type Imm = number | bigint;

/** Anything an instruction can take as an operand. */
export type Operand = Reg | Mem | Label | Absolute | Target | Imm;

/** The fields of an address; omitted ones are absent (no base, no index, scale 1, disp 0). */
export interface Address {
  readonly base?: Gpr64;
  readonly index?: Gpr64;
  readonly scale?: Scale;
  /** Signed displacement in bytes. */
  readonly disp?: number;
  readonly dispSize?: DispSize;
}

const INT32_MIN = -0x8000_0000;
const INT32_MAX = 0x7fff_ffff;

function badMem(message: string, fields: Record<string, unknown>): JitError {
  return new JitError('X64_BAD_OPERAND', message, fields);
}

function checkAddressReg(r: unknown, role: 'base' | 'index'): Gpr64 | undefined {
  if (r === undefined) return undefined;
  if (!isReg(r) || r.kind !== 'gpr' || r.size !== 64) {
    const name = isReg(r) ? r.name : String(r);
    throw badMem(`memory ${role} ${name}: only 64-bit GPRs can address memory`, { role, reg: name });
  }
  return r as Gpr64;
}

function checkDisp(disp: number, dispSize: DispSize | undefined): void {
  if (!Number.isSafeInteger(disp) || disp < INT32_MIN || disp > INT32_MAX) {
    throw badMem(`displacement ${hex(disp)} does not fit a signed 32-bit field`, { disp });
  }
  if (dispSize === 8 && (disp < -128 || disp > 127)) {
    throw badMem(`displacement ${hex(disp)} does not fit the forced disp8`, { disp });
  }
}

function sibMem(a: Address, size: MemSize | undefined): SibMem {
  const base = checkAddressReg(a.base, 'base');
  const index = checkAddressReg(a.index, 'index');
  // SIB.index = 100 means "no index", so rsp can never be an index (SDM 2.1.5 table 2-3).
  if (index?.num === 4) throw badMem('rsp cannot be an index register (SIB index 100 means none)', { index: 'rsp' });
  const scale = a.scale ?? 1;
  if (![1, 2, 4, 8].includes(scale)) throw badMem(`scale ${String(scale)} is not 1, 2, 4 or 8`, { scale });
  if (scale !== 1 && index === undefined) throw badMem(`scale ${scale} without an index register`, { scale });
  const disp = a.disp ?? 0;
  checkDisp(disp, a.dispSize);
  if (a.dispSize !== undefined && base === undefined) {
    throw badMem('a forced displacement size needs a base register (no base always takes disp32)', {});
  }
  return Object.freeze({ kind: 'mem', mode: 'sib', base, index, scale, disp, dispSize: a.dispSize, size });
}

/** True for a memory operand. */
export function isMem(v: unknown): v is Mem {
  return typeof v === 'object' && v !== null && (v as { kind?: unknown }).kind === 'mem';
}

/** A memory operand of `size` bits (undefined: decided by the instruction) at `addr`. */
export function mem(addr: Gpr64 | Address | Mem, size?: MemSize): Mem {
  if (isMem(addr)) return Object.freeze({ ...addr, size });
  if (isReg(addr)) return sibMem({ base: addr as Gpr64 }, size);
  return sibMem(addr, size);
}

/** BYTE PTR memory operand (8 bits). */
export const byte = (addr: Gpr64 | Address | Mem): Mem => mem(addr, 8);
/** WORD PTR memory operand (16 bits). */
export const word = (addr: Gpr64 | Address | Mem): Mem => mem(addr, 16);
/** DWORD PTR memory operand (32 bits). */
export const dword = (addr: Gpr64 | Address | Mem): Mem => mem(addr, 32);
/** QWORD PTR memory operand (64 bits). */
export const qword = (addr: Gpr64 | Address | Mem): Mem => mem(addr, 64);
/** XMMWORD PTR memory operand (128 bits). */
export const xmmword = (addr: Gpr64 | Address | Mem): Mem => mem(addr, 128);

/** [rip+disp32] (a number: bytes from the end of the instruction), [label+disp] (a Label) or [address+disp] (an Absolute). */
export function rip(target: RefTarget | number, disp = 0): RipMem {
  const label = typeof target === 'number' ? undefined : target;
  const d = typeof target === 'number' ? target + disp : disp;
  checkDisp(d, undefined);
  return Object.freeze({ kind: 'mem', mode: 'rip', disp: d, label, size: undefined });
}

/** The immediate as a bigint; throws for a non-integer or unsafe number. */
export function immValue(v: Imm): bigint {
  if (typeof v === 'bigint') return v;
  if (!Number.isSafeInteger(v)) {
    throw new JitError('X64_IMM_RANGE', `immediate ${String(v)} is not a safe integer (use a bigint)`, { imm: v });
  }
  return BigInt(v);
}

/** True for a number or bigint immediate. */
export function isImm(v: unknown): v is Imm {
  return typeof v === 'number' || typeof v === 'bigint';
}
