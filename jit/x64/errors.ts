/**
 * Errors of the JIT layer. One base class with a literal `code` and structured `fields`, so
 * callers branch on data, never on message text. The x64 assembler is the first user; the
 * rest of jit/ adds its codes here (or moves this file up to jit/errors.ts).
 */

/** Every code a JitError can carry. */
export type JitErrorCode =
  /** A register or memory operand that x86-64 cannot encode (rsp as index, scale 3, ...). */
  | 'X64_BAD_OPERAND'
  /** No encoding form of the mnemonic accepts these operand types. */
  | 'X64_NO_FORM'
  /** An immediate does not fit any form's immediate field. */
  | 'X64_IMM_RANGE'
  /** A memory operand without a size where several sizes would fit. */
  | 'X64_MEM_SIZE'
  /** ah/ch/dh/bh in an instruction that needs a REX prefix. */
  | 'X64_HIGH8_REX'
  /** A label used before creation by this assembler, bound twice, or never bound. */
  | 'X64_LABEL'
  /** An emit after finish(), or a second finish() for another origin. */
  | 'X64_FINISHED'
  /** Code with absolute targets finished without `origin`. */
  | 'X64_ORIGIN'
  /** An absolute target beyond rel32 / disp32 of where the code will be. */
  | 'X64_RANGE'
  /** A malformed row in the encoding table (a bug in pkjit). */
  | 'X64_TABLE'
  /** An internal invariant failed (a bug in pkjit). */
  | 'INVARIANT';

/** Base class of every error the JIT layer throws. */
export class JitError extends Error {
  /** Stable machine-readable code. */
  readonly code: JitErrorCode;
  /** The values the message names, for programs that inspect the error. */
  readonly fields: Readonly<Record<string, unknown>>;
  constructor(code: JitErrorCode, message: string, fields: Readonly<Record<string, unknown>> = {}) {
    super(message);
    this.name = 'JitError';
    this.code = code;
    this.fields = fields;
  }
}

/** Throws an INVARIANT JitError unless `cond` holds. Never caught: it marks a pkjit bug. */
export function assert(cond: unknown, message: string): asserts cond {
  if (!cond) throw new JitError('INVARIANT', message);
}

/** Hex formatting used in every message that names a value. */
export function hex(v: number | bigint): string {
  return v < 0 ? '-0x' + (-v).toString(16) : '0x' + v.toString(16);
}
