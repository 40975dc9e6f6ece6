/**
 * The decoded-instruction record: what the pure decoder (decode.ts) produces and the only thing
 * the interpreter and the disassembler read.  Every record has every field (one hidden class
 * for V8) and is frozen.  Register numbers follow the SDM encoding (SDM Vol.2 2.1.5, 2.2.1).
 *
 *   record      meaning
 *   ---------   ---------------------------------------------------------------------------
 *   length      bytes, 1..15 (for an invalid record: bytes examined)
 *   op          operation (Op), one per mnemonic family
 *   form        row of OPCODE_TABLE that matched (-1 for invalid records)
 *   enc         operand encoding in the SDM's "Op/En" terms (Enc)
 *   size        operand size in bytes of the ModRM.reg / destination operand (1, 2, 4, 8, 16)
 *   rmSize      size in bytes of the r/m operand (register or memory); = size unless widening
 *   reg         ModRM.reg operand: GPR 0-15, AH/CH/DH/BH as 16-19, or XMM 0-15; -1 if none
 *   rm          r/m register operand (also opcode+r and accumulator forms); -1 if memory/none
 *   mem         the r/m operand is memory: base, index, scale, disp describe it
 *   base        GPR number, RIP_BASE for RIP-relative, -1 for none
 *   index       GPR number or -1;  scale 1, 2, 4 or 8
 *   disp        signed 32-bit displacement;  dispSize 0, 1 or 4 bytes encoded
 *   segment     segment-override prefix (SEG_ES..SEG_GS) or -1
 *   addr32      67 prefix: 32-bit effective addresses
 *   cc          condition code 0..15 of Jcc/SETcc/CMOVcc, else -1
 *   imm, immHi  immediate as two uint32 halves (sign- or zero-extended per the row); for a
 *               relative branch imm is the signed displacement
 *   prefixes    PFX_* bits;  rex  the REX byte in effect, or 0
 *   fault       for op INVALID: the vector to raise (6 #UD or 13 #GP) and `reason`
 */

/** Operation identifiers (one handler each in dispatch.ts). */
export enum Op {
  INVALID, ADD, OR, ADC, SBB, AND, SUB, XOR, CMP, TEST, INC, DEC, NEG, NOT,
  MUL, IMUL1, IMUL, DIV, IDIV, CBW, CWD, ROL, ROR, SHL, SHR, SAR,
  MOV, MOVZX, MOVSX, MOVSXD, LEA, SETCC, CMOVCC,
  JCC, JMP, JMP_RM, CALL, CALL_RM, RET, PUSH, POP,
  NOP, INT3, UD2, SYSCALL, WRPKRU, RDPKRU, XSAVE, XRSTOR,
  MOVSD, MOVD_TO_XMM, MOVD_FROM_XMM, MOVQ_LOAD, MOVQ_STORE, MOVAPD,
  ADDSD, SUBSD, MULSD, DIVSD, SQRTSD, MINSD, MAXSD, UCOMISD, COMISD, CVTSI2SD, CVTTSD2SI,
  ANDPD, ANDNPD, ORPD, XORPD, ROUNDSD,
}

/** Number of Op values (size of the dispatch table). */
export const OP_COUNT = Op.ROUNDSD + 1;

/** Operand encodings, named as in the SDM's "Instruction Operand Encoding" tables. */
export enum Enc {
  /** No operands. */
  ZO,
  /** r/m (destination), reg. */
  MR,
  /** reg (destination), r/m. */
  RM,
  /** r/m, immediate (also the accumulator and opcode+r immediate forms). */
  MI,
  /** r/m alone (also opcode+r register forms). */
  M,
  /** r/m, 1 (shift/rotate by one). */
  M1,
  /** r/m, CL. */
  MC,
  /** reg, r/m, immediate. */
  RMI,
  /** immediate alone (PUSH imm, RET imm16). */
  I,
  /** relative branch displacement. */
  D,
}

/** Prefix bits of `Insn.prefixes`. */
export const PFX_LOCK = 1;
/** F3 (REP/REPE) seen. */
export const PFX_REP = 2;
/** F2 (REPNE) seen. */
export const PFX_REPNE = 4;
/** 66 operand-size override seen. */
export const PFX_OPSIZE = 8;
/** 67 address-size override seen. */
export const PFX_ADSIZE = 16;

/** Segment registers in encoding order (segment-override prefixes). */
export const SEG_ES = 0;
export const SEG_CS = 1;
export const SEG_SS = 2;
export const SEG_DS = 3;
export const SEG_FS = 4;
export const SEG_GS = 5;

/** `base` value of a RIP-relative memory operand. */
export const RIP_BASE = 16;
/** Byte-register numbers 16..19 are AH, CH, DH, BH (legacy encodings 4..7 without REX). */
export const HIGH_BYTE_BASE = 16;

/** A decoded instruction (see the table at the top of this file). */
export interface Insn {
  readonly length: number;
  readonly op: Op;
  readonly form: number;
  readonly enc: Enc;
  readonly size: number;
  readonly rmSize: number;
  readonly reg: number;
  readonly rm: number;
  readonly mem: boolean;
  readonly base: number;
  readonly index: number;
  readonly scale: number;
  readonly disp: number;
  readonly dispSize: number;
  readonly segment: number;
  readonly addr32: boolean;
  readonly cc: number;
  readonly imm: number;
  readonly immHi: number;
  readonly prefixes: number;
  readonly rex: number;
  readonly fault: number;
  readonly reason: string;
}

/** Field values of a record under construction. */
export type InsnFields = { -readonly [K in keyof Insn]: Insn[K] };

/** A blank record (every field present, so all records share one shape). */
export function blankInsn(): InsnFields {
  return {
    length: 0, op: Op.INVALID, form: -1, enc: Enc.ZO, size: 0, rmSize: 0, reg: -1, rm: -1,
    mem: false, base: -1, index: -1, scale: 1, disp: 0, dispSize: 0, segment: -1, addr32: false,
    cc: -1, imm: 0, immHi: 0, prefixes: 0, rex: 0, fault: 0, reason: '',
  };
}

/** Freezes a finished record (copying into the canonical field order). */
export function freezeInsn(f: InsnFields): Insn {
  return Object.freeze({
    length: f.length, op: f.op, form: f.form, enc: f.enc, size: f.size, rmSize: f.rmSize, reg: f.reg,
    rm: f.rm, mem: f.mem, base: f.base, index: f.index, scale: f.scale, disp: f.disp,
    dispSize: f.dispSize, segment: f.segment, addr32: f.addr32, cc: f.cc, imm: f.imm, immHi: f.immHi,
    prefixes: f.prefixes, rex: f.rex, fault: f.fault, reason: f.reason,
  });
}

/** An invalid-instruction record: executing it raises #UD (vector 6) or #GP (vector 13). */
export function invalidInsn(length: number, vector: 6 | 13, reason: string, prefixes = 0, rex = 0): Insn {
  const f = blankInsn();
  f.length = length;
  f.fault = vector;
  f.reason = reason;
  f.prefixes = prefixes;
  f.rex = rex;
  return freezeInsn(f);
}

/** Condition-code suffixes in encoding order, as objdump prints them (SDM Vol.1 B.1). */
export const CC_NAMES = ['o', 'no', 'b', 'ae', 'e', 'ne', 'be', 'a', 's', 'ns', 'p', 'np', 'l', 'ge', 'le', 'g'] as const;
