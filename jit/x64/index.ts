/**
 * The x86-64 assembler: table-driven encodings in SDM terms, labels with automatic short/near
 * branches, and an objdump-compatible Intel-syntax printer.
 */

export { Assembler } from './assembler.js';
export { CONDITION_CODES, ROWS, ROWS_BY_API, ROW_BY_ID, type Cond } from './encodings.js';
export { encode, type Encoded, type Fixup } from './encode.js';
export { JitError, type JitErrorCode } from './errors.js';
export type { EmittedInsn } from './link.js';
export { selectRow } from './match.js';
export { dispWidth, encodeRm, modrmByte, rexByte, sibByte } from './modrm.js';
export {
  Absolute, Label, absolute, byte, dword, mem, qword, rip, word, xmmword,
  type Address, type DispSize, type Imm, type Mem, type MemSize, type Operand, type RefTarget, type RipMem, type Scale, type SibMem, type Target,
} from './operands.js';
export { printInsn, printListing } from './print.js';
export * from './regs.js';
export type { EncodingRow, ImmSpec, OpEn, OperandSpec, Role } from './sdm-row.js';
export type { RmBytes } from './modrm.js';
